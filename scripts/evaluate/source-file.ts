/**
 * `--source-file <batch-inference-output>`: another model's recommendations scored with our protocol. The file is
 * Amazon Personalize's batch inference output (JSON lines, parsed as strictly as the batch loads them); a team
 * trains Personalize on the split's training part (`--export-personalize <dir>` writes it in Personalize's CSV
 * layout, with the test users as batch inference input), runs one batch inference job, and compares here before
 * paying for Personalize in production.
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { type Dataset, splitEvents } from "../../domain/evaluation/dataset";
import type { UserLists } from "../../domain/models/rankings";
import { parseOutputLine } from "../../domain/personalize/batch-output";
import { interactionLine } from "../../domain/personalize/csv";
import { csvHeader } from "../../domain/personalize/schemas";
import type { ScoredItem } from "../../domain/types";
import type { EvaluateArgs } from "./args";

export async function readSourceFile(path: string): Promise<{ name: string; lists: UserLists }> {
  const lists = new Map<string, readonly ScoredItem[]>();
  const lines = (await readFile(path, "utf8")).split("\n");
  lines.forEach((text, i) => {
    if (text.trim() === "") return;
    try {
      const parsed = parseOutputLine(text);
      if (parsed.kind === "list") lists.set(parsed.list.key.id, parsed.list.items);
    } catch (error) {
      throw new Error(`--source-file ${path} line ${i + 1}: ${(error as Error).message}`);
    }
  });
  return { name: `external: ${basename(path)}`, lists };
}

/** The split's training part as Personalize's interactions CSV, and the users to score as batch inference input. */
export async function exportForPersonalize(
  dataset: Dataset,
  args: Pick<EvaluateArgs, "split" | "seed" | "ratio">,
  eventWeights: Readonly<Record<string, number>>,
  dir: string,
): Promise<{ interactions: number; users: number }> {
  const { train, relevant } = splitEvents(dataset.events, args.split, { seed: args.seed, ratio: args.ratio });
  const rows = train
    .filter((e) => (eventWeights[e.type] ?? 0) > 0)
    .map((e) =>
      interactionLine({
        userId: e.userId,
        itemId: e.itemId,
        timestamp: Math.floor(e.timestamp / 1000),
        eventType: e.type,
        eventValue: eventWeights[e.type]!,
      }),
    );
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, "interactions.csv"), `${[csvHeader("interactions"), ...rows].join("\n")}\n`);
  const users = [...relevant.keys()].map((userId) => JSON.stringify({ userId }));
  await writeFile(join(dir, "users.json"), `${users.join("\n")}\n`);
  return { interactions: rows.length, users: users.length };
}
