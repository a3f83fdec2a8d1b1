/**
 * The S3 objects one shard's LOAD DATA FROM S3 statements read on Aurora, each of at most `rows` rows so that no
 * statement outlasts the Data API's 45 s (bulk-load.ts). Athena's UNLOAD writes a partition's rows into files of
 * whatever size its workers chose: a file within the bound is loaded as it is, a larger one is copied here into
 * consecutive pieces of `rows` lines (streamed: one piece in memory), written under the export's attempt folder,
 * so they go with the run's files. Names are fixed by the file's place in the shard and the piece size, so a
 * retried shard rewrites the same pieces.
 */
import type { RunFiles } from "../../domain/ports";

/**
 * Where the pieces of a shard's `index`-th file go: beside the export's manifest, under the same attempt, in a
 * folder per piece size (a load retried with smaller statements writes pieces of its own).
 */
export function pieceLocation(
  exportManifestLocation: string,
  shard: number,
  rows: number,
  index: number,
  piece: number,
): string {
  if (!exportManifestLocation.endsWith("/manifest.json")) {
    throw new TypeError(`not an export manifest location: ${exportManifestLocation}`);
  }
  return exportManifestLocation.replace(/manifest\.json$/, `aurora/shard=${shard}/rows=${rows}/${index}-${piece}.tsv`);
}

/** `location` itself when it holds at most `rows` lines, else the locations of its pieces, in order. */
export async function boundedObjects(
  files: RunFiles,
  location: string,
  rows: number,
  pieceAt: (piece: number) => string,
): Promise<string[]> {
  const pieces: string[] = [];
  let pending: string[] = [];
  const flush = async (lines: readonly string[]) => {
    const at = pieceAt(pieces.length);
    await files.write(at, `${lines.join("\n")}\n`);
    pieces.push(at);
  };
  for await (const batch of files.lines(location)) {
    for (const line of batch) {
      pending.push(line);
      // One line past the bound shows the file is larger: write a full piece, keep the line.
      if (pending.length > rows) {
        const next = pending.pop() as string;
        await flush(pending);
        pending = [next];
      }
    }
  }
  if (pieces.length === 0) return [location];
  if (pending.length > 0) await flush(pending);
  return pieces;
}

/** The `s3://` URL LOAD DATA FROM S3 names. */
export function s3Url(bucket: string, location: string, root = ""): string {
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) throw new TypeError(`not a bucket name: ${bucket}`);
  const prefix = root === "" ? "" : `${root.replace(/\/+$/, "")}/`;
  return `s3://${bucket}/${prefix}${location}`;
}
