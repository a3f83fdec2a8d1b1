/**
 * What `personalize: batch` adds (docs/personalize.md): training per retrain (training hours), the training data
 * imported per retrain (GB ingested), and one batch inference job per run (per 1,000 users scored). Unit prices
 * from docs/prices.json's `personalize` section, with its own source and date.
 */
import type { Prices } from "./prices";
import { DAYS_PER_MONTH, type Usage } from "./usage";

export interface PersonalizeLine {
  readonly what: string;
  readonly monthly: number;
  readonly detail: string;
}

const GB = 2 ** 30;
const count = (n: number) => Math.round(n).toLocaleString("en-US");

export function personalizeLines(u: Usage, p: Prices): PersonalizeLine[] {
  const price = p.personalize;
  const trainingHours = u.personalizeRetrainsPerMonth * u.personalizeTrainingHours;
  // Each retrain imports the whole window again (importMode FULL): interactions and the catalog.
  const importedGb =
    (u.personalizeRetrainsPerMonth *
      (u.eventsPerDay * u.windowDays * u.personalizeInteractionBytes + u.items * u.personalizeItemBytes)) /
    GB;
  const scored = u.batchRunsPerDay * DAYS_PER_MONTH * u.users;
  return [
    {
      what: "training",
      monthly: trainingHours * price.perTrainingHour,
      detail: `${u.personalizeRetrainsPerMonth} retrains x ${u.personalizeTrainingHours} training hours`,
    },
    {
      what: "data ingestion",
      monthly: importedGb * price.perGbIngested,
      detail: `${importedGb.toFixed(2)} GB imported (${u.windowDays}-day window per retrain)`,
    },
    {
      what: "batch inference",
      monthly: (scored / 1000) * price.perThousandBatchUsers,
      detail: `${count(scored)} users scored (${u.users.toLocaleString("en-US")} per run)`,
    },
  ];
}
