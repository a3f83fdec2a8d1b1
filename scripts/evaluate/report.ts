/** The evaluation result as a console table, Markdown and JSON. */
import type { EvaluationResult, ResultRow } from "../../domain/evaluation/evaluate";

const COLUMNS = [
  ["P@k", (r: ResultRow) => r.metrics.precision],
  ["R@k", (r: ResultRow) => r.metrics.recall],
  ["nDCG@k", (r: ResultRow) => r.metrics.ndcg],
  ["MAP", (r: ResultRow) => r.metrics.map],
  ["hit rate", (r: ResultRow) => r.metrics.hitRate],
  ["coverage", (r: ResultRow) => r.metrics.coverage],
] as const;

const header = (k: number) => ["algorithm", ...COLUMNS.map(([name]) => name.replace("k", String(k))), "time (s)"];

function cells(row: ResultRow): string[] {
  const seconds = row.milliseconds === undefined ? "" : (row.milliseconds / 1000).toFixed(2);
  return [row.name, ...COLUMNS.map(([, value]) => value(row).toFixed(4)), seconds];
}

function describe(result: EvaluationResult): string {
  const c = result.counts;
  return (
    `${result.dataset}: ${c.users} users, ${c.items} items, ${c.interactions} interactions; ` +
    `split ${result.split} (seed ${result.seed}), ${c.testUsers} test users, top-${result.k}, seen items removed`
  );
}

export function consoleTable(result: EvaluationResult): string {
  const rows = [header(result.k), ...result.rows.map(cells)];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) =>
    r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join("  ");
  return [describe(result), "", ...rows.map(line)].join("\n");
}

export function markdownReport(result: EvaluationResult): string {
  const rows = [header(result.k), ...result.rows.map(cells)];
  const table = rows.map((r) => `| ${r.join(" | ")} |`);
  table.splice(1, 0, `|${rows[0]!.map((_, i) => (i === 0 ? "---" : "---:")).join("|")}|`);
  const lines = [`# Offline evaluation`, "", describe(result), "", ...table, ""];
  if (result.tuning) {
    lines.push("## Tuning (validation split carved from the training part)", "");
    lines.push("```json", JSON.stringify(result.tuning, null, 2), "```", "");
  }
  lines.push("![metrics by algorithm](metrics.svg)", "");
  return lines.join("\n");
}

export function jsonReport(result: EvaluationResult, extra: Record<string, unknown>): string {
  return `${JSON.stringify({ ...result, ...extra }, null, 2)}\n`;
}
