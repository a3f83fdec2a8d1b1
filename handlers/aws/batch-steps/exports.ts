/**
 * The two functions around each export's Athena query: `export-sql` plans a fresh attempt and writes its UNLOAD
 * statement (Step Functions' `athena:startQueryExecution.sync` runs it, so no function waits on a query), and
 * `export-files` turns the data manifest Athena wrote into the run's manifest.json. A failed query comes back to
 * `export-sql` with Athena's answer: it plans another attempt (UNLOAD wants an empty folder), or fails the run
 * when Athena says a retry cannot help or the attempts are used up.
 */
import { filesOfDataManifest } from "../../../adapters/aws/athena-data-manifest";
import { DomainError, ErrorCode } from "../../../domain/errors";
import { planExport, recordExport } from "../../../domain/pipeline/steps";
import type { ExportAttempt, ExportComputationInput, ExportSummary } from "../../../domain/pipeline/types";
import { type BatchStepDeps, field, isObject } from "./types";

export interface ExportSqlOutput {
  readonly attempt: ExportAttempt;
  readonly queryString: string;
  /** Attempts made so far, this one included. */
  readonly tries: number;
}

/** The iteration's state: the run, the export, and after a failed query the last attempt and Athena's error. */
interface Iteration {
  readonly plan: {
    readonly version: string;
    readonly asOf: number;
    readonly compression: ExportAttempt["compression"];
  };
  readonly export: { readonly computation: ExportAttempt["computation"]; readonly shards: number };
  /** The previous attempt's `export-sql` output, once a query failed. */
  readonly sql?: { readonly tries?: number };
  readonly queryFailure?: { readonly Error?: string; readonly Cause?: string };
}

export function makeExportSql(deps: BatchStepDeps) {
  return async (event: unknown): Promise<ExportSqlOutput> => {
    const iteration = field<Iteration>(event, "iteration", isObject, "the export iteration's state");
    field(iteration, "plan", isObject, "the run plan");
    field(iteration, "export", isObject, "a planned export");
    const tries = (iteration.sql?.tries ?? 0) + 1;
    if (iteration.queryFailure) refuseAnotherTry(iteration, tries, deps.run.exportTries);
    const input: ExportComputationInput = {
      version: iteration.plan.version,
      asOf: iteration.plan.asOf,
      compression: iteration.plan.compression,
      computation: iteration.export.computation,
      shards: iteration.export.shards,
    };
    const attempt = planExport(deps, input);
    return { attempt, queryString: deps.unloadSql(attempt, deps.config), tries };
  };
}

/** Throws when the failed query should not be tried again. */
function refuseAnotherTry(iteration: Iteration, tries: number, maxTries: number): void {
  const { Error: error = "unknown", Cause: cause = "" } = iteration.queryFailure ?? {};
  const athena = athenaError(cause);
  const reason = athena?.reason ?? `${error}: ${cause}`.slice(0, 2_000);
  const name = iteration.export.computation;
  if (athena?.retryable === false || tries > maxTries) {
    const why = athena?.retryable === false ? "Athena says a retry cannot help" : `${maxTries} attempts failed`;
    throw new DomainError(ErrorCode.QUERY_FAILED, `${name} export failed (${why}): ${reason}`, {
      computation: name,
      tries: tries - 1,
    });
  }
}

/** Athena's own verdict, when the failure's cause is the query execution (the `.sync` integration's Cause). */
function athenaError(cause: string): { reason: string; retryable: boolean | undefined } | undefined {
  try {
    const parsed = JSON.parse(cause) as {
      QueryExecution?: { Status?: { StateChangeReason?: string; AthenaError?: { Retryable?: boolean } } };
    };
    const status = parsed.QueryExecution?.Status;
    if (!status) return undefined;
    return { reason: status.StateChangeReason ?? "no reason given", retryable: status.AthenaError?.Retryable };
  } catch {
    return undefined;
  }
}

export function makeExportFiles(deps: BatchStepDeps) {
  return async (event: unknown): Promise<ExportSummary> => {
    const attempt = field<ExportAttempt>(event, "attempt", isObject, "the export attempt");
    const query = field<{ statistics?: { DataManifestLocation?: string } }>(event, "query", isObject, "the query");
    const manifestUri = query.statistics?.DataManifestLocation;
    const files = await filesOfDataManifest(deps.files, manifestUri, attempt.prefix, attempt.computation);
    return recordExport(deps, attempt, { files });
  };
}
