import { Container } from "inversify";
import { describe, expect, it } from "vitest";
import type { BatchReport } from "../../../domain/batch";
import { RECENT } from "../../../handlers/container/recent-token";
import { pruningRecentActivity } from "../../../handlers/local/lifecycle";

const report = { version: "v1", outcome: "activated" } as BatchReport;

describe("pruningRecentActivity", () => {
  it("deletes expired recent activity after each batch run, so the local table does not grow forever", async () => {
    const container = new Container();
    let pruned = 0;
    container.bind(RECENT).toConstantValue({ pruneExpired: () => pruned++ } as never);
    const run = pruningRecentActivity(async () => report, container);

    await run();
    await run();

    expect(pruned).toBe(2);
  });

  it("runs the batch alone where no recent-activity store is bound", async () => {
    const run = pruningRecentActivity(async () => report, new Container());

    await expect(run()).resolves.toBe(report);
  });
});
