/**
 * `npm run evaluate -- --source-file <batch-inference-output>`: another model's recommendations scored with our
 * protocol (same split, seen items removed, the same metrics), and `--export-personalize` writing the split's
 * training part and test users in Personalize's formats.
 */
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseUData } from "../../adapters/datasets/movielens-100k";
import { splitEvents } from "../../domain/evaluation/dataset";
import { INTERACTIONS_SCHEMA } from "../../domain/personalize/schemas";
import { readSourceFile } from "../../scripts/evaluate/source-file";
import { readAgainstSchema } from "../domain/personalize/avro-csv";

const run = promisify(execFile);
const evaluate = (args: string[]) => run("npx", ["tsx", "scripts/evaluate.ts", ...args], { timeout: 120_000 });

let dir: string;
let uData: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "evaluate-source-"));
  const lines: string[] = [];
  for (let u = 1; u <= 30; u++)
    for (let i = 0; i < 8; i++) lines.push(`${u}\t${(u % 3) * 10 + ((u + i) % 10) + 1}\t4\t${u * 100 + i}`);
  uData = `${lines.join("\n")}\n`;
  await writeFile(join(dir, "u.data"), uData);
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

/** A model that knows the answer: each test user's held-out items, as Personalize's output would list them. */
function oracleOutput(): string {
  const { relevant } = splitEvents(parseUData(uData), "item-stratified", { seed: 42, ratio: 0.75 });
  return [...relevant]
    .map(([userId, items]) => {
      const recommendedItems = [...items];
      const scores = recommendedItems.map((_, i) => 1 / (i + 1));
      return JSON.stringify({ input: { userId }, output: { recommendedItems, scores }, error: null });
    })
    .join("\n");
}

describe("evaluate --source-file", () => {
  it("scores the file's recommendations as one more row of the table, with the same protocol", async () => {
    await writeFile(join(dir, "oracle.json.out"), `${oracleOutput()}\n`);
    const out = join(dir, "out");

    const { stdout } = await evaluate([
      ...["--format", "movielens-100k", "--data", dir, "--out", out, "--k", "5"],
      ...["--source-file", join(dir, "oracle.json.out")],
    ]);

    expect(stdout).toMatch(/external: oracle\.json\.out\s+\S+\s+1\.0000\s+1\.0000/);
    const json = JSON.parse(await readFile(join(out, "results.json"), "utf8"));
    const row = json.rows.find((r: { name: string }) => r.name === "external: oracle.json.out");
    expect(row.metrics).toMatchObject({ recall: 1, ndcg: 1, hitRate: 1 });
  }, 120_000);

  it("refuses a malformed line, naming the file and the line", async () => {
    await writeFile(join(dir, "bad.json.out"), `${oracleOutput().split("\n")[0]}\n{"input":{}}\n`);

    await expect(readSourceFile(join(dir, "bad.json.out"))).rejects.toThrow(/bad\.json\.out line 2: input\.userId/);
  });
});

describe("evaluate --export-personalize", () => {
  it("writes the training part as interactions.csv in the declared schema and the test users as batch input", async () => {
    const target = join(dir, "personalize");

    await evaluate(["--format", "movielens-100k", "--data", dir, "--export-personalize", target]);

    const { train, relevant } = splitEvents(parseUData(uData), "item-stratified", { seed: 42, ratio: 0.75 });
    const rows = readAgainstSchema(await readFile(join(target, "interactions.csv"), "utf8"), INTERACTIONS_SCHEMA);
    expect(rows).toHaveLength(train.length);
    const users = (await readFile(join(target, "users.json"), "utf8"))
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l).userId);
    expect(users.sort()).toEqual([...relevant.keys()].sort());
  }, 120_000);
});
