/**
 * The ScoreStore contract (domain/ports.ts), run against every adapter: memory, SQLite, DynamoDB on dynalite.
 * Usage in a `*.test.ts`: `describeScoreStoreContract("SqliteScoreStore", async () => ({ store, cleanup }))`.
 * Version ids below sort in write order, so "newest" is the same whether an adapter orders by its clock
 * (which may stand still in a test) or by id.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MemoryRunFiles } from "../../adapters/memory/run-files";
import { DomainError, ErrorCode, RetryableError } from "../../domain/errors";
import { finishRun } from "../../domain/pipeline/steps";
import type { ActiveRun } from "../../domain/pipeline/types";
import {
  type ListKey,
  listKeyString,
  MAX_LIST_LENGTH,
  type ScoreList,
  type ScoreStore,
  type VersionWrite,
} from "../../domain/ports";
import type { ScoredItem } from "../../domain/types";

export interface ScoreStoreFixture {
  readonly store: ScoreStore;
  cleanup(): Promise<void>;
}

const itemKey = (id: string, source = "jaccard"): ListKey => ({ scope: "item", source, id });
const userKey = (id: string): ListKey => ({ scope: "user", source: "itemKnn", id });
const popularKey: ListKey = { scope: "global", source: "popularity", id: "all" };
/** A lease end no test clock reaches (year 2255). */
const FAR_FUTURE = 9e12;

/** A list whose item ids carry the version tag, so a reader can tell which version each list came from. */
function taggedList(key: ListKey, tag: string, length = 3): ScoreList {
  const items = Array.from({ length }, (_, i) => ({ itemId: `${tag}-${key.id}-${i}`, score: length - i }));
  return { key, items };
}

function taggedVersion(tag: string, keys: readonly ListKey[]): ScoreList[] {
  return keys.map((key) => taggedList(key, tag));
}

/** Yields the lists, then fails like a batch query dying midway. */
async function* failingAfter(lists: readonly ScoreList[]): AsyncGenerator<ScoreList> {
  yield* lists;
  throw new Error("query engine died midway");
}

