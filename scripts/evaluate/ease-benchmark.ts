/** `--ease-benchmark`: EASE training time at item limits 500 / 1,000 / 2,000 on the loaded data. */
import type { Dataset } from "../../domain/evaluation/dataset";
import { pairsOf } from "../../domain/evaluation/dataset";
import { trainEase } from "../../domain/models/ease";

export interface EaseTiming {
  readonly requestedItems: number;
  /** Items actually modelled (fewer when the data has fewer). */
  readonly items: number;
  /** Wall-clock seconds, and CPU seconds of this process (a busy machine inflates only the first). */
  readonly seconds: number;
  readonly cpuSeconds: number;
}

export function benchmarkEase(dataset: Dataset, lambda: number, limits = [500, 1000, 2000]): EaseTiming[] {
  const histories = new Map<string, string[]>();
  for (const pair of pairsOf(dataset.events)) {
    const items = histories.get(pair.userId) ?? [];
    histories.set(pair.userId, items);
    items.push(pair.itemId);
  }
  return limits.map((limit) => {
    const started = performance.now();
    const cpu = process.cpuUsage();
    const model = trainEase(histories, { items: limit, lambda, topK: 100 });
    const { user, system } = process.cpuUsage(cpu);
    return {
      requestedItems: limit,
      items: model.itemIds.length,
      seconds: (performance.now() - started) / 1000,
      cpuSeconds: (user + system) / 1e6,
    };
  });
}

export function easeTimings(timings: readonly EaseTiming[]): string {
  const lines = timings.map(
    (t) => `  N = ${String(t.items).padStart(5)}: ${t.seconds.toFixed(2)} s wall, ${t.cpuSeconds.toFixed(2)} s CPU`,
  );
  return ["EASE training time (Gram matrix, Cholesky inverse, top-K lists):", ...lines].join("\n");
}
