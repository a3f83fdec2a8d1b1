/**
 * One line of a Personalize batch inference output file, parsed strictly (developer guide, "Batch inference job
 * output examples", USER_PERSONALIZATION recipes): `{"input":{"userId":…},"output":{"recommendedItems":[…],
 * "scores":[…]},"error":null}`. A line Personalize marks with an `error` (a user it could not score) carries no
 * list and is counted; anything else that does not fit is an error naming the line, never a silent default.
 */
import type { ListKey, ScoreList } from "../ports";
import { FieldError, idField } from "../runs/fields";

export const PERSONALIZE_SOURCE = "personalize";

export const personalizeKey = (userId: string): ListKey => ({ scope: "user", source: PERSONALIZE_SOURCE, id: userId });

export type OutputLine =
  | { readonly kind: "list"; readonly list: ScoreList }
  | { readonly kind: "error"; readonly userId: string; readonly error: string };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

export function parseOutputLine(text: string): OutputLine {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new FieldError(`not JSON: ${JSON.stringify(text.slice(0, 140))}`);
  }
  if (!isObject(value) || !isObject(value.input)) throw new FieldError("no input object");
  if (typeof value.input.userId !== "string") throw new FieldError("input.userId is not a string");
  const userId = idField(value.input.userId, "input.userId");
  if (value.error !== null && value.error !== undefined) {
    if (typeof value.error !== "string") throw new FieldError("error is neither null nor a string");
    return { kind: "error", userId, error: value.error };
  }
  if (!isObject(value.output)) throw new FieldError("no output object");
  const { recommendedItems: items, scores } = value.output;
  if (!Array.isArray(items)) throw new FieldError("output.recommendedItems is not an array");
  if (!Array.isArray(scores) || scores.length !== items.length) {
    throw new FieldError(`output.scores must be an array as long as recommendedItems (${items.length})`);
  }
  const seen = new Set<string>();
  const entries = items.map((item, i) => {
    if (typeof item !== "string") throw new FieldError(`recommendedItems[${i}] is not a string`);
    const itemId = idField(item, `recommendedItems[${i}]`);
    if (seen.has(itemId)) throw new FieldError(`recommendedItems lists ${itemId} twice`);
    seen.add(itemId);
    const score = scores[i];
    if (typeof score !== "number" || !Number.isFinite(score))
      throw new FieldError(`scores[${i}] is not a finite number`);
    return { itemId, score };
  });
  return { kind: "list", list: { key: personalizeKey(userId), items: entries } };
}
