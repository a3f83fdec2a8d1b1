/**
 * Amazon Personalize's training data and batch inference input as batch computations (docs/personalize.md): the
 * shared SQL exports them through the same `exportResult` as every other result (tab-separated, no header,
 * sharded by user or item), and the training step turns each file into a CSV file with the header row
 * Personalize requires (./csv.ts). None of them becomes a list.
 */
import type { ComputationSpec } from "../runs/computations";
import {
  doubleField as dbl,
  encodeId,
  encodeJson,
  encodeNumber,
  FieldError,
  idField as id,
  integerField as int,
  jsonField,
} from "../runs/fields";

/** One interaction as Personalize imports it: epoch seconds, the event type and its configured weight. */
export interface PersonalizeInteraction {
  readonly userId: string;
  readonly itemId: string;
  /** Epoch seconds (Personalize's TIMESTAMP). */
  readonly timestamp: number;
  readonly eventType: string;
  /** The event type's configured weight (EVENT_VALUE), so a solution can train on strong signals only. */
  readonly eventValue: number;
}

export interface PersonalizeItem {
  readonly itemId: string;
  readonly tags: readonly string[];
}

/** Event types are configuration, not user input, but they travel unquoted in both file formats. */
const EVENT_TYPE = /^[A-Za-z0-9_.:-]{1,64}$/;

function eventType(text: string): string {
  if (!EVENT_TYPE.test(text)) throw new FieldError(`event_type ${JSON.stringify(text.slice(0, 80))} is not valid`);
  return text;
}

function tags(text: string): string[] {
  const value = jsonField(text, "tags") ?? [];
  if (!Array.isArray(value) || value.some((t) => typeof t !== "string")) {
    throw new FieldError("tags is not a JSON array of strings");
  }
  return value as string[];
}

const unavailable = (name: string) => () => {
  throw new TypeError(`${name} is exported by the SQL engines only (DuckDB, Athena)`);
};

export const PERSONALIZE_INTERACTIONS: ComputationSpec<PersonalizeInteraction> = {
  name: "personalizeInteractions",
  scope: "user",
  columns: ["user_id", "item_id", "event_time", "event_type", "event_value"],
  listColumn: "user_id",
  rows: unavailable("personalizeInteractions"),
  decode: (f) => ({
    userId: id(f[0]!, "user_id"),
    itemId: id(f[1]!, "item_id"),
    timestamp: int(f[2]!, "event_time"),
    eventType: eventType(f[3]!),
    eventValue: dbl(f[4]!, "event_value"),
  }),
  encode: (r) => [
    encodeId(r.userId, "user_id"),
    encodeId(r.itemId, "item_id"),
    encodeNumber(r.timestamp, "event_time"),
    eventType(r.eventType),
    encodeNumber(r.eventValue, "event_value"),
  ],
  rank: () => undefined,
};

export const PERSONALIZE_ITEMS: ComputationSpec<PersonalizeItem> = {
  name: "personalizeItems",
  scope: "item",
  columns: ["item_id", "tags"],
  listColumn: "item_id",
  rows: async function* (engine, params) {
    for await (const item of engine.catalog(params)) yield { itemId: item.itemId, tags: item.tags };
  },
  decode: (f) => ({ itemId: id(f[0]!, "item_id"), tags: tags(f[1]!) }),
  encode: (r) => [encodeId(r.itemId, "item_id"), encodeJson(r.tags)],
  rank: () => undefined,
};

/** The users a run asks Personalize to score: everyone with a weighted interaction in the window. */
export const PERSONALIZE_USERS: ComputationSpec<{ readonly userId: string }> = {
  name: "personalizeUsers",
  scope: "user",
  columns: ["user_id"],
  listColumn: "user_id",
  rows: async function* (engine, params) {
    // seenItems has each active user's items ranked from 1: one row per user at rank 1.
    for await (const row of engine.seenItems(params)) if (row.rank === 1) yield { userId: row.userId };
  },
  decode: (f) => ({ userId: id(f[0]!, "user_id") }),
  encode: (r) => [encodeId(r.userId, "user_id")],
  rank: () => undefined,
};

export const PERSONALIZE_COMPUTATIONS = [PERSONALIZE_INTERACTIONS, PERSONALIZE_ITEMS, PERSONALIZE_USERS] as const;
