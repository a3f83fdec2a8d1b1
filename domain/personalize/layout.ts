/**
 * Where Personalize's files live, relative to the run-file root (the lake bucket on AWS). Three prefixes with
 * three different readers, so the role Personalize assumes reads exactly the first two and writes only the third:
 *
 * - `personalize/training/<stamp>/<dataset>/part-<k>.csv`: CSV files of one import (Personalize reads a folder);
 * - `personalize/inference/<version>/input/users-<k>.json`: the users of one run's batch inference job;
 * - `personalize/inference/<version>/output/`: what the job writes, read back by the loader.
 *
 * The exports these are made from stay under `runs/` with every other result.
 */
import type { PersonalizeDataset } from "./schemas";

export const PERSONALIZE_PREFIX = "personalize/";
export const TRAINING_PREFIX = `${PERSONALIZE_PREFIX}training/`;
export const INFERENCE_PREFIX = `${PERSONALIZE_PREFIX}inference/`;

const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;

function segment(value: string): string {
  if (!SEGMENT.test(value) || value.includes("..")) throw new TypeError(`not a safe path segment: ${value}`);
  return value;
}

export const trainingPrefix = (stamp: string, dataset: PersonalizeDataset) =>
  `${TRAINING_PREFIX}${segment(stamp)}/${dataset}/`;
export const trainingFile = (stamp: string, dataset: PersonalizeDataset, part: number) =>
  `${trainingPrefix(stamp, dataset)}part-${part}.csv`;

export const inferencePrefix = (version: string) => `${INFERENCE_PREFIX}${segment(version)}/`;
export const inferenceInput = (version: string, part: number) => `${inferencePrefix(version)}input/users-${part}.json`;
export const inferenceInputPrefix = (version: string) => `${inferencePrefix(version)}input/`;
export const inferenceOutputPrefix = (version: string) => `${inferencePrefix(version)}output/`;

/** A Personalize job name, `<name>-<part>-…`, the name cut so the whole stays within Personalize's 63 characters. */
export function personalizeJobName(name: string, ...parts: readonly string[]): string {
  const suffix = parts.map((part) => `-${part}`).join("");
  return `${name.slice(0, Math.max(0, 63 - suffix.length))}${suffix}`;
}
