import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BuildReport, buildBundles, ENTRIES } from "../../scripts/build";
import { httpEvent, runBundle } from "./support/run-bundle";

// Under the repo (gitignored dist/) so the bundles resolve the external @aws-sdk/* from node_modules, as
// they resolve it from the runtime on Lambda.
mkdirSync(resolve("dist"), { recursive: true });
const outDir = mkdtempSync(join(resolve("dist"), ".smoke-"));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

const existing = ENTRIES.filter((name) => existsSync(resolve("handlers/aws", `${name}.ts`)));

/** A request each entry point answers without AWS, and what it must answer. */
const SAMPLES: Record<string, { event: unknown; check: (response: { statusCode: number; body: string }) => void }> = {
  ingest: {
    event: httpEvent("POST", "/v1/events", "{not json"),
    check: (r) => {
      expect(r.statusCode).toBe(400);
      expect(JSON.parse(r.body).error.code).toEqual(expect.any(String));
    },
  },
  serve: {
    event: httpEvent("GET", "/v1/health"),
    check: (r) => {
      expect([200, 503]).toContain(r.statusCode);
      expect(() => JSON.parse(r.body)).not.toThrow();
    },
  },
};

describe("npm run build on handlers/aws", () => {
  let report: BuildReport;
  beforeAll(async () => {
    report = await buildBundles({ outDir, log: () => {} });
  }, 60_000);

  it("bundles every entry file that exists and names the ones that do not", () => {
    expect(report.built.map((b) => b.name)).toEqual(existing);
    expect(report.missing).toEqual(ENTRIES.filter((name) => !existing.includes(name)));
  });

  it.each(existing)("loads the %s bundle in a fresh node process and answers a sample request", (name) => {
    const file = report.built.find((b) => b.name === name)?.file as string;
    const sample = SAMPLES[name];
    const run = runBundle(file, sample?.event ?? null);
    expect(run.handlerType).toBe("function");
    sample?.check(run.response);
  });

  it.runIf(existing.includes("ingest"))("keeps the ingest bundle under 1 MB", () => {
    const ingest = report.built.find((b) => b.name === "ingest");
    expect(ingest?.bytes).toBeLessThan(1_000_000);
  });
});

describe("bundle format", () => {
  let report: BuildReport;
  beforeAll(async () => {
    report = await buildBundles({ entriesDir: "test/build/fixtures", outDir: join(outDir, "fixture"), log: () => {} });
  }, 60_000);

  it("runs ESM with top-level await and an SDK client that stays external", () => {
    const [bundle] = report.built;
    const run = runBundle(bundle?.file as string, httpEvent("POST", "/v1/events", "not json"));
    expect(run.response).toMatchObject({ statusCode: 400, body: JSON.stringify({ region: "eu-west-1" }) });
    const code = readFileSync(bundle?.file as string, "utf8");
    expect(code).toContain("@aws-sdk/client-firehose");
    expect(bundle?.bytes).toBeLessThan(10_000);
  });
});
