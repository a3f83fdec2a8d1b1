/**
 * The fan-out: `plan` writes the (computation, shard) items for the Distributed Map's S3 reader, `load` loads
 * one item, `ease-train` and `ease-score` run EASE (trained once, scored per user shard).
 */
import { parseS3Location } from "../../../adapters/aws/s3-run-files";
import { type EaseScoreOutput, type EaseTrainOutput, easeScore, easeTrain } from "../../../domain/pipeline/ease-steps";
import { type LoadItem, type LoadPlan, planLoads } from "../../../domain/pipeline/load-plan";
import type { ExportSummary } from "../../../domain/pipeline/types";
import type { VersionWrite } from "../../../domain/ports";
import type { LoadShardOutput } from "../../../domain/runs/loader";
import { type BatchStepDeps, field, isArray, isCount, isObject, isString } from "./types";

/** The plan, plus where the Distributed Map's ItemReader finds its items. */
export interface PlanOutput extends LoadPlan {
  readonly bucket: string;
  readonly key: string;
}

export function makePlan(deps: BatchStepDeps) {
  return async (event: unknown): Promise<PlanOutput> => {
    const version = field<string>(event, "version", isString, "the run's version");
    const exports = field<ExportSummary[]>(event, "exports", isArray, "the export summaries");
    const plan = await planLoads(deps, { version, exports });
    const { bucket, key } = parseS3Location(deps.files.uriOf(plan.items));
    return { ...plan, bucket, key };
  };
}

export function makeLoad(deps: BatchStepDeps) {
  return async (event: unknown): Promise<LoadShardOutput> => {
    const write = field<VersionWrite>(event, "write", isObject, "the run's claim");
    const item = field<LoadItem>(event, "item", isObject, "a load item");
    field(item, "shard", isCount, "a shard number");
    return deps.loadShard({ write, computation: item.computation, manifest: item.manifest, shard: item.shard });
  };
}

export function makeEaseTrain(deps: BatchStepDeps) {
  return async (event: unknown): Promise<EaseTrainOutput> => {
    const write = field<VersionWrite>(event, "write", isObject, "the run's claim");
    const manifest = field<string>(event, "manifest", isString, "the easeInteractions manifest");
    return easeTrain(deps, deps.config, { write, manifest });
  };
}

export function makeEaseScore(deps: BatchStepDeps) {
  return async (event: unknown): Promise<EaseScoreOutput> => {
    const write = field<VersionWrite>(event, "write", isObject, "the run's claim");
    const manifest = field<string>(event, "manifest", isString, "the easeInteractions manifest");
    const model = field<string>(event, "model", isString, "the model file");
    const shard = field<number>(event, "shard", isCount, "a shard number");
    return easeScore(deps, deps.config, { write, manifest, model, shard });
  };
}
