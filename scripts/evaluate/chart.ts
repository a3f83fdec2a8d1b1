/**
 * A grouped bar chart of the metrics by algorithm as a standalone SVG, written by hand: one small function
 * instead of a charting dependency.
 */
import type { EvaluationResult } from "../../domain/evaluation/evaluate";

const METRICS = [
  ["P@k", "precision", "#4e79a7"],
  ["R@k", "recall", "#f28e2b"],
  ["nDCG@k", "ndcg", "#59a14f"],
  ["MAP", "map", "#e15759"],
] as const;

const xmlText = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

export function metricsChart(result: EvaluationResult): string {
  const bar = 9;
  const group = METRICS.length * bar + 14;
  const left = 230;
  const width = 720;
  const plot = width - left - 40; // room for the value printed after the longest bar
  const top = 40;
  const height = top + result.rows.length * group + 40;
  const max = Math.max(0.05, ...result.rows.flatMap((r) => METRICS.map(([, key]) => r.metrics[key])));
  const scale = (x: number) => (x / max) * plot;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${left}" y="16" font-size="13">${xmlText(`Top-${result.k} metrics by algorithm (${result.split} split)`)}</text>`,
  ];
  METRICS.forEach(([label, , colour], i) => {
    const x = left + i * 90;
    parts.push(`<rect x="${x}" y="24" width="10" height="10" fill="${colour}"/>`);
    parts.push(`<text x="${x + 14}" y="33">${label.replace("k", String(result.k))}</text>`);
  });
  result.rows.forEach((row, r) => {
    const y = top + r * group;
    parts.push(`<text x="${left - 6}" y="${y + group / 2}" text-anchor="end">${xmlText(row.name)}</text>`);
    METRICS.forEach(([, key, colour], m) => {
      const value = row.metrics[key];
      const w = scale(value).toFixed(1);
      const by = y + m * bar;
      parts.push(`<rect x="${left}" y="${by}" width="${w}" height="${bar - 1}" fill="${colour}"/>`);
      parts.push(`<text x="${left + Number(w) + 3}" y="${by + bar - 1}" font-size="8">${value.toFixed(3)}</text>`);
    });
  });
  parts.push(`<line x1="${left}" y1="${top - 4}" x2="${left}" y2="${height - 30}" stroke="#333"/>`);
  parts.push(`<text x="${left}" y="${height - 12}" fill="#555">${xmlText(result.dataset)}</text>`, "</svg>");
  return `${parts.join("\n")}\n`;
}
