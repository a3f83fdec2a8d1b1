/**
 * `npm run bench -- validation [--events N] [--rounds R]`: in-process validation throughput on one core.
 * Validates a realistic mix (90% valid events with ISO and epoch timestamps, context, values, sessions; 10%
 * broken in the ways clients break them) in request-sized batches of 500, like the ingest handler does.
 * Prints the median of R rounds after a warm-up round; DESIGN.md §4 asks for >= 300k events/s.
 */
import { randomUUID } from "node:crypto";
import { Random } from "../adapters/synthetic/random";
import { DEFAULT_CONFIG } from "../domain/config";
import { type ValidationContext, validateCatalogBatch, validateEventBatch } from "../domain/validation";

const NOW = Date.parse("2026-05-01T12:00:00Z");
const BATCH_SIZE = 500;
const TYPES = ["view", "view", "view", "click", "click", "like", "cart", "purchase", "rate"];
const PAGES = ["home", "search", "product", "cart", "checkout"];

function flag(args: string[], name: string, fallback: number): number {
  const at = args.indexOf(name);
  const value = at >= 0 ? Number(args[at + 1]) : fallback;
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer`);
  return value;
}

function validEvent(random: Random): Record<string, unknown> {
  const time = NOW - random.int(6 * 86_400_000);
  const event: Record<string, unknown> = {
    userId: `user-${random.int(20_000)}`,
    itemId: `item:${random.int(5_000)}`,
    type: random.pick(TYPES),
    timestamp: random.chance(0.5) ? time : new Date(time).toISOString(),
  };
  if (random.chance(0.3)) event.eventId = randomUUID();
  if (random.chance(0.2)) event.value = 1 + random.int(5);
  if (random.chance(0.5)) event.sessionId = `s-${random.int(1e9)}`;
  if (random.chance(0.7))
    event.context = { page: random.pick(PAGES), position: random.int(20), mobile: random.chance(0.5) };
  return event;
}

/** One of the mistakes clients make, applied to a valid event. */
function brokenEvent(random: Random): Record<string, unknown> {
  const event = validEvent(random);
  const mistakes: (() => void)[] = [
    () => (event.userId = "user with spaces"),
    () => (event.type = "purchased"),
    () => (event.timestamp = NOW - 30 * 86_400_000),
    () => (event.timestamp = "2026-05-01 12:00:00"),
    () => (event.userid = "typo"),
    () => delete event.itemId,
    () => (event.context = { nested: { not: "allowed" } }),
    () => (event.value = "5"),
  ];
  random.pick(mistakes)();
  return event;
}

/** Parsed from JSON text, as the handler receives them, so object shapes match production. */
function eventMix(count: number): unknown[][] {
  const random = new Random(42);
  const events = Array.from({ length: count }, () => (random.chance(0.9) ? validEvent(random) : brokenEvent(random)));
  const parsed = JSON.parse(JSON.stringify(events)) as unknown[];
  const batches: unknown[][] = [];
  for (let i = 0; i < parsed.length; i += BATCH_SIZE) batches.push(parsed.slice(i, i + BATCH_SIZE));
  return batches;
}

function catalogMix(count: number): unknown[][] {
  const random = new Random(7);
  const words = ["Jazz", "rock", " Blues", "live ", "vinyl", "remaster", "1970s", "female-vocals", "import"];
  const items = Array.from({ length: count }, (_, i) => ({
    itemId: `item:${i}`,
    tags: Array.from({ length: 1 + random.int(8) }, () => random.pick(words)),
    title: `Album ${i}`,
    attributes: { price: random.int(5000) / 100, label: random.pick(["a", "b", "c"]) },
    updatedAt: new Date(NOW - random.int(365 * 86_400_000)).toISOString(),
  }));
  const parsed = JSON.parse(JSON.stringify(items)) as unknown[];
  const batches: unknown[][] = [];
  for (let i = 0; i < parsed.length; i += BATCH_SIZE) batches.push(parsed.slice(i, i + BATCH_SIZE));
  return batches;
}

interface Timing {
  /** Median CPU seconds of this process per round: what one core spends, whatever else the machine runs. */
  readonly cpu: number;
  /** Median wall-clock seconds per round (inflated when other processes compete for the cores). */
  readonly wall: number;
  readonly accepted: number;
}

/** Times `rounds` rounds after one warm-up round. */
function measure(batches: unknown[][], rounds: number, validate: (batch: unknown[]) => number): Timing {
  const cpu: number[] = [];
  const wall: number[] = [];
  let accepted = 0;
  for (let round = 0; round <= rounds; round++) {
    const startWall = process.hrtime.bigint();
    const startCpu = process.cpuUsage();
    accepted = 0;
    for (const batch of batches) accepted += validate(batch);
    const used = process.cpuUsage(startCpu);
    if (round === 0) continue;
    cpu.push((used.user + used.system) / 1e6);
    wall.push(Number(process.hrtime.bigint() - startWall) / 1e9);
  }
  return { cpu: median(cpu), wall: median(wall), accepted };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function report(what: string, count: number, rounds: number, timing: Timing): void {
  const perCpuSecond = count / timing.cpu;
  console.log(
    `${what}: ${count.toLocaleString("en")} records, median of ${rounds} rounds: ` +
      `${Math.round(perCpuSecond).toLocaleString("en")} records per CPU-second, ${(1e9 / perCpuSecond).toFixed(0)} ns/record ` +
      `(wall clock ${Math.round(count / timing.wall).toLocaleString("en")}/s; ` +
      `${((100 * timing.accepted) / count).toFixed(1)}% accepted)`,
  );
}

export async function run(args: string[]): Promise<void> {
  const count = flag(args, "--events", 1_000_000);
  const rounds = flag(args, "--rounds", 5);
  const ctx: ValidationContext = {
    config: DEFAULT_CONFIG.validation,
    clock: { now: () => NOW },
    ids: { newId: randomUUID },
  };
  const events = eventMix(count);
  report(
    "events",
    count,
    rounds,
    measure(events, rounds, (batch) => validateEventBatch(batch, ctx).valid.length),
  );
  const items = catalogMix(Math.ceil(count / 10));
  const itemCount = Math.ceil(count / 10);
  report(
    "catalog",
    itemCount,
    rounds,
    measure(items, rounds, (batch) => validateCatalogBatch(batch, ctx).valid.length),
  );
  console.log(`target (DESIGN.md §4): >= 300,000 events/s on one core`);
}
