/** The `npm run evaluate` command line: rules report, output files, argument errors. */
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseBaskets } from "../../adapters/datasets/baskets-csv";
import { DEFAULT_CONFIG } from "../../domain/config";
import { splitEvents } from "../../domain/evaluation/dataset";
import { parseEvaluateArgs } from "../../scripts/evaluate/args";
import { validationPart } from "../../scripts/evaluate/dataset";
import { allRules, rulesTable } from "../../scripts/evaluate/rules";
import { engineConfigOf, settingsOf } from "../../scripts/evaluate/settings";

const run = promisify(execFile);
const evaluate = (args: string[]) => run("npx", ["tsx", "scripts/evaluate.ts", ...args], { timeout: 120_000 });

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "evaluate-cli-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("the rules report", () => {
  const baskets = "a,b\na,b\na,c\nb\n";

  it("lists every rule above the thresholds with support, confidence and lift, by lift then names", () => {
    // act
    const table = rulesTable(allRules({ name: "b", events: parseBaskets(baskets), catalog: [] }, 0, 0));
    // assess: N = 4, c(a) = c(b) = 3, c(c) = 1, c(ab) = 2, c(ac) = 1
    const rows = table
      .split("\n")
      .slice(1, 5)
      .map((line) => line.trim().split(/\s+/));
    expect(rows).toEqual([
      ["a", "c", "0.2500", "0.3333", "1.3333"],
      ["c", "a", "0.2500", "1.0000", "1.3333"],
      ["a", "b", "0.5000", "0.6667", "0.8889"],
      ["b", "a", "0.5000", "0.6667", "0.8889"],
    ]);
  });

  it("prints through the CLI with --min-support and --min-confidence", async () => {
    await writeFile(join(dir, "baskets.csv"), baskets);
    const { stdout } = await evaluate([
      ...["--format", "baskets-csv", "--data", join(dir, "baskets.csv"), "--rules"],
      ...["--min-support", "0.3", "--min-confidence", "0.5"],
    ]);
    expect(stdout).toMatch(
      /^antecedent\s+consequent\s+support\s+confidence\s+lift\na\s+b\s+0\.5000\s+0\.6667\s+0\.8889\nb\s+a/,
    );
    expect(stdout).toContain("2 rules");
  }, 120_000);
});

describe("an evaluation run", () => {
  it("prints the table and writes results.json, results.md and metrics.svg", async () => {
    // prepare: 30 users who rate items of their own third of the catalog, tiny u.data
    const lines: string[] = [];
    for (let u = 1; u <= 30; u++)
      for (let i = 0; i < 8; i++) lines.push(`${u}\t${(u % 3) * 10 + ((u + i) % 10) + 1}\t4\t${u * 100 + i}`);
    await writeFile(join(dir, "u.data"), `${lines.join("\n")}\n`);
    const out = join(dir, "out");
    // act
    const { stdout } = await evaluate(["--format", "movielens-100k", "--data", dir, "--out", out, "--k", "5"]);
    // assess
    expect(stdout).toMatch(/item-item Jaccard \(top-K\)\s+0\.\d{4}/);
    const json = JSON.parse(await readFile(join(out, "results.json"), "utf8"));
    expect(json.rows.map((r: { name: string }) => r.name)).toContain("EASE (trained)");
    expect(json.k).toBe(5);
    expect(await readFile(join(out, "results.md"), "utf8")).toContain("| hybrid (configured weights) |");
    expect(await readFile(join(out, "metrics.svg"), "utf8")).toMatch(/^<svg[\s\S]*<\/svg>\n$/);
  }, 120_000);
});

describe("parseEvaluateArgs", () => {
  it("defaults to Recommenders' protocol: item-stratified 75/25, top-10, seed 42", () => {
    expect(parseEvaluateArgs(["--format", "movielens-100k", "--data", "x"])).toMatchObject({
      split: "item-stratified",
      ratio: 0.75,
      k: 10,
      seed: 42,
      engine: "reference",
    });
  });

  it.each([
    [["--format", "movielens-100k"], /--data is required/],
    [["--format", "nope"], /--format must be one of/],
    [["--format", "synthetic", "--k", "0"], /--k got "0"/],
    [["--format", "synthetic", "--split", "random"], /--split must be one of/],
    [["--format", "synthetic", "--bogus"], /Unknown option/],
  ])("rejects %j", (argv, message) => {
    expect(() => parseEvaluateArgs(argv)).toThrow(message);
  });
});

describe("--config, the EASE flags and --validation", () => {
  const args = (...argv: string[]) => parseEvaluateArgs(["--format", "synthetic", ...argv]);

  it("evaluates the configured engine: --config overrides the defaults, an EASE flag overrides both", () => {
    const config = '{"batch":{"ease":{"lambda":100}},"hybrid":{"user":{"ease":1}}}';

    expect(settingsOf(args("--config", config))).toMatchObject({
      batch: { ease: { lambda: 100, items: DEFAULT_CONFIG.batch.ease.items } },
      weights: { ease: 1 },
    });
    expect(settingsOf(args("--config", config, "--ease-lambda", "50")).batch.ease.lambda).toBe(50);
    expect(settingsOf(args()).batch.ease).toEqual(DEFAULT_CONFIG.batch.ease);
  });

  it("reads --config from a file and names a bad key", async () => {
    await writeFile(join(dir, "tuned.json"), '{"batch":{"topK":20}}');

    expect(engineConfigOf({ config: join(dir, "tuned.json") }).batch.topK).toBe(20);
    expect(() => engineConfigOf({ config: '{"batch":{"topk":20}}' })).toThrow(/--config: unknown key "batch.topk"/);
  });

  it("--validation scores the training part only, split again with the next seed as --tune does", () => {
    const events = parseBaskets("a,b\na,b,c\nb,c\na,c\na,b,c\nb\nc,a\n");
    const dataset = { name: "b", events, catalog: [] };
    const options = args("--validation", "--seed", "7");

    const { dataset: part, seed } = validationPart(dataset, options);

    const { train } = splitEvents(events, "item-stratified", { seed: 7, ratio: 0.75 });
    expect(part.events).toEqual(train);
    expect(part.events.length).toBeLessThan(events.length);
    expect(seed).toBe(8);
    expect(part.name).toMatch(/validation split/);
  });
});
