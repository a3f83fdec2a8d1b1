/**
 * How many DynamoDB batch writes a loader keeps in flight: additive increase, multiplicative decrease (AIMD, as
 * TCP congestion control). Every throttle (an exception or unprocessed items) halves the limit; every clean
 * batch raises it by 1/limit, so about one more batch in flight per round of successes. A new on-demand table
 * absorbs a limited write rate until it has scaled ("warm throughput", DynamoDB Developer Guide), so a loader
 * that only retried would keep hammering it; this one backs off as well.
 */
export interface ConcurrencyLimits {
  readonly initial: number;
  readonly min: number;
  readonly max: number;
}

export const DEFAULT_WRITE_CONCURRENCY: ConcurrencyLimits = { initial: 4, min: 1, max: 16 };

export class AdaptiveConcurrency {
  private limitValue: number;
  private inFlight = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limits: ConcurrencyLimits = DEFAULT_WRITE_CONCURRENCY) {
    this.limitValue = limits.initial;
  }

  /** Current limit (whole batches in flight). */
  get limit(): number {
    return Math.floor(this.limitValue);
  }

  /** Resolves once a slot is free; call `release` when the batch has settled. */
  async acquire(): Promise<void> {
    while (this.inFlight >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.inFlight++;
  }

  release(): void {
    this.inFlight--;
    this.waiting.shift()?.();
  }

  onThrottle(): void {
    this.limitValue = Math.max(this.limits.min, this.limitValue / 2);
  }

  onSuccess(): void {
    const before = this.limit;
    this.limitValue = Math.min(this.limits.max, this.limitValue + 1 / Math.max(1, this.limitValue));
    if (this.limit > before) this.waiting.shift()?.();
  }
}
