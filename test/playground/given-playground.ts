/** A local server with a small demo data set and the playground, as `npm start -- --demo` runs it (memory runtime). */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Browser, chromium } from "playwright-core";
import { loadConfig } from "../../handlers/config";
import { buildContainer } from "../../handlers/container/index";
import { TOKENS } from "../../handlers/container/tokens";
import { sha256Hex } from "../../handlers/http/auth";
import { silentLogger } from "../../handlers/http/log";
import { startLocalApp } from "../../handlers/local/app";
import { rememberBatches } from "../../handlers/local/batch-log";
import { loadDemo } from "../../handlers/local/demo";
import type { RunningServer } from "../../handlers/local/server";
import { openApiDocument } from "../../handlers/openapi/document";

export const DEMO_SIZES = { users: 150, items: 60, events: 3_000, days: 7 };

/** `apiKey`: the server requires that key (read and ingest scopes), as `npm start` with RECO_API_KEYS does. */
export async function givenPlaygroundServer(options: { evaluationDir?: string; apiKey?: string } = {}) {
  const config = loadConfig({ RECO_RUNTIME: "memory" });
  const container = await buildContainer(config, { logger: silentLogger });
  const batches = rememberBatches(container.get(TOKENS.batch));
  const demo = await loadDemo(
    { sink: container.get(TOKENS.sink), clock: container.get(TOKENS.clock), runBatch: batches.run },
    DEMO_SIZES,
  );
  const server: RunningServer = await startLocalApp({
    router: container.get(TOKENS.router),
    logger: silentLogger,
    auth: options.apiKey
      ? { mode: "apiKey", keys: [{ id: "playground", sha256: sha256Hex(options.apiKey), scopes: ["read", "ingest"] }] }
      : { mode: "open" },
    rateLimit: { perSecond: 0, burst: 1 },
    host: "127.0.0.1",
    port: 0,
    openapi: openApiDocument(config.engine),
    batches,
    demo,
    evaluationDir: options.evaluationDir ?? join(tmpdir(), "no-evaluation-here"),
  });
  return { server, demo, batches };
}

/** An output folder shaped like `npm run evaluate` writes it. */
export function givenEvaluationOutput(): string {
  const dir = mkdtempSync(join(tmpdir(), "playground-eval-"));
  const rows = [
    { name: "jaccard", metrics: { ndcg: 0.41 } },
    { name: "hybrid", metrics: { ndcg: 0.47 } },
  ];
  writeFileSync(join(dir, "results.json"), JSON.stringify({ dataset: "ml-100k", k: 10, rows }));
  writeFileSync(
    join(dir, "metrics.svg"),
    '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40"><rect width="120" height="20" fill="#59a14f"/></svg>',
  );
  return dir;
}

/** The system's Chromium (found by `requireSystemEngine(CHROMIUM)`), headless, with nothing fetched from the network. */
export function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({
    executablePath,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
    ],
  });
}
