/**
 * The MySQL store's BulkShardLoader: a shard of a ranked computation goes straight from its result files into
 * the version with LOAD DATA (bulk-load.ts), instead of being parsed and grouped in this process. Locally the
 * client streams the very files the batch wrote (LOAD DATA LOCAL INFILE); on Aurora the cluster reads them from
 * S3 itself (LOAD DATA FROM S3 FILE), one object per statement, each of at most the store's rows per statement
 * (aurora-objects.ts splits larger export files first), so no statement outlasts the Data API's 45 s.
 * Catalog metadata and EASE's lists are not ranked rows: the chunk loader loads those.
 *
 * A statement cancelled all the same (a cluster slower than planned) is not repeated as it was: the shard's
 * transaction is rolled back and the shard is loaded again at once with a quarter of the rows per statement, twice
 * at most; if even those are cancelled, the shard fails with a MySqlStoreError, which the state machine does not
 * retry (retrying would start over at the full size).
 */
import { join } from "node:path";
import type { BulkShardLoader, RunFiles, ShardToLoad, VersionWrite } from "../../domain/ports";
import { boundedObjects, pieceLocation, s3Url } from "./aurora-objects";
import { isRanked, type RankedComputation } from "./bulk-columns";
import { type BulkLoadResult, canName, type ShardFiles } from "./bulk-load";
import { type MySqlScoreStore, MySqlStoreError } from "./mysql-score-store";
import { isStatementTimeout } from "./sql-errors";

/** Where the run files are, as the database sees them. */
export type RunFilesRoot =
  | { readonly kind: "local"; readonly directory: string }
  | { readonly kind: "s3"; readonly bucket: string; readonly prefix: string; readonly files: RunFiles };

/** Loads of one shard, each with a quarter of the previous one's rows per statement. */
export const LOAD_TRIES = 3;
const SHRINK = 4;

export class MySqlBulkShardLoader implements BulkShardLoader {
  /** Two shards at once: 4.98M rows in 11.1 s instead of 20.5 s one by one (npm run bench -- store-load). */
  readonly parallelShards = 2;

  constructor(
    private readonly store: MySqlScoreStore,
    private readonly root: RunFilesRoot,
  ) {}

  async loadShard(write: VersionWrite, { manifest, location, shard }: ShardToLoad) {
    const computation = manifest.computation;
    if (!isRanked(computation)) return undefined;
    const locations = manifest.files.filter((file) => file.shard === shard).map((file) => file.location);
    if (locations.length === 0) return { rows: 0, lists: 0 };
    const root = this.root;
    if (root.kind === "local") {
      const paths = locations.map((file) => join(root.directory, file));
      // A data directory whose path would need quoting in LOAD DATA (a space, a quote): parse it here instead.
      if (!paths.every(canName)) return undefined;
      return this.shrinkingOnTimeout(write, computation, async () => ({ kind: "local", paths }));
    }
    // LOAD DATA FROM S3 reads text files; Aurora's guide describes no compressed input.
    if (manifest.compression !== "none") return undefined;
    return this.shrinkingOnTimeout(write, computation, async (rows) => {
      const objects: string[] = [];
      for (const [index, file] of locations.entries()) {
        const pieceAt = (piece: number) => pieceLocation(location, shard, rows, index, piece);
        objects.push(...(await boundedObjects(root.files, file, rows, pieceAt)));
      }
      return { kind: "s3", urls: objects.map((object) => s3Url(root.bucket, object, root.prefix)) };
    });
  }

  /** The shard's load, again with smaller statements after a statement was cancelled for its time. */
  private async shrinkingOnTimeout(
    write: VersionWrite,
    computation: RankedComputation,
    filesFor: (rowsPerStatement: number) => Promise<ShardFiles>,
  ): Promise<BulkLoadResult> {
    let rows = this.store.rowsPerStatement;
    for (let tries = 1; ; tries++) {
      try {
        return await this.store.loadShardFiles(write, computation, await filesFor(rows), rows);
      } catch (error) {
        if (!isStatementTimeout(error)) throw error;
        if (tries >= LOAD_TRIES || rows === 1) {
          throw new MySqlStoreError(
            `${computation}: a statement of ${rows} rows was still cancelled for its time after ${tries} loads ` +
              "with smaller statements each: the database is too slow for this shard (see docs/score-stores.md)",
            { cause: error },
          );
        }
        rows = Math.max(1, Math.floor(rows / SHRINK));
      }
    }
  }
}
