/**
 * Where the program finds the Lambda bundles `npm run build` writes (dist/<name>/index.mjs), and a clear error
 * when one is missing: `pulumi up` must not upload an empty archive.
 */
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";

/** The file `npm run build` (scripts/build.ts) writes per function; Lambda loads it as `index.handler`. */
export const BUNDLE_FILE = "index.mjs";

export type BundleName = "ingest" | "serve" | "batch" | "authorizer";

export function bundlePath(bundleDir: string, name: BundleName): string {
  return resolve(bundleDir, name);
}

export function requireBundles(bundleDir: string, names: readonly BundleName[]): Record<string, string> {
  const missing = names.filter((n) => !existsSync(join(bundlePath(bundleDir, n), BUNDLE_FILE)));
  if (missing.length > 0) {
    const hint = missing.includes("authorizer")
      ? ' (authMode "apiKey" needs handlers/aws/authorizer.ts; choose authMode jwt until it exists)'
      : "";
    throw new Error(
      `missing Lambda bundle(s) ${missing.join(", ")} under ${resolve(bundleDir)}: run \`npm run build\` first${hint}`,
    );
  }
  return Object.fromEntries(names.map((n) => [n, bundlePath(bundleDir, n)]));
}
