/**
 * How long a run waits for its batch inference job, and what a poll of the job means for the run: one rule for the
 * sequential branch (./branch.ts) and the state machine's wait loop (its status state). The wait ends at the job's
 * own limit (`personalizeInferenceTimeoutMinutes` from the job's start) or, earlier, where the run itself must go
 * on to load the output and finish before its own deadline: a late Personalize job never times out the run.
 */
import type { ManagedJob } from "../ports";

export interface DeadlineInput {
  /** When the job was started (epoch ms). */
  readonly startedAt: number;
  /** Longest wait for the job from its start. */
  readonly timeoutMs: number;
  /** When the run must stop waiting to leave itself time to load the output and finish (epoch ms). */
  readonly runWaitsUntil?: number;
}

export const inferenceDeadline = (input: DeadlineInput): number =>
  Math.min(input.startedAt + input.timeoutMs, input.runWaitsUntil ?? Number.POSITIVE_INFINITY);

export type InferenceVerdict =
  | { readonly status: "active" | "pending" }
  | { readonly status: "failed" | "late"; readonly reason: string };

/** The job's status at `now`: a job still running at or past the deadline is late. */
export function judgeInference(job: ManagedJob, now: number, startedAt: number, deadline: number): InferenceVerdict {
  if (job.status === "failed") {
    return { status: "failed", reason: `batch inference job failed: ${job.failureReason ?? "no reason given"}` };
  }
  if (job.status === "active") return { status: "active" };
  if (now >= deadline) return { status: "late", reason: `batch inference job not done after ${now - startedAt} ms` };
  return { status: "pending" };
}
