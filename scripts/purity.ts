/** The rules of the domain purity check, as a pure function so the check itself is unit-tested. */

export interface Impurity {
  readonly line: number;
  readonly reason: string;
}

const FORBIDDEN_MODULES: readonly [RegExp, string][] = [
  [/^(\.\.\/)+(adapters|handlers|infra)(\/|$)/, "imports another layer"],
  [/^@aws-sdk\//, "imports the AWS SDK"],
  [/^aws-sdk$/, "imports the AWS SDK"],
  [/^@aws-lambda-powertools\//, "imports Lambda Powertools"],
  [/^@pulumi\//, "imports Pulumi"],
  [/^inversify$/, "imports inversify"],
  [/^@duckdb\//, "imports DuckDB"],
  [/^duckdb$/, "imports DuckDB"],
  [/^better-sqlite3$/, "imports SQLite"],
  [
    /^(node:)?(fs|fs\/promises|path|http|https|http2|net|dgram|dns|child_process|cluster|worker_threads|os|zlib|stream|readline|process|tls|crypto)$/,
    "imports Node I/O",
  ],
];

const IMPORT_PATTERNS = [
  /\bimport\s+(?:type\s+)?(?:[^'";]*?\s+from\s+)?["']([^"']+)["']/g,
  /\bexport\s+(?:type\s+)?[^'";]*?\s+from\s+["']([^"']+)["']/g,
  /\bimport\s*\(\s*["']([^"']+)["']\s*\)/g,
  /\brequire\s*\(\s*["']([^"']+)["']\s*\)/g,
];

/**
 * Blanks out comments (keeping line breaks, so line numbers hold): prose may mention `process.env`. String
 * contents are kept, so a `//` inside a string only ends the scan of that line early, never adds a finding.
 */
function withoutComments(source: string): string {
  return source
    .replace(/\/\*[\s\S]*?\*\//g, (comment) => comment.replace(/[^\n]/g, " "))
    .replace(/(^|[^:"'`])\/\/[^\n]*/g, (_, before: string) => before);
}

export function findImpurities(original: string): Impurity[] {
  const source = withoutComments(original);
  const found: Impurity[] = [];
  const lineOf = (index: number) => source.slice(0, index).split("\n").length;
  for (const pattern of IMPORT_PATTERNS) {
    for (const match of source.matchAll(pattern)) {
      const specifier = match[1] ?? "";
      const rule = FORBIDDEN_MODULES.find(([re]) => re.test(specifier));
      if (rule) found.push({ line: lineOf(match.index ?? 0), reason: `${rule[1]} ("${specifier}")` });
    }
  }
  for (const match of source.matchAll(/\bprocess\s*\.\s*env\b|\bprocess\s*\[\s*["']env["']\s*\]/g)) {
    found.push({ line: lineOf(match.index ?? 0), reason: "reads process.env" });
  }
  for (const match of source.matchAll(/\bglobalThis\s*\.\s*process\b/g)) {
    found.push({ line: lineOf(match.index ?? 0), reason: "reaches the process object" });
  }
  return found.sort((a, b) => a.line - b.line);
}
