/**
 * Exponential backoff with full jitter, bounded by attempts AND by a time budget, shared by the AWS adapters.
 * Sleep, randomness and time are injected so tests never wait and stay deterministic.
 */
import type { Clock } from "../../domain/ports";

export interface RetryTiming {
  /** Total tries including the first one. */
  readonly maxAttempts: number;
  /** Wall-clock budget from the first try; no retry starts that would end after it (fits the Lambda timeout). */
  readonly timeBudgetMs: number;
  /**
   * Worst-case duration of ONE attempt (the client's connection + request timeouts). A retry starts only when
   * the budget still covers its backoff AND this long an attempt, so no attempt runs past the budget.
   * 0 (the default) when the caller cannot bound its attempts: then only the backoff is counted.
   */
  readonly attemptTimeoutMs: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly sleep: (ms: number) => Promise<void>;
  /** Uniform in [0, 1). */
  readonly random: () => number;
  readonly clock: Clock;
}

export interface RetryTimingOptions {
  readonly maxAttempts?: number;
  readonly timeBudgetMs?: number;
  readonly attemptTimeoutMs?: number;
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
  readonly clock?: Clock;
}

export const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
export const systemClock: Clock = { now: () => Date.now() };

export function retryTiming(options: RetryTimingOptions, defaults: Partial<RetryTiming> = {}): RetryTiming {
  return {
    maxAttempts: options.maxAttempts ?? defaults.maxAttempts ?? 5,
    timeBudgetMs: options.timeBudgetMs ?? defaults.timeBudgetMs ?? 10_000,
    attemptTimeoutMs: options.attemptTimeoutMs ?? defaults.attemptTimeoutMs ?? 0,
    baseDelayMs: options.baseDelayMs ?? defaults.baseDelayMs ?? 50,
    maxDelayMs: options.maxDelayMs ?? defaults.maxDelayMs ?? 2_000,
    sleep: options.sleep ?? realSleep,
    random: options.random ?? Math.random,
    clock: options.clock ?? systemClock,
  };
}

/** Full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter"): uniform in [0, min(cap, base * 2^n)). */
export function fullJitterDelay(timing: RetryTiming, retryNumber: number): number {
  const ceiling = Math.min(timing.maxDelayMs, timing.baseDelayMs * 2 ** retryNumber);
  return Math.floor(timing.random() * ceiling);
}

/**
 * Tracks one operation's retries. `waitBeforeRetry` sleeps and returns true when another try is allowed,
 * false when attempts or the time budget are exhausted (then the caller reports what is left undone).
 * The time check counts the backoff AND the next attempt's worst case (`attemptTimeoutMs`): an attempt that
 * could still be running when the budget ends is never started, since the caller's own deadline (the Lambda
 * timeout) sits right behind the budget.
 */
export class RetryBudget {
  private readonly startedAt: number;
  private attempts = 1;

  constructor(private readonly timing: RetryTiming) {
    this.startedAt = timing.clock.now();
  }

  get attemptsMade(): number {
    return this.attempts;
  }

  async waitBeforeRetry(): Promise<boolean> {
    if (this.attempts >= this.timing.maxAttempts) return false;
    const delay = fullJitterDelay(this.timing, this.attempts - 1);
    const elapsed = this.timing.clock.now() - this.startedAt;
    if (elapsed + delay + this.timing.attemptTimeoutMs >= this.timing.timeBudgetMs) return false;
    await this.timing.sleep(delay);
    this.attempts += 1;
    return true;
  }
}
