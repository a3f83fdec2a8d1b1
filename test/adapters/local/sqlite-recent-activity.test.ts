import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SqliteRecentActivityStore } from "../../../adapters/local/sqlite-recent-activity";
import { SqliteScoreStore } from "../../../adapters/local/sqlite-score-store";
import { DAY_MS } from "../../../domain/config";
import { describeRecentActivityContract } from "../../contracts/recent-activity.contract";

describeRecentActivityContract("SqliteRecentActivityStore", async (options) => {
  const dir = mkdtempSync(join(tmpdir(), "recent-"));
  const store = new SqliteRecentActivityStore({ ...options, path: join(dir, "scores.db") });
  return {
    store,
    cleanup: async () => {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

describe("SqliteRecentActivityStore", () => {
  it("shares the score database file and survives a reopen", async () => {
    const dir = mkdtempSync(join(tmpdir(), "recent-"));
    const path = join(dir, "scores.db");
    const clock = { now: () => Date.UTC(2026, 0, 2) };
    const scores = new SqliteScoreStore({ path, clock });
    const first = new SqliteRecentActivityStore({ path, clock });
    await first.record([{ eventId: "e1", userId: "u1", itemId: "a", type: "like", timestamp: clock.now() }]);
    first.close();

    const reopened = new SqliteRecentActivityStore({ path, clock });

    expect(await reopened.recent("u1")).toEqual([{ itemId: "a", type: "like", timestamp: clock.now() }]);
    expect(await scores.activeVersion()).toBeNull();
    reopened.close();
    scores.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("prunes users idle for longer than the retention", async () => {
    const dir = mkdtempSync(join(tmpdir(), "recent-"));
    let now = Date.UTC(2026, 0, 2);
    const store = new SqliteRecentActivityStore({
      path: join(dir, "r.db"),
      clock: { now: () => now },
      retentionDays: 1,
    });
    await store.record([{ eventId: "e1", userId: "idle", itemId: "a", type: "view", timestamp: now }]);
    now += 2 * DAY_MS;
    await store.record([{ eventId: "e2", userId: "active", itemId: "b", type: "view", timestamp: now }]);

    expect(store.pruneExpired()).toBe(1);
    expect(await store.recent("active")).toHaveLength(1);
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
