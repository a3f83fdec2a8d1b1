import { describe, expect, it } from "vitest";
import { MemoryRecentActivityStore } from "../../../adapters/memory/recent-activity";
import { ErrorCode } from "../../../domain/errors";
import { describeRecentActivityContract } from "../../contracts/recent-activity.contract";

describeRecentActivityContract("MemoryRecentActivityStore", async (options) => ({
  store: new MemoryRecentActivityStore(options),
  cleanup: async () => {},
}));

describe("MemoryRecentActivityStore faults", () => {
  it("rejects as retryable STORE_UNAVAILABLE while a fault is injected, then recovers", async () => {
    const store = new MemoryRecentActivityStore({ clock: { now: () => 0 } });
    store.rejectNext = 1;

    await expect(store.recent("u1")).rejects.toMatchObject({ code: ErrorCode.STORE_UNAVAILABLE });
    expect(await store.recent("u1")).toEqual([]);
  });
});
