/**
 * Aurora's own manifest for `LOAD DATA FROM S3 MANIFEST`: `{"entries": [{"url": "s3://bucket/key", "mandatory":
 * true}]}` ("Using a manifest to specify data files to load", Amazon Aurora User Guide). The batch's manifest
 * names a shard's files relative to the run-file root; Aurora wants full URLs, and `mandatory` so that a missing
 * file fails the load instead of loading less.
 */

/** Where the Aurora manifest of one shard goes: next to the export's manifest, under the same attempt. */
export function auroraManifestLocation(exportManifestLocation: string, shard: number): string {
  if (!exportManifestLocation.endsWith("/manifest.json")) {
    throw new TypeError(`not an export manifest location: ${exportManifestLocation}`);
  }
  return exportManifestLocation.replace(/manifest\.json$/, `aurora-manifest-shard=${shard}.json`);
}

/** The manifest text for `locations` (relative to the bucket root, or to `root` when the runs live below one). */
export function auroraManifest(bucket: string, locations: readonly string[], root = ""): string {
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) throw new TypeError(`not a bucket name: ${bucket}`);
  const prefix = root === "" ? "" : `${root.replace(/\/+$/, "")}/`;
  const entries = locations.map((location) => ({ url: `s3://${bucket}/${prefix}${location}`, mandatory: true }));
  return `${JSON.stringify({ entries })}\n`;
}

/** The `s3://` URL LOAD DATA FROM S3 MANIFEST names. */
export function s3Url(bucket: string, location: string, root = ""): string {
  const prefix = root === "" ? "" : `${root.replace(/\/+$/, "")}/`;
  return `s3://${bucket}/${prefix}${location}`;
}
