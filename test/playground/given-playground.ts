/** A local server with a small demo data set and the playground, as `npm start -- --demo` runs it (memory runtime). */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Browser, chromium } from "playwright-core";
import { loadConfig } from "../../handlers/config";
import { buildContainer } from "../../handlers/container/index";
import { TOKENS } from "../../handlers/container/tokens";
import { KeyRing, sha256Hex } from "../../handlers/http/auth";
import { makeEdge } from "../../handlers/http/edge";
import { silentLogger } from "../../handlers/http/log";
import { rememberBatches } from "../../handlers/local/batch-log";
import { loadDemo } from "../../handlers/local/demo";
import { type RunningServer, startServer } from "../../handlers/local/server";
import { playgroundRoutes } from "../../handlers/local/static";
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
  const server: RunningServer = await startServer({
    router: makeEdge({
      router: container.get(TOKENS.router),
      logger: silentLogger,
      keys: options.apiKey
        ? new KeyRing([{ id: "playground", sha256: sha256Hex(options.apiKey), scopes: ["read", "ingest"] }])
        : undefined,
    }),
    logger: silentLogger,
    port: 0,
    staticRoutes: playgroundRoutes({
      openapi: openApiDocument(config.engine),
      batches,
      demo,
      evaluationDir: options.evaluationDir ?? join(tmpdir(), "no-evaluation-here"),
    }),
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
