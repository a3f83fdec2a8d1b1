/**
 * What the Personalize lines of the scale model take from measured local runs (`npm run bench -- personalize
 * --write-calibration` writes scripts/cost/personalize-calibration.json): the users export and the input files,
 * the check and load passes over output files in the documented format, and the training data's exports and CSV
 * conversion, each with the work it did, so the model can scale them.
 */
import { readFileSync } from "node:fs";

export interface PersonalizeCalibration {
  readonly command: string;
  readonly measuredAt: string;
  readonly loadAverage: string;
  readonly lake: { readonly events: number; readonly users: number; readonly items: number };
  /** The users export (DuckDB, 2 threads) and the input files written from it. */
  readonly users: { readonly rows: number; readonly exportWallS: number; readonly inputCpuS: number };
  /** Output files of `numResults` items per user, as Personalize writes them. */
  readonly output: {
    readonly users: number;
    readonly numResults: number;
    readonly bytes: number;
    /** The first pass: every line parsed, nothing held or written. */
    readonly checkCpuS: number;
    /** The second: parsed again, lists held and handed to a store that discards them. */
    readonly loadCpuS: number;
  };
  /** The training data: both exports and their conversion into CSV files with headers. */
  readonly training: {
    readonly interactions: number;
    readonly items: number;
    readonly exportWallS: number;
    readonly csvCpuS: number;
    readonly interactionCsvBytes: number;
    readonly itemCsvBytes: number;
  };
}

export const PERSONALIZE_CALIBRATION_FILE = new URL("./personalize-calibration.json", import.meta.url);

export function loadPersonalizeCalibration(path: URL | string = PERSONALIZE_CALIBRATION_FILE): PersonalizeCalibration {
  return JSON.parse(readFileSync(path, "utf8")) as PersonalizeCalibration;
}
