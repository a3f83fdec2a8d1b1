/**
 * The per-run Personalize branch in one call, for runtimes that run the batch in sequence (and for tests): the
 * steps of ./inference.ts and ./output.ts with the deadline of ./deadline.ts. It never throws: a skipped, failed or
 * late branch leaves the version without Personalize lists and says why, and the blend falls back on the other
 * sources. The AWS state machine runs the same steps as states (infra/personalize-run-definition.ts), inside one
 * Catch that ends the branch the same way.
 */
import type { EngineConfig } from "../config";
import type { StepDeps } from "../pipeline/steps";
import type { PersonalizeService, VersionWrite } from "../ports";
import type { RunSizes } from "../runs/plan";
import { inferenceDeadline, judgeInference } from "./deadline";
import { inferenceStatus, prepareInference, recordModel, startInference } from "./inference";
import { inferencePrefix, personalizeJobName } from "./layout";
import { checkOutput, loadOutput, outputFilesOf } from "./output";

export interface PersonalizeBranchOptions {
  readonly personalize: PersonalizeService;
  readonly numResults: number;
  /** Longest wait for the batch inference job from its start; past it the run goes on without its lists. */
  readonly timeoutMs: number;
  readonly pollMs: number;
  readonly sleep: (ms: number) => Promise<void>;
  /** Names the job (unique per account and region): the stack's prefix. */
  readonly jobPrefix: string;
}

export type PersonalizeOutcome =
  | {
      readonly outcome: "loaded";
      readonly lists: number;
      readonly solutionVersionArn: string;
      readonly jobArn: string;
      readonly userErrors: number;
    }
  | { readonly outcome: "skipped" | "failed" | "late"; readonly lists: 0; readonly reason: string };

export async function runPersonalizeBranch(
  deps: StepDeps,
  config: EngineConfig,
  input: { readonly write: VersionWrite; readonly asOf: number; readonly sizes?: RunSizes },
  options: PersonalizeBranchOptions,
): Promise<PersonalizeOutcome> {
  const { version } = input.write;
  try {
    const prepared = await prepareInference(deps, config, {
      version,
      asOf: input.asOf,
      numResults: options.numResults,
      ...(input.sizes ? { sizes: input.sizes } : {}),
    });
    const started = await startInference(
      { personalize: options.personalize },
      {
        prepared,
        jobName: personalizeJobName(options.jobPrefix, version, deps.ids.newId().slice(0, 8)),
        numResults: options.numResults,
      },
    );
    if (started.kind === "skipped") return { outcome: "skipped", lists: 0, reason: started.reason };
    const startedAt = deps.clock.now();
    const deadline = inferenceDeadline({ startedAt, timeoutMs: options.timeoutMs });
    for (;;) {
      const job = await inferenceStatus({ personalize: options.personalize }, started.jobArn);
      const now = deps.clock.now();
      const verdict = judgeInference(job, now, startedAt, deadline);
      if (verdict.status === "failed" || verdict.status === "late") {
        return { outcome: verdict.status, lists: 0, reason: verdict.reason };
      }
      if (verdict.status === "active") break;
      await options.sleep(Math.min(options.pollMs, deadline - now));
    }
    // Every file is parsed before any is written: a malformed file leaves the version without a single
    // Personalize list, instead of some users' lists the run's total would not count.
    const outputs = outputFilesOf(prepared);
    for (const file of outputs) await checkOutput(deps, { file });
    let lists = 0;
    let userErrors = 0;
    for (const file of outputs) {
      const loaded = await loadOutput(deps, { write: input.write, file });
      lists += loaded.lists;
      userErrors += loaded.userErrors;
    }
    lists += await recordModel(deps, {
      write: input.write,
      solutionVersionArn: started.solutionVersionArn,
      jobArn: started.jobArn,
      users: lists,
    });
    await deps.files.deletePrefix(inferencePrefix(version)).catch(() => 0);
    return {
      outcome: "loaded",
      lists,
      solutionVersionArn: started.solutionVersionArn,
      jobArn: started.jobArn,
      userErrors,
    };
  } catch (error) {
    return { outcome: "failed", lists: 0, reason: error instanceof Error ? error.message : String(error) };
  }
}