async function expectDomainError(promise: Promise<unknown>, code?: string): Promise<DomainError> {
  const error = await promise.then(
    () => expect.fail("expected a rejection"),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  if (code) expect((error as DomainError).code).toBe(code);
  return error as DomainError;
}

function runPlan(version: string, previousVersion: string | null, write: VersionWrite): ActiveRun {
  const window = { from: 0, to: 86_400_000 };
  return {
    kind: "run",
    version,
    window,
    asOf: window.to,
    previousVersion,
    write,
    compression: "none",
    exports: [],
    ease: false,
  };
}

export function describeScoreStoreContract(name: string, make: () => Promise<ScoreStoreFixture>): void {
  describe(`${name} satisfies the ScoreStore contract`, () => {
    let fixture: ScoreStoreFixture;
    let store: ScoreStore;
    const keys = [itemKey("a"), itemKey("b"), userKey("u:1@x.y"), popularKey];

    beforeEach(async () => {
      fixture = await make();
      store = fixture.store;
    });
    afterEach(async () => {
      await fixture.cleanup();
    });

    async function serving(version: string, lists: Iterable<ScoreList> | AsyncIterable<ScoreList>): Promise<void> {
      await store.writeVersion(version, lists);
      await store.activate(version);
    }

    async function readTags(readKeys: readonly ListKey[] = keys): Promise<string[]> {
      const lists = await store.getLists(readKeys);
      return [...lists.values()].map((items) => items[0]?.itemId.split("-")[0] ?? "empty");
    }

    it("serves nothing and reports no active version before anything is activated", async () => {
      await store.writeVersion("v01", taggedVersion("v01", keys));

      expect(await store.activeVersion()).toBeNull();
      expect((await store.getLists(keys)).size).toBe(0);
    });

    it("serves a written version once it is activated", async () => {
      const written = await store.writeVersion("v01", taggedVersion("v01", keys));
      await store.activate("v01");

      expect(written).toMatchObject({ version: "v01", lists: keys.length, state: "complete" });
      expect(await store.activeVersion()).toMatchObject({ version: "v01", lists: keys.length, state: "active" });
      const lists = await store.getLists(keys);
      for (const key of keys) expect(lists.get(listKeyString(key))).toEqual(taggedList(key, "v01").items);
    });

    it("leaves keys without a list out of the result instead of failing", async () => {
      await serving("v01", taggedVersion("v01", [itemKey("a")]));

      const lists = await store.getLists([itemKey("a"), itemKey("missing"), itemKey("a", "content"), userKey("a")]);

      expect([...lists.keys()]).toEqual([listKeyString(itemKey("a"))]);
      expect((await store.getLists([])).size).toBe(0);
    });

    it("returns lists in rank order with exactly the scores written", async () => {
      const items: ScoredItem[] = [
        { itemId: "z", score: 0.1 + 0.2 },
        { itemId: "a", score: 1 / 3 },
        { itemId: "m", score: 1e-9 },
        { itemId: "b", score: 0 },
        { itemId: "é:ü@1", score: -2.5 },
      ];
      await serving("v01", [{ key: itemKey("x"), items }]);

      const lists = await store.getLists([itemKey("x")]);

      expect(lists.get(listKeyString(itemKey("x")))).toEqual(items);
    });

    it("keeps at least MAX_LIST_LENGTH entries of a longer list, best first", async () => {
      const items = Array.from({ length: MAX_LIST_LENGTH + 250 }, (_, i) => ({ itemId: `i${i}`, score: 1e6 - i }));
      await serving("v01", [{ key: itemKey("long"), items }]);

      const stored = (await store.getLists([itemKey("long")])).get(listKeyString(itemKey("long"))) ?? [];

      expect(stored.length).toBeGreaterThanOrEqual(MAX_LIST_LENGTH);
      expect(stored).toEqual(items.slice(0, stored.length));
    });

    it("accepts sync and async iterables, including many lists", async () => {
      const manyKeys = Array.from({ length: 2500 }, (_, i) => userKey(`u${i}`));
      async function* lazily(): AsyncGenerator<ScoreList> {
        for (const key of manyKeys) yield taggedList(key, "v02", 2);
      }
      await store.writeVersion("v01", new Set(taggedVersion("v01", keys)));
      const info = await store.writeVersion("v02", lazily());
      await store.activate("v02");

      expect(info.lists).toBe(manyKeys.length);
      const lists = await store.getLists(manyKeys.slice(-100));
      expect(lists.size).toBe(100);
    });

    it("rejects activating an unknown version with NO_COMPLETE_VERSION", async () => {
      await expectDomainError(store.activate("nope"), ErrorCode.NO_COMPLETE_VERSION);
      expect(await store.activeVersion()).toBeNull();
    });

    it("never lets a failed write become active, and keeps the previous version serving", async () => {
      await serving("v01", taggedVersion("v01", keys));

      await expect(store.writeVersion("v02", failingAfter(taggedVersion("v02", keys)))).rejects.toThrow();

      await expectDomainError(store.activate("v02"), ErrorCode.NO_COMPLETE_VERSION);
      expect((await store.activeVersion())?.version).toBe("v01");
      expect(await readTags()).toEqual(keys.map(() => "v01"));
      const failed = (await store.listVersions()).find((v) => v.version === "v02");
      expect(failed === undefined || failed.state === "writing").toBe(true);
    });

    it("lets a retried run overwrite an incomplete version, keeping none of the failed attempt's lists", async () => {
      await expect(store.writeVersion("v01", failingAfter(taggedVersion("bad", keys)))).rejects.toThrow();

      await serving("v01", taggedVersion("v01", [itemKey("a")]));

      const lists = await store.getLists(keys);
      expect([...lists.keys()]).toEqual([listKeyString(itemKey("a"))]);
      expect(await readTags()).toEqual(["v01"]);
    });

    it("rejects rewriting a complete or active version and leaves it untouched", async () => {
      await serving("v01", taggedVersion("v01", keys));
      await store.writeVersion("v02", taggedVersion("v02", keys));

      const errors = [
        await expectDomainError(store.writeVersion("v01", taggedVersion("x", keys))),
        await expectDomainError(store.writeVersion("v02", taggedVersion("x", keys))),
      ];

      for (const error of errors) expect(error).not.toBeInstanceOf(RetryableError);
      expect(await readTags()).toEqual(keys.map(() => "v01"));
      await store.activate("v02");
      expect(await readTags()).toEqual(keys.map(() => "v02"));
    });

    it("switches conditionally on the expected active version", async () => {
      await store.writeVersion("v01", taggedVersion("v01", keys));
      await store.writeVersion("v02", taggedVersion("v02", keys));

      await store.activate("v01", null);
      const conflict = await expectDomainError(store.activate("v02", null));
      const stale = await expectDomainError(store.activate("v02", "v00"));
      await store.activate("v02", "v01");

      expect(conflict).not.toBeInstanceOf(RetryableError);
      expect(stale).not.toBeInstanceOf(RetryableError);
      expect((await store.activeVersion())?.version).toBe("v02");
    });

    it("retires the previous version on activation and can roll back to it", async () => {
      await serving("v01", taggedVersion("v01", keys));
      await serving("v02", taggedVersion("v02", keys));

      const states = Object.fromEntries((await store.listVersions()).map((v) => [v.version, v.state]));
      await store.activate("v01", "v02");

      expect(states).toEqual({ v01: "retired", v02: "active" });
      expect(await readTags()).toEqual(keys.map(() => "v01"));
      await store.activate("v01");
      expect((await store.activeVersion())?.version).toBe("v01");
    });

    it("prunes all but the active version and the newest `keep` complete others", async () => {
      for (const v of ["v01", "v02", "v03", "v04", "v05"]) await store.writeVersion(v, taggedVersion(v, keys));
      await store.activate("v02");

      const pruned = await store.pruneVersions(2);

      expect([...pruned].sort()).toEqual(["v01", "v03"]);
      expect((await store.listVersions()).map((v) => v.version).sort()).toEqual(["v02", "v04", "v05"]);
      expect(await readTags()).toEqual(keys.map(() => "v02"));
      await expectDomainError(store.activate("v01"), ErrorCode.NO_COMPLETE_VERSION);
      expect([...(await store.pruneVersions(0))].sort()).toEqual(["v04", "v05"]);
      expect(await readTags()).toEqual(keys.map(() => "v02"));
    });

    it("shows readers the old or the new version while a version loads and activates, never a mix", async () => {
      const many = Array.from({ length: 40 }, (_, i) => itemKey(`k${i}`));
      await serving("v01", taggedVersion("v01", many));
      const seen: string[] = [];
      let switched = false;
      async function* slowLoad(): AsyncGenerator<ScoreList> {
        for (const list of taggedVersion("v02", many)) {
          yield list;
          await new Promise((resolve) => setImmediate(resolve)); // let readers in between lists
        }
      }

      const reader = (async () => {
        for (let round = 0; round < 5000 && !(switched && seen.at(-1) === "v02"); round++) {
          const tags = new Set(await readTags(many));
          expect(tags.size).toBe(1);
          seen.push([...tags][0] ?? "none");
          await new Promise((resolve) => setImmediate(resolve));
        }
      })();
      await store.writeVersion("v02", slowLoad());
      const readsDuringLoad = seen.length;
      await store.activate("v02");
      switched = true;
      await reader;

      expect(readsDuringLoad).toBeGreaterThan(0);
      expect(seen.at(-1)).toBe("v02");
      const firstNew = seen.indexOf("v02");
      expect(seen.slice(0, firstNew).every((tag) => tag === "v01")).toBe(true);
      expect(seen.slice(firstNew).every((tag) => tag === "v02")).toBe(true);
    });

    it("writes a version in chunks under one claim; a repeated chunk rewrites the same keys", async () => {
      const write = await store.beginVersion("v01");
      const [a, b, user, popular] = taggedVersion("v01", keys);

      await store.writeLists(write, [a!, b!]);
      await store.writeLists(write, [user!]);
      await store.writeLists(write, [a!, b!]); // a retried chunk
      await store.writeLists(write, [popular!]);
      const info = await store.completeVersion(write, keys.length);
      const again = await store.completeVersion(write, keys.length); // a retried completion
      await store.activate("v01");

      expect(JSON.parse(JSON.stringify(write))).toEqual(write);
      expect(info).toMatchObject({ version: "v01", lists: keys.length, state: "complete" });
      expect(again).toMatchObject({ version: "v01", lists: keys.length });
      expect(await readTags()).toEqual(keys.map(() => "v01"));
    });

    it("lets only the latest claim write and complete when two runs race on one version", async () => {
      await serving("v00", taggedVersion("v00", keys));
      const first = await store.beginVersion("v01");
      await store.writeLists(first, taggedVersion("first", keys.slice(0, 2)));
      const second = await store.beginVersion("v01");
      await store.writeLists(second, taggedVersion("second", keys));

      const stale = await expectDomainError(store.writeLists(first, taggedVersion("first", keys)));
      const staleComplete = await expectDomainError(store.completeVersion(first, keys.length));
      await store.completeVersion(second, keys.length);
      await store.activate("v01", "v00");

      expect(stale).not.toBeInstanceOf(RetryableError);
      expect(staleComplete).not.toBeInstanceOf(RetryableError);
      expect(await readTags()).toEqual(keys.map(() => "second"));
    });

    it("refuses to claim a complete version, and drops an earlier incomplete claim's lists", async () => {
      const abandoned = await store.beginVersion("v01");
      await store.writeLists(abandoned, taggedVersion("bad", [...keys, itemKey("stale")]));
      const retry = await store.beginVersion("v01");
      await store.writeLists(retry, taggedVersion("v01", keys));
      await store.completeVersion(retry, keys.length);
      await store.activate("v01");

      await expectDomainError(store.beginVersion("v01"));
      expect((await store.getLists([itemKey("stale")])).size).toBe(0);
      expect(await readTags()).toEqual(keys.map(() => "v01"));
    });

    it("refuses a claim while another holder's lease runs, and changes nothing of the holder's writes", async () => {
      const live = { holder: "run-a", until: FAR_FUTURE };
      const first = await store.beginVersion("v01", live);
      await store.writeLists(first, taggedVersion("a", keys));

      const duplicate = await expectDomainError(
        store.beginVersion("v01", { holder: "run-b", until: FAR_FUTURE }),
        ErrorCode.RUN_IN_PROGRESS,
      );
      const unleased = await expectDomainError(store.beginVersion("v01"), ErrorCode.RUN_IN_PROGRESS);
      await store.completeVersion(first, keys.length);
      await store.activate("v01");

      expect(duplicate).not.toBeInstanceOf(RetryableError);
      expect(unleased).not.toBeInstanceOf(RetryableError);
      expect(await readTags()).toEqual(keys.map(() => "a"));
    });

    describe("finishing a batch run (finishRun over this store)", () => {
      /** A run of `version` that claimed it while `previousVersion` was active, with `keys` written. */
      async function givenLoadedRun(version: string, previousVersion: string | null) {
        const write = await store.beginVersion(version, { holder: `run-${version}`, until: FAR_FUTURE });
        await store.writeLists(write, taggedVersion(version, keys));
        const files = new MemoryRunFiles();
        await files.write(`runs/${version}/popularity/a1/manifest.json`, "{}");
        return { plan: runPlan(version, previousVersion, write), files };
      }
      const totals = [{ name: "popularity" as const, rows: 9, lists: 4, shards: 1, files: 1 }];

      it("activates a run's version over the older one it started with, and prunes", async () => {
        await serving("v01", taggedVersion("v01", keys));
        const { plan, files } = await givenLoadedRun("v02", "v01");

        const finished = await finishRun({ store, files }, { plan, computations: totals });

        expect(finished.outcome).toBe("activated");
        expect(await readTags()).toEqual(keys.map(() => "v02"));
        expect(files.files.size).toBe(0);
      });

      it("reports a run older than the active version as superseded: the newer version keeps serving", async () => {
        await serving("v01", taggedVersion("v01", keys));
        await serving("v03", taggedVersion("v03", keys));
        const { plan, files } = await givenLoadedRun("v02", "v03"); // e.g. started by hand for an earlier time

        const finished = await finishRun({ store, files }, { plan, computations: totals });

        expect(finished).toMatchObject({ outcome: "superseded", pruned: [], activeVersion: "v03" });
        expect((await store.activeVersion())?.version).toBe("v03");
        expect(await readTags()).toEqual(keys.map(() => "v03"));
        expect((await store.listVersions()).find((v) => v.version === "v01")?.state).toBe("retired"); // not pruned
        expect((await store.listVersions()).find((v) => v.version === "v02")?.state).not.toBe("complete");
        expect(files.files.size).toBe(0);
        // Its claim is released: a run for the same time may claim the version at once.
        await expect(store.beginVersion("v02", { holder: "another", until: FAR_FUTURE })).resolves.toBeDefined();
      });

      it("reports superseded when a newer run activated while this one was loading", async () => {
        await serving("v01", taggedVersion("v01", keys));
        const { plan, files } = await givenLoadedRun("v02", "v01");
        await serving("v03", taggedVersion("v03", keys));

        const finished = await finishRun({ store, files }, { plan, computations: totals });

        expect(finished.outcome).toBe("superseded");
        expect(await readTags()).toEqual(keys.map(() => "v03"));
      });

      it("replaces an older version activated while this one was loading: the latest version wins", async () => {
        await serving("v01", taggedVersion("v01", keys));
        const { plan, files } = await givenLoadedRun("v03", "v01");
        await serving("v02", taggedVersion("v02", keys));

        const finished = await finishRun({ store, files }, { plan, computations: totals });

        expect(finished.outcome).toBe("activated");
        expect(await readTags()).toEqual(keys.map(() => "v03"));
      });
    });

    it("lets the same holder claim again, and anyone once the lease expired or was released", async () => {
      const retried = await store.beginVersion("v01", { holder: "run-a", until: FAR_FUTURE });
      const again = await store.beginVersion("v01", { holder: "run-a", until: FAR_FUTURE });
      await expectDomainError(store.writeLists(retried, taggedVersion("a", keys))); // the older claim is gone
      await store.releaseVersion(again);
      const afterRelease = await store.beginVersion("v01", { holder: "run-b", until: 1 }); // expired at once
      const afterExpiry = await store.beginVersion("v01", { holder: "run-c", until: FAR_FUTURE });
      await store.releaseVersion(afterRelease); // a stale release leaves the newer lease alone
      await expectDomainError(store.beginVersion("v01", { holder: "run-d", until: FAR_FUTURE }), "RUN_IN_PROGRESS");
      await store.writeLists(afterExpiry, taggedVersion("c", keys));
      await store.completeVersion(afterExpiry, keys.length);
      await store.activate("v01");

      expect(await readTags()).toEqual(keys.map(() => "c"));
    });
  });
}
