/**
 * `npm start -- --demo`: fills the engine with realistic synthetic activity through the sink (as clients
 * would), runs the batch once, and prints ready-to-copy requests with ids that have recommendations.
 */
import { generateSynthetic } from "../../adapters/synthetic/generator";
import type { BatchReport } from "../../domain/batch";
import type { Clock, EventSink } from "../../domain/ports";
import type { LakeEvent } from "../../domain/types";

export interface DemoSizes {
  readonly users: number;
  readonly items: number;
  readonly events: number;
  readonly days: number;
}

export const DEMO_SIZES: DemoSizes = { users: 2_000, items: 400, events: 60_000, days: 14 };

export interface DemoResult {
  readonly report: BatchReport;
  /** The most active user and the most touched item: both have rich lists. */
  readonly userId: string;
  readonly itemId: string;
}

const CHUNK = 500;

export async function loadDemo(
  deps: { sink: EventSink; clock: Clock; runBatch: () => Promise<BatchReport> },
  sizes: DemoSizes = DEMO_SIZES,
  seed = 42,
): Promise<DemoResult> {
  const data = generateSynthetic({ ...sizes, now: deps.clock.now(), seed });
  await appendAll(data.catalog, (chunk) => deps.sink.appendCatalog(chunk));
  const perUser = new Map<string, number>();
  const perItem = new Map<string, number>();
  let chunk: LakeEvent[] = [];
  for (const event of data.events()) {
    perUser.set(event.userId, (perUser.get(event.userId) ?? 0) + 1);
    perItem.set(event.itemId, (perItem.get(event.itemId) ?? 0) + 1);
    chunk.push(event);
    if (chunk.length === CHUNK) {
      await appendAll(chunk, (c) => deps.sink.appendEvents(c));
      chunk = [];
    }
  }
  await appendAll(chunk, (c) => deps.sink.appendEvents(c));
  await deps.sink.flush();
  const report = await deps.runBatch();
  return { report, userId: mostFrequent(perUser), itemId: mostFrequent(perItem) };
}

async function appendAll<T>(
  records: readonly T[],
  append: (records: readonly T[]) => Promise<{ failed: readonly { index: number; reason: string }[] }>,
) {
  for (let start = 0; start < records.length; start += CHUNK) {
    const result = await append(records.slice(start, start + CHUNK));
    if (result.failed.length > 0) throw new Error(`demo: the sink failed ${result.failed.length} records`);
  }
}

function mostFrequent(counts: ReadonlyMap<string, number>): string {
  let best = "";
  let max = -1;
  for (const [id, n] of counts) if (n > max || (n === max && id < best)) [best, max] = [id, n];
  return best;
}

export function demoInstructions(url: string, demo: DemoResult): string {
  const lists = demo.report.lists;
  return [
    `Demo data loaded: model ${demo.report.version} with ${lists} lists.`,
    `Playground: ${url}/`,
    "Try:",
    `  curl -s '${url}/v1/users/${demo.userId}/recommendations?n=5'`,
    `  curl -s '${url}/v1/items/${demo.itemId}/similar?n=5'`,
    `  curl -s '${url}/v1/items/${demo.itemId}/similar?algorithm=content&n=5'`,
    `  curl -s '${url}/v1/users/someone-new/recommendations?n=5'`,
    `  curl -s -X POST '${url}/v1/events' -H 'content-type: application/json' \\`,
    `    -d '{"events":[{"userId":"${demo.userId}","itemId":"${demo.itemId}","type":"click","timestamp":${Date.now()}}]}'`,
    `  curl -s '${url}/v1/health'`,
  ].join("\n");
}
