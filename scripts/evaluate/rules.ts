/** `--rules`: every pairwise rule over the baskets with support, confidence and lift, sorted by lift. */
import { associationRules } from "../../domain/algorithms";
import { compareIds } from "../../domain/algorithms/order";
import { DEFAULT_CONFIG } from "../../domain/config";
import type { Dataset } from "../../domain/evaluation/dataset";
import { paramsFor, UNLIMITED } from "../../domain/evaluation/sources";
import type { RuleRow } from "../../domain/types";

/** All rules with support >= minSupport and confidence >= minConfidence (one basket is enough). */
export function allRules(dataset: Dataset, minSupport: number, minConfidence: number): RuleRow[] {
  const batch = { ...DEFAULT_CONFIG.batch, rules: { minSupport, minConfidence, minCount: 1, topK: UNLIMITED } };
  const params = paramsFor(dataset.events, DEFAULT_CONFIG.validation.eventTypes)(batch);
  return associationRules(dataset.events, params).sort(
    (a, b) => b.lift - a.lift || compareIds(a.antecedent, b.antecedent) || compareIds(a.consequent, b.consequent),
  );
}

export function rulesTable(rules: readonly RuleRow[]): string {
  const rows = [
    ["antecedent", "consequent", "support", "confidence", "lift"],
    ...rules.map((r) => [r.antecedent, r.consequent, r.support.toFixed(4), r.confidence.toFixed(4), r.lift.toFixed(4)]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) =>
    r.map((cell, i) => (i < 2 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join("  ");
  return `${rows.map(line).join("\n")}\n${rules.length} rules\n`;
}
