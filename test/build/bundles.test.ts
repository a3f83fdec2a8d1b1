import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BuildReport, buildBundles, ENTRIES } from "../../scripts/build";
import { type BundleRun, httpEvent, runBundle } from "./support/run-bundle";

// Under the repo (gitignored dist/); the bundles carry the SDK, so they need nothing from node_modules.
mkdirSync(resolve("dist"), { recursive: true });
const outDir = mkdtempSync(join(resolve("dist"), ".smoke-"));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

const existing = ENTRIES.filter((name) => existsSync(resolve("handlers/aws", `${name}.ts`)));

interface Sample {
  readonly bundle: string;
  readonly request: string;
  readonly event: unknown;
  readonly check: (run: BundleRun) => void;
}

const errorCode = (body: string) => JSON.parse(body).error.code;

/** Requests each entry point answers without AWS, and what a client must see. */
const SAMPLES: readonly Sample[] = [
  {
    bundle: "ingest",
    request: "a body that is not JSON -> 400",
    event: httpEvent("POST", "/v1/events", "{not json"),
    check: ({ response: r }) => {
      expect(r.statusCode).toBe(400);
      expect(errorCode(r.body)).toEqual(expect.any(String));
    },
  },
  {
    bundle: "ingest",
    request: "a valid event while Firehose is unreachable -> 503, the event listed as retryable",
    event: httpEvent(
      "POST",
      "/v1/events",
      JSON.stringify({ events: [{ userId: "u1", itemId: "i1", type: "view", timestamp: Date.now() }] }),
    ),
    check: ({ response: r }) => {
      expect(r.statusCode).toBe(503);
      expect(JSON.parse(r.body).error.details.failed).toHaveLength(1);
    },
  },
  {
    bundle: "serve",
    request: "GET /v1/health -> a JSON answer",
    event: httpEvent("GET", "/v1/health"),
    check: ({ response: r }) => {
      expect([200, 503]).toContain(r.statusCode);
      if (r.statusCode === 503) expect(errorCode(r.body)).toEqual(expect.any(String));
    },
  },
  {
    bundle: "batch",
    request: "the first state of a run with AWS unreachable by a retryable failure (the state machine retries it)",
    event: { input: {}, startTime: "2026-11-28T03:15:00Z", holder: "execution-1", leaseSeconds: 7200 },
    check: ({ error }) => {
      expect(error?.name).toBe("RetryableError");
      expect(error?.code).toBe("STORE_UNAVAILABLE");
    },
  },
];

describe("npm run build on handlers/aws", () => {
  let report: BuildReport;
  beforeAll(async () => {
    report = await buildBundles({ outDir, log: () => {} });
  }, 60_000);

  it("bundles every entry file that exists and names the ones that do not", () => {
    expect(report.built.map((b) => b.name)).toEqual(existing);
    expect(report.missing).toEqual(ENTRIES.filter((name) => !existing.includes(name)));
  });

  // Bundles with a sample request below are loaded by it; the others (authorizer) are at least loaded here.
  const withoutSample = existing.filter((name) => !SAMPLES.some((s) => s.bundle === name));
  it.each(withoutSample)(
    "loads the %s bundle in a fresh node process (cold start) and exports a handler",
    async (name) => {
      const file = report.built.find((b) => b.name === name)?.file as string;
      expect((await runBundle(file, null)).handlerType).toBe("function");
    },
  );

  const runnable = SAMPLES.filter((s) => existing.includes(s.bundle as (typeof existing)[number]));
  // Child processes wait on I/O: run them side by side.
  it.concurrent.each(runnable.map((s) => [s.bundle, s.request, s] as const))(
    "%s bundle answers %s",
    async (name, _, sample) => {
      const file = report.built.find((b) => b.name === name)?.file as string;
      sample.check(await runBundle(file, sample.event));
    },
  );

  it.runIf(existing.includes("ingest"))("keeps the ingest bundle under 1 MB", () => {
    const ingest = report.built.find((b) => b.name === "ingest");
    expect(ingest?.bytes).toBeLessThan(1_000_000);
  });
});

describe("the SDK a Lambda runs is the one the tests pin", () => {
  let report: BuildReport;
  // Outside the repository: no node_modules to fall back on, as on Lambda, whose runtime would otherwise supply
  // its own SDK release for every `@aws-sdk/*` import left external.
  const isolated = mkdtempSync(join(tmpdir(), "reco-bundle-"));
  beforeAll(async () => {
    report = await buildBundles({ entriesDir: "test/build/fixtures", outDir: isolated, log: () => {} });
  }, 60_000);
  afterAll(() => rmSync(isolated, { recursive: true, force: true }));

  it("runs an ESM bundle with top-level await and an SDK client where no node_modules exist", async () => {
    const [bundle] = report.built;
    const run = await runBundle(bundle?.file as string, httpEvent("POST", "/v1/events", "not json"));
    expect(run.error).toBeNull();
    expect(run.response).toMatchObject({ statusCode: 400, body: JSON.stringify({ region: "eu-west-1" }) });
  });

  it("imports no @aws-sdk package at run time: the client inside is the pinned one", () => {
    const code = readFileSync(report.built[0]?.file as string, "utf8");

    // An external package would appear as an ESM import (`from "@aws-sdk/..."` or `import("@aws-sdk/...")`).
    expect(code).not.toMatch(/\bfrom\s*["']@aws-sdk\/|\bimport\(\s*["']@aws-sdk\//);
    expect(code).toContain("Firehose_20150804"); // the X-Amz-Target prefix the bundled client sends
  });
});
