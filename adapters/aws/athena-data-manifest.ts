/**
 * Athena's data manifest of an UNLOAD (`<QueryExecutionId>-manifest.csv` in the workgroup's result location,
 * named by `QueryExecution.Statistics.DataManifestLocation`): one `s3://` URI per line, every data file the
 * statement wrote. The batch loads exactly these files, never a listing of the prefix.
 */
import { DomainError, ErrorCode } from "../../domain/errors";
import { shardOfLocation } from "../../domain/runs/layout";
import type { RunFile } from "../../domain/runs/manifest";
import type { S3RunFiles } from "./s3-run-files";

export type DataManifestReader = Pick<S3RunFiles, "locationOf" | "readUri">;

/** The files a data manifest names, as run-file locations with their shard; all must lie under `prefix`. */
export async function filesOfDataManifest(
  files: DataManifestReader,
  manifestUri: string | undefined,
  prefix: string,
  computation: string,
): Promise<RunFile[]> {
  if (!manifestUri) {
    throw new DomainError(ErrorCode.QUERY_FAILED, `${computation} export: Athena named no data manifest`, {
      query: computation,
    });
  }
  const uris = (await files.readUri(manifestUri))
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
  return uris.map((uri) => {
    const location = files.locationOf(uri);
    const shard = location === undefined ? undefined : shardOfLocation(location);
    if (location === undefined || shard === undefined || !location.startsWith(prefix)) {
      throw new DomainError(ErrorCode.QUERY_FAILED, `${computation} export: unexpected file ${uri} in ${manifestUri}`);
    }
    return { location, shard };
  });
}
