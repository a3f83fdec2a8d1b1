/**
 * Seeded synthetic activity with structure a recommender can find: planted taste clusters, Zipf popularity,
 * sessions, a realistic event-type funnel and the occasional Firehose duplicate. Events are streamed from a
 * generator so millions can be produced without holding them in memory; the same seed gives the same data.
 */
import type { LakeCatalogItem, LakeEvent } from "../../domain/types";
import { buildCatalog } from "./catalog";
import { planClusters, type TastePlan } from "./clusters";
import { Random, WeightedSampler, zipfWeights } from "./random";
import { DEVICES } from "./vocabulary";

export interface SyntheticOptions {
  readonly users: number;
  readonly items: number;
  /** Records yielded by `events()`, duplicates included. */
  readonly events: number;
  /** Timestamps fall in the `days` before `now`. */
  readonly days: number;
  /** Epoch ms; usually the clock of whatever consumes the data. */
  readonly now: number;
  readonly seed: number;
  /** Planted taste clusters; default about one per 40 items, between 2 and 16. */
  readonly clusters?: number;
}

export interface SyntheticData {
  /** One record per item, ordered by item index. */
  readonly catalog: LakeCatalogItem[];
  /** A fresh, identical stream on every call, roughly in time order (as Firehose delivers). */
  events(): Generator<LakeEvent>;
  /** The planted structure, so tests and evaluations can check an algorithm finds it. */
  readonly truth: {
    readonly clusters: number;
    itemCluster(itemId: string): number | undefined;
    userClusters(userId: string): readonly number[];
  };
}

const MINUTE = 60_000;
const DAY = 86_400_000;
/** Share of events drawn from the whole catalog rather than the session's cluster (exploration, noise). */
const OFF_CLUSTER_SHARE = 0.12;
/** Share of re-delivered records: Firehose is at-least-once. */
const DUPLICATE_SHARE = 0.005;
/** After an event, how often the next one deepens the funnel on the same item (view -> click -> cart ...). */
const FOLLOW_UP_SHARE = 0.35;

export const userId = (index: number) => `u${index}`;
export const itemId = (index: number) => `i${index}`;

export function generateSynthetic(options: SyntheticOptions): SyntheticData {
  checkOptions(options);
  const setup = new Random(options.seed);
  const plan = planClusters(setup, options);
  const catalog = buildCatalog(setup, plan, options);
  return {
    catalog,
    events: () => streamEvents(plan, options),
    truth: {
      clusters: plan.clusterCount,
      itemCluster: (id) => plan.itemCluster[indexOf(id, "i", options.items)],
      userClusters: (id) => {
        const index = indexOf(id, "u", options.users);
        return Number.isNaN(index) ? [] : plan.userClusters(index);
      },
    },
  };
}

function checkOptions(options: SyntheticOptions): void {
  for (const key of ["users", "items", "events", "days"] as const) {
    const value = options[key];
    if (!Number.isInteger(value) || value < (key === "events" ? 0 : 1)) {
      throw new RangeError(`synthetic option "${key}" must be a positive integer, got ${value}`);
    }
  }
  if (!Number.isFinite(options.now)) throw new RangeError(`synthetic option "now" must be epoch ms`);
}

function indexOf(id: string, prefix: string, size: number): number {
  if (!id.startsWith(prefix) || !/^\d+$/.test(id.slice(1))) return Number.NaN;
  const index = Number(id.slice(1));
  return index < size ? index : Number.NaN;
}

function* streamEvents(plan: TastePlan, options: SyntheticOptions): Generator<LakeEvent> {
  const random = new Random((options.seed ^ 0x5eed5eed) >>> 0);
  const users = random.shuffle(Array.from({ length: options.users }, (_, i) => i));
  const activity = new WeightedSampler(zipfWeights(options.users, 0.6));
  // Ten minutes of headroom keep every timestamp and arrival time strictly before `now`.
  const end = options.now - 10 * MINUTE;
  const start = options.now - options.days * DAY;
  const span = end - start;
  let emitted = 0;
  while (emitted < options.events) {
    const user = users[activity.sample(random)] as number;
    const clusters = plan.userClusters(user);
    const cluster = clusters.length > 1 && random.chance(0.35) ? (clusters[1] as number) : (clusters[0] as number);
    const sessionId = random.chance(0.9) ? random.uuid() : undefined;
    const device = random.chance(0.6) ? random.pick(DEVICES) : undefined;
    let timestamp = start + Math.floor(span * (emitted / options.events)) + random.int(30 * MINUTE);
    let previous: { item: number; step: number } | undefined;
    for (let left = sessionLength(random); left > 0 && emitted < options.events; left--) {
      const followUp = previous !== undefined && previous.step < FUNNEL.length - 1 && random.chance(FOLLOW_UP_SHARE);
      const item = followUp && previous ? previous.item : pickItem(random, plan, cluster);
      const step = followUp && previous ? previous.step + 1 : 0;
      const type = step === 0 ? firstTouchType(random) : (FUNNEL[step] as string);
      const at = Math.min(timestamp, end - 1);
      const event = makeEvent(random, {
        user,
        item,
        type,
        at,
        sessionId,
        device,
        inCluster: plan.itemCluster[item] === cluster,
      });
      yield event;
      emitted++;
      if (emitted < options.events && random.chance(DUPLICATE_SHARE)) {
        yield event;
        emitted++;
      }
      previous = { item, step: FUNNEL.indexOf(type) };
      timestamp += 5_000 + random.int(4 * MINUTE);
    }
  }
}

/** 1 + geometric: most sessions are short, a few are long (mean about 3). */
function sessionLength(random: Random): number {
  let length = 1;
  while (length < 15 && random.chance(0.65)) length++;
  return length;
}

function pickItem(random: Random, plan: TastePlan, cluster: number): number {
  if (random.chance(OFF_CLUSTER_SHARE)) return plan.globalOrder[plan.globalSampler.sample(random)] as number;
  const slice = plan.clusterItems[cluster] as readonly number[];
  return slice[(plan.clusterSamplers[cluster] as WeightedSampler).sample(random)] as number;
}

/** The purchase funnel a follow-up event moves along. */
const FUNNEL: readonly string[] = ["view", "click", "cart", "purchase"];

/** First touch of an item in a session: mostly views, so view >> click > cart > purchase overall. */
function firstTouchType(random: Random): string {
  const x = random.next();
  if (x < 0.8) return "view";
  if (x < 0.88) return "click";
  if (x < 0.93) return "like";
  if (x < 0.96) return "rate";
  if (x < 0.98) return "bookmark";
  return "cart";
}

interface EventDraft {
  readonly user: number;
  readonly item: number;
  readonly type: string;
  readonly at: number;
  readonly sessionId: string | undefined;
  readonly device: string | undefined;
  readonly inCluster: boolean;
}

function makeEvent(random: Random, draft: EventDraft): LakeEvent {
  // Built field by field rather than by spreading: this runs millions of times per benchmark dataset.
  const event: { -readonly [K in keyof LakeEvent]: LakeEvent[K] } = {
    eventId: random.uuid(),
    userId: userId(draft.user),
    itemId: itemId(draft.item),
    type: draft.type,
    timestamp: draft.at,
    receivedAt: 0,
  };
  // Ratings follow taste: items of the user's own cluster are rated higher.
  if (draft.type === "rate") event.value = draft.inCluster ? 3 + random.int(3) : 1 + random.int(4);
  if (draft.sessionId !== undefined) event.sessionId = draft.sessionId;
  if (draft.device !== undefined) event.context = { device: draft.device };
  event.receivedAt = draft.at + 200 + random.int(8_000);
  return event;
}
