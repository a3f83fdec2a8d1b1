/**
 * What the batch scale model takes from measured local runs (`npm run bench -- batch-steps --write-calibration`
 * writes scripts/cost/calibration.json): per computation, DuckDB's export time, result rows and gzip bytes on the
 * bench lake, and the chunk loader's CPU time; EASE's read, XᵀX, solve and scoring CPU time with the work each
 * did, so the model can scale them.
 */
import { readFileSync } from "node:fs";
import type { ComputationName, PersonalizeComputationName } from "../../domain/runs/computations";

/** The computations every run exports (Personalize's training exports belong to its own schedule). */
export type RunComputationName = Exclude<ComputationName, PersonalizeComputationName>;

export interface ComputationCalibration {
  readonly exportCpuS: number;
  readonly exportWallS: number;
  readonly rows: number;
  readonly lists: number;
  readonly gzipBytes: number;
  /** CPU seconds of the chunk loader (read, parse, group, encode lists) with writes discarded. */
  readonly loadCpuS: number;
}

export interface Calibration {
  readonly command: string;
  readonly measuredAt: string;
  readonly loadAverage: string;
  readonly lake: {
    readonly events: number;
    readonly users: number;
    readonly items: number;
    readonly gzipBytes: number;
  };
  /** Σ over users of (distinct items, capped)²: what the pair computations' work grows with. */
  readonly pairWork: number;
  readonly computations: Readonly<Record<RunComputationName, ComputationCalibration>>;
  readonly ease: {
    readonly items: number;
    readonly users: number;
    /** Training pairs (Σ h_u) and Σ h_u² over users. */
    readonly pairs: number;
    readonly pairSquares: number;
    readonly readCpuS: number;
    readonly gramCpuS: number;
    readonly solveCpuS: number;
    readonly scoreCpuS: number;
  };
}

export const CALIBRATION_FILE = new URL("./calibration.json", import.meta.url);

export function loadCalibration(path: URL | string = CALIBRATION_FILE): Calibration {
  return JSON.parse(readFileSync(path, "utf8")) as Calibration;
}
