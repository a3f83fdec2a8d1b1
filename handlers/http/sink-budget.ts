/**
 * An ingest time budget around any EventSink: a sink that hangs (a stuck disk, a slow network) must not hang
 * the request forever. When the budget runs out the append resolves with every record failed and retryable;
 * if the late append still succeeds the client's retry makes a duplicate, which is harmless (events carry
 * eventIds and duplicates are removed downstream).
 */
import type { AppendResult, EventSink } from "../../domain/ports";

export const DEFAULT_INGEST_TIME_BUDGET_MS = 5_000;

export function withTimeBudget(sink: EventSink, budgetMs: number): EventSink {
  const bounded = <T>(records: readonly T[], append: (r: readonly T[]) => Promise<AppendResult>) =>
    race(append(records), budgetMs, records.length);
  return {
    appendEvents: (events) => bounded(events, (r) => sink.appendEvents(r)),
    appendCatalog: (items) => bounded(items, (r) => sink.appendCatalog(r)),
    flush: () => sink.flush(),
  };
}

function race(append: Promise<AppendResult>, budgetMs: number, count: number): Promise<AppendResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<AppendResult>((resolve) => {
    timer = setTimeout(() => {
      const reason = `the sink did not confirm within ${budgetMs} ms`;
      resolve({ failed: Array.from({ length: count }, (_, index) => ({ index, reason })) });
    }, budgetMs);
    timer.unref?.();
  });
  // A late rejection must not become an unhandled rejection once the timeout has answered.
  append.catch(() => {});
  return Promise.race([append, timeout]).finally(() => clearTimeout(timer));
}
