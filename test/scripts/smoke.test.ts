/**
 * `npm run smoke`: against the real local server (its own process, local runtime: file sink, DuckDB, SQLite), the
 * script sends events, has the server run its batch (POST /playground/batch: the local equivalent of starting
 * the state machine) and reads a recommendation of the new version; a keyed server, which offers no trigger,
 * fails it with what to do instead. The AWS trigger is tested against Step Functions played by
 * aws-sdk-client-mock (no local engine exists).
 */
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DescribeExecutionCommand, SFNClient, StartExecutionCommand } from "@aws-sdk/client-sfn";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it } from "vitest";
import { sha256Hex } from "../../handlers/http/auth";
import { type RunTrigger, smokeCheck, smokeEvents } from "../../scripts/smoke/check";
import { stateMachineTrigger } from "../../scripts/smoke/triggers";
import { type ServerProcess, startServerProcess } from "../reliability/support/server-process";

let dataDir: string | undefined;
let server: ServerProcess | undefined;

afterEach(async () => {
  server?.child.kill("SIGKILL");
  await server?.exited;
  server = undefined;
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

function runSmoke(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/smoke.ts", ...args], {
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
  return new Promise((resolve) => child.on("exit", (code) => resolve({ code, out, err })));
}

describe("npm run smoke against the local server", () => {
  it("sends events, runs the batch and gets a recommendation of the smoke items from the new version", async () => {
    dataDir = await mkdtemp(join(tmpdir(), "smoke-"));
    server = await startServerProcess(dataDir, { RECO_DUCKDB_THREADS: "1" });

    const result = await runSmoke(["--url", server.url, "--timeout-minutes", "2", "--retry-seconds", "1"]);

    expect(result.err).toBe("");
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/sent 40 events of 10 users/);
    expect(result.out).toMatch(/smoke check passed: v\d{8}T\d{6}Z serves \d+ recommendations/);
  }, 120_000);

  it("fails on a keyed server, which offers no batch trigger, saying what to run instead", async () => {
    dataDir = await mkdtemp(join(tmpdir(), "smoke-"));
    const keys = [{ id: "smoke", sha256: sha256Hex("smoke-key"), scopes: ["read", "ingest"] }];
    server = await startServerProcess(dataDir, { RECO_API_KEYS: JSON.stringify(keys) });

    const result = await runSmoke(["--url", server.url, "--key", "smoke-key", "--timeout-minutes", "1"]);

    expect(result.code).toBe(1);
    expect(result.err).toMatch(/no batch trigger.*--state-machine.*npm run batch/);
  }, 60_000);
});

describe("the smoke check's runs", () => {
  it("starts the state machine with the caller's credentials and reads the run's outcome from its output", async () => {
    const sfn = mockClient(SFNClient);
    sfn.on(StartExecutionCommand).resolves({ executionArn: "arn:aws:states:eu-west-1:1:execution:m:e1" });
    sfn
      .on(DescribeExecutionCommand)
      .resolvesOnce({ status: "RUNNING" })
      .resolves({
        status: "SUCCEEDED",
        output: JSON.stringify({
          plan: { kind: "run", version: "v20261130T120000Z" },
          finished: { outcome: "activated" },
        }),
      });
    const trigger = stateMachineTrigger(
      new SFNClient({ region: "eu-west-1" }),
      "arn:aws:states:eu-west-1:1:stateMachine:m",
      async () => {},
    );

    const outcome = await trigger.run();

    expect(outcome).toEqual({ outcome: "activated", version: "v20261130T120000Z" });
    expect(sfn.commandCalls(StartExecutionCommand)[0]?.args[0].input).toEqual({
      stateMachineArn: "arn:aws:states:eu-west-1:1:stateMachine:m",
      input: "{}",
    });
    sfn
      .on(DescribeExecutionCommand)
      .resolves({ status: "FAILED", error: "DomainError", cause: "itemSimilarity export failed" });
    await expect(trigger.run()).rejects.toThrow(/FAILED: DomainError itemSimilarity export failed/);
    sfn.restore();
  });

  it("starts runs again while the lake has not received the events yet, then passes", async () => {
    const outcomes = ["empty", "activated"];
    const trigger: RunTrigger = { name: "fake", run: async () => ({ outcome: outcomes.shift()! }) };
    let served = false;
    const fakeFetch = (async (url: string, init?: RequestInit) => {
      const path = new URL(url).pathname;
      if (path === "/v1/health") return Response.json({ activeVersion: null });
      if (path === "/v1/events") return Response.json({ accepted: JSON.parse(String(init?.body)).events.length });
      served = true;
      const run = /smoke-([0-9a-f]+)-u0/.exec(path)![1];
      return Response.json({ version: "v2", items: [{ itemId: `smoke-${run}-i5` }] });
    }) as typeof fetch;
    const lines: string[] = [];

    const result = await smokeCheck(
      { fetch: fakeFetch, trigger, sleep: async () => {}, now: Date.now, log: (l) => lines.push(l) },
      { url: "http://api.example", timeoutMs: 60_000, retryMs: 1_000 },
    );

    expect(result.version).toBe("v2");
    expect(served).toBe(true);
    expect(lines.filter((l) => l.startsWith("starting batch run"))).toHaveLength(2);
    expect(smokeEvents("r", 0).every((e) => /^smoke-r-[ui]\d$/.test(e.userId) && /^smoke-r-i\d$/.test(e.itemId))).toBe(
      true,
    );
  });
});

describe("the smoke check's answers", () => {
  it("waits out the serving side's cached version instead of starting another run", async () => {
    let runs = 0;
    const trigger: RunTrigger = {
      name: "fake",
      run: async () => ({ outcome: "activated", version: `v${++runs + 1}` }),
    };
    let asked = 0;
    const fakeFetch = (async (url: string, init?: RequestInit) => {
      const path = new URL(url).pathname;
      if (path === "/v1/health") return Response.json({ activeVersion: "v1" });
      if (path === "/v1/events") return Response.json({ accepted: JSON.parse(String(init?.body)).events.length });
      const run = /smoke-([0-9a-f]+)-u0/.exec(path)![1];
      // The lists are the new version's; the version it is reported as lags behind for a moment.
      return Response.json({ version: ++asked === 1 ? "v1" : "v2", items: [{ itemId: `smoke-${run}-i1` }] });
    }) as typeof fetch;

    const result = await smokeCheck(
      { fetch: fakeFetch, trigger, sleep: async () => {}, now: Date.now, log: () => {} },
      { url: "http://api.example", timeoutMs: 60_000, retryMs: 1_000 },
    );

    expect(result.version).toBe("v2");
    expect(runs).toBe(1);
  });
  it("says why it could not reach the API, not only that a fetch failed", async () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:3999"), { code: "ECONNREFUSED" });
    const unreachable = (async () => {
      throw new TypeError("fetch failed", { cause: refused });
    }) as typeof fetch;
    const trigger: RunTrigger = { name: "fake", run: async () => ({ outcome: "activated" }) };

    const failure = smokeCheck(
      { fetch: unreachable, trigger, sleep: async () => {}, now: Date.now, log: () => {} },
      { url: "http://127.0.0.1:3999", timeoutMs: 60_000, retryMs: 1_000 },
    );

    await expect(failure).rejects.toThrow(
      /GET http:\/\/127\.0\.0\.1:3999\/v1\/health: no answer \(connect ECONNREFUSED/,
    );
  });
});
