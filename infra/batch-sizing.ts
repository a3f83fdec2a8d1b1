/**
 * Memory, timeout and reserved concurrency of each batch function, from the stack config: the loaders take the
 * `batch*` sizing keys, EASE's two functions are sized by the number of items it models (`ease.items`), the rest
 * are small. Plain functions so the sizes are tested without Pulumi.
 */
import type { BatchStep, PersonalizeStep } from "../handlers/aws/batch-steps/types";
import type { FunctionSizing, InfraConfig } from "./config";
import { StackConfigError } from "./config-values";

const MIB = 2 ** 20;
/** Lambda gives a function one full vCPU at 1,769 MB (Lambda developer guide, "Configuring memory"). */
export const FULL_VCPU_MB = 1_769;
export const LAMBDA_MAX_MB = 10_240;
/** Node, the SDK, one shard of input and the lists being written: measured runs stay well below it. */
const BASE_MB = 300;

const mb = (bytes: number) => Math.ceil(bytes / MIB);

/**
 * Training holds XᵀX counts, the Gram matrix, B and B's file bytes (four N x N float64 arrays at worst); it is
 * single-threaded and CPU-bound, so never below a full vCPU.
 */
export function easeTrainMemoryMb(items: number): number {
  return fitted(BASE_MB + 4 * mb(8 * items * items), "ease-train", items);
}

/** Scoring holds B twice (the file's bytes and the decoded array) and one user shard. */
export function easeScoreMemoryMb(items: number): number {
  return fitted(BASE_MB + 2 * mb(8 * items * items), "ease-score", items);
}

function fitted(needed: number, step: string, items: number): number {
  if (needed > LAMBDA_MAX_MB) {
    throw new StackConfigError(
      `EASE with ${items} items needs ${needed} MB in ${step}, above Lambda's ${LAMBDA_MAX_MB} MB`,
    );
  }
  return Math.max(FULL_VCPU_MB, needed);
}

/** What each state runs at once: reserved (and capped) per function when the stack reserves batch concurrency. */
function parallelism(step: BatchStep, config: InfraConfig): number {
  if (step === "load" || step === "ease-score") return config.batch.loadConcurrency;
  if (step === "export-sql" || step === "export-files") return config.batch.exportConcurrency;
  return 1;
}

export function batchStepSizing(step: BatchStep, config: InfraConfig, easeItems: number): FunctionSizing {
  const loaders = config.functions.batch;
  const reserve = loaders.reservedConcurrency !== undefined;
  const sizing = (memoryMb: number, timeoutSeconds: number): FunctionSizing => ({
    memoryMb,
    timeoutSeconds,
    ...(reserve ? { reservedConcurrency: parallelism(step, config) } : {}),
  });
  switch (step) {
    case "load":
      return sizing(loaders.memoryMb, loaders.timeoutSeconds);
    case "ease-train":
      return sizing(easeTrainMemoryMb(easeItems), loaders.timeoutSeconds);
    case "ease-score":
      return sizing(easeScoreMemoryMb(easeItems), loaders.timeoutSeconds);
    // Start may drop a failed attempt's lists; finish deletes the run's files: both get the loaders' limit.
    case "start":
    case "finish":
      return sizing(512, loaders.timeoutSeconds);
    default:
      return sizing(256, 60);
  }
}

/**
 * The Personalize states' functions: those that read or write a whole file (an export's file into input or CSV
 * lines, an output file parsed or loaded) get the loaders' sizing and run as many at once as the loaders; those
 * that delete a folder (list, then one DeleteObject per file) 512 MB and 5 minutes; the rest call Personalize
 * once and are small.
 */
export function personalizeStepSizing(step: PersonalizeStep, config: InfraConfig): FunctionSizing {
  const loaders = config.functions.batch;
  const reserve = (n: number) => (loaders.reservedConcurrency !== undefined ? { reservedConcurrency: n } : {});
  switch (step) {
    case "personalize-check":
    case "personalize-load":
    case "training-csv":
      return {
        memoryMb: loaders.memoryMb,
        timeoutSeconds: loaders.timeoutSeconds,
        ...reserve(config.batch.loadConcurrency),
      };
    case "personalize-input":
      return { memoryMb: loaders.memoryMb, timeoutSeconds: loaders.timeoutSeconds, ...reserve(1) };
    case "personalize-record":
    case "training-plan":
    case "training-import":
      return { memoryMb: 512, timeoutSeconds: 300, ...reserve(1) };
    default:
      return { memoryMb: 256, timeoutSeconds: 60, ...reserve(1) };
  }
}
