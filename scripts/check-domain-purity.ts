/**
 * Keeps `domain/` pure: fails (exit 1) when a file under domain/ imports another layer, an SDK, an engine or
 * Node I/O, or reads the process environment. Runs in `npm run lint`, which `npm test` runs first.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { findImpurities } from "./purity";

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|mts|cts|js|mjs)$/.test(entry.name) ? [path] : [];
  });
}

const root = process.argv[2] ?? "domain";
const problems = sourceFiles(root).flatMap((file) =>
  findImpurities(readFileSync(file, "utf8")).map((p) => `${relative(process.cwd(), file)}:${p.line}: ${p.reason}`),
);
if (problems.length > 0) {
  console.error(
    `domain/ must stay pure (no other layer, SDK, engine, Node I/O or process.env): ${problems.length} problem(s)`,
  );
  for (const p of problems) console.error(`  ${p}`);
  process.exit(1);
}
console.log(`domain purity: ok (${root})`);
