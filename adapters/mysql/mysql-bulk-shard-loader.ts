/**
 * The MySQL store's BulkShardLoader: a shard of a ranked computation goes straight from its result files into
 * the version with LOAD DATA (bulk-load.ts), instead of being parsed and grouped in this process. Locally the
 * client streams the very files the batch wrote (LOAD DATA LOCAL INFILE); on Aurora the cluster reads them from
 * S3 itself (LOAD DATA FROM S3 FILE), one object per statement, each of at most the store's rows per statement
 * (aurora-objects.ts splits larger export files first), so no statement outlasts the Data API's 45 s.
 * Catalog metadata and EASE's lists are not ranked rows: the chunk loader loads those.
 */
import { join } from "node:path";
import type { BulkShardLoader, RunFiles, ShardToLoad, VersionWrite } from "../../domain/ports";
import { boundedObjects, pieceLocation, s3Url } from "./aurora-objects";
import { isRanked } from "./bulk-columns";
import { canName } from "./bulk-load";
import type { MySqlScoreStore } from "./mysql-score-store";

/** Where the run files are, as the database sees them. */
export type RunFilesRoot =
  | { readonly kind: "local"; readonly directory: string }
  | { readonly kind: "s3"; readonly bucket: string; readonly prefix: string; readonly files: RunFiles };

export class MySqlBulkShardLoader implements BulkShardLoader {
  /** Two shards at once: 4.98M rows in 13.0 s instead of 23.7 s one by one (npm run bench -- store-load). */
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
      return this.store.loadShardFiles(write, computation, { kind: "local", paths });
    }
    // LOAD DATA FROM S3 reads text files; Aurora's guide describes no compressed input.
    if (manifest.compression !== "none") return undefined;
    const rows = this.store.rowsPerStatement;
    const objects: string[] = [];
    for (const [index, file] of locations.entries()) {
      const pieceAt = (piece: number) => pieceLocation(location, shard, rows, index, piece);
      objects.push(...(await boundedObjects(root.files, file, rows, pieceAt)));
    }
    const urls = objects.map((object) => s3Url(root.bucket, object, root.prefix));
    return this.store.loadShardFiles(write, computation, { kind: "s3", urls });
  }
}
