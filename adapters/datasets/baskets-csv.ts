/**
 * Baskets CSV: one basket per line, comma-separated item names (quoted when they hold a comma), empty fields
 * ignored. Each basket becomes a user and a session of `purchase` events, one second after the previous
 * basket, so the rules see one basket per session and a temporal split follows file order.
 */
import { readFile } from "node:fs/promises";
import type { Dataset } from "../../domain/evaluation/dataset";
import type { LakeEvent } from "../../domain/types";
import { parseCsv } from "./csv";

/** 2024-01-01T00:00:00Z: baskets carry no time, so they get consecutive seconds from here. */
export const BASKETS_EPOCH = Date.UTC(2024, 0, 1);

export function parseBaskets(text: string): LakeEvent[] {
  const events: LakeEvent[] = [];
  parseCsv(text).forEach((fields, index) => {
    const items = [...new Set(fields.map((f) => f.trim()).filter((f) => f !== ""))];
    const basket = `basket-${index + 1}`;
    const timestamp = BASKETS_EPOCH + index * 1000;
    items.forEach((itemId, position) => {
      events.push({
        eventId: `${basket}:${position}`,
        userId: basket,
        itemId,
        type: "purchase",
        sessionId: basket,
        timestamp,
        receivedAt: timestamp,
      });
    });
  });
  return events;
}

export async function loadBaskets(path: string): Promise<Dataset> {
  return { name: `baskets-csv (${path})`, events: parseBaskets(await readFile(path, "utf8")), catalog: [] };
}
