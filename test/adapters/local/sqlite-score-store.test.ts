import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { SqliteScoreStore } from "../../../adapters/local/sqlite-score-store";
import { RetryableError } from "../../../domain/errors";
import { describeScoreStoreContract } from "../../contracts/score-store.contract";

const clock = { now: () => 1_767_225_600_000 };

async function tempDatabase(): Promise<{ path: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), "sqlite-store-"));
  return { path: join(dir, "scores.db"), remove: () => rm(dir, { recursive: true, force: true }) };
}

describeScoreStoreContract("SqliteScoreStore", async () => {
  const db = await tempDatabase();
  const store = new SqliteScoreStore({ path: db.path, clock, chunkSize: 100 });
  return {
    store,
    cleanup: async () => {
      store.close();
      await db.remove();
    },
  };
});

describe("SqliteScoreStore on disk", () => {
  it("uses WAL journal mode, so a batch process can write while the server reads", async () => {
    const db = await tempDatabase();
    new SqliteScoreStore({ path: db.path, clock }).close();

    const mode = new Database(db.path, { readonly: true }).pragma("journal_mode", { simple: true });

    expect(mode).toBe("wal");
    await db.remove();
  });

  it("lets two runs writing the same version id not mix: the later claim wins, the earlier run fails", async () => {
    const db = await tempDatabase();
    const first = new SqliteScoreStore({ path: db.path, clock, chunkSize: 1 });
    const second = new SqliteScoreStore({ path: db.path, clock, chunkSize: 1 });
    const list = (id: string, itemId: string) => ({
      key: { scope: "item" as const, source: "jaccard", id },
      items: [{ itemId, score: 1 }],
    });
    let resume: () => void = () => {};
    const paused = new Promise<void>((resolve) => {
      resume = resolve;
    });
    let reached: () => void = () => {};
    const atPause = new Promise<void>((resolve) => {
      reached = resolve;
    });
    async function* slowRun() {
      yield list("a", "from-first");
      yield list("b", "from-first");
      reached();
      await paused;
      yield list("c", "from-first");
    }

    const firstRun = first.writeVersion("v1", slowRun());
    await atPause;
    await second.writeVersion("v1", [list("a", "from-second")]);
    resume();

    await expect(firstRun).rejects.toThrow(/being written by another run/);
    await second.activate("v1");
    const lists = await second.getLists(
      ["a", "b", "c"].map((id) => ({ scope: "item" as const, source: "jaccard", id })),
    );
    expect([...lists.entries()]).toEqual([["item:jaccard:a", [{ itemId: "from-second", score: 1 }]]]);
    first.close();
    second.close();
    await db.remove();
  });

  it("keeps the active version across a restart", async () => {
    const db = await tempDatabase();
    const key = { scope: "item", source: "jaccard", id: "a" } as const;
    const first = new SqliteScoreStore({ path: db.path, clock });
    await first.writeVersion("v1", [{ key, items: [{ itemId: "b", score: 0.5 }] }]);
    await first.activate("v1");
    first.close();

    const reopened = new SqliteScoreStore({ path: db.path, clock });

    expect((await reopened.activeVersion())?.version).toBe("v1");
    expect([...(await reopened.getLists([key])).values()]).toEqual([[{ itemId: "b", score: 0.5 }]]);
    reopened.close();
    await db.remove();
  });

  it("reports a database it cannot open as retryable", async () => {
    const create = () => new SqliteScoreStore({ path: "/nonexistent-dir/scores.db", clock });

    expect(create).toThrow(RetryableError);
  });
});
