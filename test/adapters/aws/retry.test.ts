import { describe, expect, it } from "vitest";
import { RetryBudget, retryTiming } from "../../../adapters/aws/retry";

/** A clock that moves only when told (or when the budget sleeps): no real waiting. */
function givenBudget(options: { timeBudgetMs: number; attemptTimeoutMs?: number; baseDelayMs?: number }) {
  const time = { now: 0, sleeps: [] as number[] };
  const timing = retryTiming({
    maxAttempts: 100,
    maxDelayMs: 10_000,
    baseDelayMs: options.baseDelayMs ?? 100,
    random: () => 0.5,
    clock: { now: () => time.now },
    sleep: async (ms) => {
      time.sleeps.push(ms);
      time.now += ms;
    },
    timeBudgetMs: options.timeBudgetMs,
    ...(options.attemptTimeoutMs === undefined ? {} : { attemptTimeoutMs: options.attemptTimeoutMs }),
  });
  return { budget: new RetryBudget(timing), time };
}

describe("RetryBudget", () => {
  it("refuses to start an attempt the remaining budget cannot cover, backoff and attempt time included", async () => {
    // 6 s budget, an attempt may take 4 s: at 1.9 s a retry (50 ms backoff + 4 s) would end at 5.95 s: allowed.
    const early = givenBudget({ timeBudgetMs: 6_000, attemptTimeoutMs: 4_000 });
    early.time.now = 1_900;
    expect(await early.budget.waitBeforeRetry()).toBe(true);
    expect(early.budget.attemptsMade).toBe(2);

    // At 2.5 s it could end at 6.55 s, past the budget (the old check, backoff only, would have allowed it).
    const late = givenBudget({ timeBudgetMs: 6_000, attemptTimeoutMs: 4_000 });
    late.time.now = 2_500;
    expect(await late.budget.waitBeforeRetry()).toBe(false);
    expect(late.time.sleeps).toEqual([]);
    expect(late.budget.attemptsMade).toBe(1);
  });

  it("never lets an allowed attempt end after the budget", async () => {
    const { budget, time } = givenBudget({ timeBudgetMs: 6_000, attemptTimeoutMs: 1_500, baseDelayMs: 200 });
    // Each attempt takes its full worst case; the last one allowed must still end within the budget.
    time.now += 1_500;
    while (await budget.waitBeforeRetry()) {
      expect(time.now + 1_500).toBeLessThanOrEqual(6_000);
      time.now += 1_500;
    }
    expect(time.now).toBeLessThanOrEqual(6_000);
    expect(budget.attemptsMade).toBeGreaterThan(1);
  });

  it("counts only the backoff when no attempt time is given (attemptTimeoutMs defaults to 0)", async () => {
    const { budget, time } = givenBudget({ timeBudgetMs: 6_000 });
    time.now = 5_900;
    expect(await budget.waitBeforeRetry()).toBe(true);
    expect(retryTiming({}).attemptTimeoutMs).toBe(0);
  });
});
