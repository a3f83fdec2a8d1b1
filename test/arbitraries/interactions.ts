/**
 * Arbitraries for the batch computations' invariances: the same events in another order, the same events
 * with re-delivered copies, and small sets for set similarity. The events themselves come from
 * `batch-scenario.ts` (few users and items, so pairs co-occur).
 */
import fc from "fast-check";
import type { LakeEvent } from "../../domain/types";
import { scenarioEventsArb } from "./batch-scenario";

/** Small sets over a small universe, so intersections are common and empty sets happen. */
export const smallSetArb = fc.uniqueArray(fc.integer({ min: 0, max: 9 }), { maxLength: 8 }).map((xs) => new Set(xs));

/** A batch's events and the same events in a random order. */
export const eventsAndPermutationArb: fc.Arbitrary<[LakeEvent[], LakeEvent[]]> = scenarioEventsArb.chain((events) =>
  fc
    .shuffledSubarray(events, { minLength: events.length, maxLength: events.length })
    .map((shuffled): [LakeEvent[], LakeEvent[]] => [events, shuffled]),
);

/** A batch's events and the same events plus exact re-deliveries (Firehose is at-least-once) of some. */
export const eventsAndRedeliveriesArb: fc.Arbitrary<[LakeEvent[], LakeEvent[]]> = scenarioEventsArb.chain((events) =>
  fc
    .array(fc.nat({ max: Math.max(0, events.length - 1) }), { minLength: 1, maxLength: 10 })
    .map((picks): [LakeEvent[], LakeEvent[]] => [events, [...events, ...picks.map((i) => ({ ...events[i]! }))]]),
);
