/**
 * The local server's pages outside the API: the playground at `/` (plain HTML, CSS and JS from ./playground),
 * `GET /openapi.json`, the page's suggestions (demo ids, the latest evaluation's summary and chart), the batch
 * state (latest run, whether one is running) and `POST /playground/batch` to run the batch now. The page and
 * its files are open without credentials (the page calls the API with the key the user types); the batch state
 * needs the read scope on a server with keys (`playgroundScope`). The batch trigger changes state, so it answers only a
 * same-origin JSON request: a cross-site form post or `no-cors` fetch can send neither that media type nor
 * a matching Origin.
 */
import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Scope } from "../http/auth";
import { errorResult } from "../http/errors";
import type { HttpRequestEvent, HttpResult } from "../http/types";
import type { BatchLog } from "./batch-log";

export interface PlaygroundOptions {
  readonly openapi: object;
  readonly batches: BatchLog;
  /** Ids with rich lists, suggested by the page (the `--demo` data set). */
  readonly demo?: { readonly userId: string; readonly itemId: string };
  /** Where `npm run evaluate` wrote metrics.svg and results.json (default ./evaluation-output). */
  readonly evaluationDir?: string;
  /** Offer `POST /playground/batch` (default true); it needs no credentials, so not on a server that wants keys. */
  readonly allowBatchTrigger?: boolean;
}

export type StaticRoutes = (event: HttpRequestEvent) => Promise<HttpResult | undefined>;

const ASSETS_DIR = fileURLToPath(new URL("./playground/", import.meta.url));

const ASSETS: Readonly<Record<string, { file: string; type: string }>> = {
  "/": { file: "index.html", type: "text/html; charset=utf-8" },
  "/playground/app.js": { file: "app.js", type: "text/javascript; charset=utf-8" },
  "/playground/style.css": { file: "style.css", type: "text/css; charset=utf-8" },
};

/** The page loads nothing from elsewhere and runs no inline script. */
const PAGE_HEADERS = {
  "content-security-policy":
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "cache-control": "no-cache",
};

const result = (body: string, type: string): HttpResult => ({
  statusCode: 200,
  headers: { ...PAGE_HEADERS, "content-type": type },
  body,
});
const json = (value: unknown) => result(JSON.stringify(value), "application/json; charset=utf-8");

/** The playground's paths that need a scope; everything else it serves is public. */
export function playgroundScope(method: string, path: string): Scope | undefined {
  const upper = method.toUpperCase();
  return (upper === "GET" || upper === "HEAD") && path === "/playground/state.json" ? "read" : undefined;
}

/** Refuses a state-changing request unless it is JSON sent by a page of this very server. */
function crossSiteRefusal(event: HttpRequestEvent): HttpResult | undefined {
  const { headers } = event;
  const type = headers["content-type"]?.split(";")[0]?.trim().toLowerCase();
  if (type !== "application/json") {
    return errorResult("UNSUPPORTED_MEDIA_TYPE", "POST /playground/batch takes Content-Type: application/json");
  }
  const site = headers["sec-fetch-site"];
  const origin = headers.origin;
  const sameOrigin = origin === undefined || origin === `http://${headers.host ?? ""}`;
  if (!sameOrigin || (site !== undefined && site !== "same-origin" && site !== "none")) {
    return errorResult("FORBIDDEN", "POST /playground/batch answers only the playground page of this server");
  }
  return undefined;
}

export function playgroundRoutes(options: PlaygroundOptions): StaticRoutes {
  const assets = new Map(
    Object.entries(ASSETS).map(([path, { file, type }]) => [
      path,
      result(readFileSync(join(ASSETS_DIR, file), "utf8"), type),
    ]),
  );
  const openapi = json(options.openapi);
  const evaluationDir = options.evaluationDir ?? "evaluation-output";
  return async (event) => {
    const method = event.requestContext.http.method.toUpperCase();
    const path = event.rawPath;
    if (method === "POST" && path === "/playground/batch" && options.allowBatchTrigger !== false) {
      return crossSiteRefusal(event) ?? runBatch(options.batches);
    }
    if (method !== "GET" && method !== "HEAD") return undefined;
    if (path === "/openapi.json") return openapi;
    if (path === "/playground/demo.json") return json(await suggestionsOf(options, evaluationDir));
    if (path === "/playground/state.json") return json(batchStateOf(options.batches));
    if (path === "/playground/evaluation.svg") {
      const svg = await readOptional(join(evaluationDir, "metrics.svg"));
      return svg === undefined ? undefined : result(svg, "image/svg+xml");
    }
    return assets.get(path);
  };
}

async function runBatch(batches: BatchLog): Promise<HttpResult> {
  try {
    await batches.run();
  } catch {
    // Reported through `latest()`: the page shows the failure next to the previous run.
  }
  return json({ latestBatch: batches.latest() ?? null });
}

async function suggestionsOf(options: PlaygroundOptions, evaluationDir: string) {
  const results = await readOptional(join(evaluationDir, "results.json"));
  return {
    demo: options.demo ? { userId: options.demo.userId, itemId: options.demo.itemId } : null,
    evaluation: results === undefined ? null : evaluationSummary(results),
  };
}

function batchStateOf(batches: BatchLog) {
  return { latestBatch: batches.latest() ?? null, batchRunning: batches.running };
}

/** The headline of results.json: data set and nDCG per algorithm (the chart has the rest). */
function evaluationSummary(text: string) {
  try {
    const parsed = JSON.parse(text) as {
      dataset?: string;
      k?: number;
      rows?: { name: string; metrics: { ndcg: number } }[];
    };
    return {
      dataset: parsed.dataset ?? "",
      k: parsed.k ?? 10,
      rows: (parsed.rows ?? []).map((row) => ({ name: row.name, ndcg: row.metrics.ndcg })),
    };
  } catch {
    return null;
  }
}

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, "utf8");
  } catch {
    return undefined;
  }
}
