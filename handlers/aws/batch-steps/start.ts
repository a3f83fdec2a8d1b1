/**
 * The first state: which clock time this run is for, and its claim on the version. A scheduled run's time is
 * the schedule's own (`<aws.scheduler.scheduled-time>` in the execution input), so a schedule delivered twice
 * names one version twice, and the second execution finds it leased by the first and stops before any query.
 * Runs started by hand (no `time`) use the execution's start time. On Aurora it first sets up serve's read-only
 * database user (`prepareStore`), so that user exists before the run's version can be activated.
 */
import { DomainError, ErrorCode } from "../../../domain/errors";
import { startRun } from "../../../domain/pipeline/steps";
import type { RunPlan } from "../../../domain/pipeline/types";
import { type BatchStepDeps, field, isCount, isString } from "./types";

export interface StartEvent {
  /** The execution's input: `{ "time": "2026-11-28T03:15:00Z" }` from the schedule, `{}` by hand. */
  readonly input: { readonly time?: string };
  /** `$$.Execution.StartTime`: the run's time when the input names none, and when its lease starts. */
  readonly startTime: string;
  /** `$$.Execution.Id`: who holds the lease. */
  readonly holder: string;
  /** The state machine's timeout: the lease ends with the execution's deadline. */
  readonly leaseSeconds: number;
}

/** The execution's start and the time it runs for: the schedule's (`input.time`), else the start. */
export function scheduledTime(event: unknown): { readonly startTime: number; readonly now: number } {
  const startTime = instant(field<string>(event, "startTime", isString, "an ISO-8601 time"), "startTime");
  const input = (event as Partial<StartEvent>).input;
  const time = typeof input === "object" && input !== null ? input.time : undefined;
  return { startTime, now: time === undefined ? startTime : instant(time, "time") };
}

export function makeStart(deps: BatchStepDeps) {
  return async (event: unknown): Promise<RunPlan> => {
    const { startTime, now } = scheduledTime(event);
    const holder = field<string>(event, "holder", isString, "the execution id");
    const leaseSeconds = field<number>(event, "leaseSeconds", isCount, "a number of seconds");
    const { sizes, rowsPerShard, compression } = deps.run;
    await deps.prepareStore?.();
    return startRun(deps, deps.config, {
      now,
      compression,
      ...(sizes ? { sizes } : {}),
      ...(rowsPerShard ? { rowsPerShard } : {}),
      lease: { holder, until: startTime + leaseSeconds * 1000 },
    });
  };
}

/** Scheduler and Step Functions write ISO-8601 with a zone; anything else is refused by name. */
export function instant(text: unknown, name: string): number {
  const ms =
    typeof text === "string" && /^\d{4}-\d\d-\d\dT[\d:.]+(Z|[+-]\d\d:?\d\d)$/.test(text) ? Date.parse(text) : NaN;
  if (!Number.isFinite(ms)) {
    throw new DomainError(ErrorCode.INVALID_REQUEST, `batch run: "${name}" must be an ISO-8601 time with a zone`, {
      [name]: text,
    });
  }
  return ms;
}
