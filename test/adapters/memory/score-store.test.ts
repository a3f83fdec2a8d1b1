import { describe, expect, it } from "vitest";
import { MemoryScoreStore } from "../../../adapters/memory/score-store";
import { ErrorCode, RetryableError } from "../../../domain/errors";
import { describeScoreStoreContract } from "../../contracts/score-store.contract";

const clock = { now: () => 1_767_225_600_000 };

describeScoreStoreContract("MemoryScoreStore", async () => ({
  store: new MemoryScoreStore(clock),
  cleanup: async () => {},
}));

describe("MemoryScoreStore faults", () => {
  it("rejects the chosen number of reads as retryable, then recovers", async () => {
    const store = new MemoryScoreStore(clock, { faults: { rejectNextReads: 2 } });
    const key = { scope: "global", source: "popularity", id: "all" } as const;

    const outcomes = await Promise.allSettled([store.getLists([key]), store.activeVersion(), store.getLists([key])]);

    expect(outcomes.map((o) => o.status)).toEqual(["rejected", "rejected", "fulfilled"]);
    const reason = (outcomes[0] as PromiseRejectedResult).reason;
    expect(reason).toBeInstanceOf(RetryableError);
    expect(reason.code).toBe(ErrorCode.STORE_UNAVAILABLE);
  });

  it("rejects writes injected after construction without touching the serving version", async () => {
    const store = new MemoryScoreStore(clock);
    await store.writeVersion("v1", []);
    store.faults = { rejectNextWrites: 1 };

    await expect(store.activate("v1")).rejects.toBeInstanceOf(RetryableError);

    expect(await store.activeVersion()).toBeNull();
    await store.activate("v1");
    expect((await store.activeVersion())?.version).toBe("v1");
  });
});
