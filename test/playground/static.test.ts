/** The playground's routes without a browser: what is served, what falls through to the API, and the batch log. */
import { describe, expect, it } from "vitest";
import type { BatchReport } from "../../domain/batch";
import { DEFAULT_CONFIG } from "../../domain/config";
import { rememberBatches } from "../../handlers/local/batch-log";
import { playgroundRoutes } from "../../handlers/local/static";
import { openApiDocument } from "../../handlers/openapi/document";
import { httpEvent } from "../handlers/given";

const report = { version: "v1", outcome: "activated", lists: 3, milliseconds: 12 } as BatchReport;

function givenRoutes(options: { allowBatchTrigger?: boolean; runBatch?: () => Promise<BatchReport> } = {}) {
  const batches = rememberBatches(options.runBatch ?? (async () => report), { now: () => 1_000 });
  const routes = playgroundRoutes({
    openapi: openApiDocument(DEFAULT_CONFIG),
    batches,
    evaluationDir: "/nonexistent/evaluation-output",
    ...(options.allowBatchTrigger === undefined ? {} : { allowBatchTrigger: options.allowBatchTrigger }),
  });
  return { routes, batches };
}

describe("playground routes", () => {
  it("serves the page with a strict content security policy, and the OpenAPI document", async () => {
    const { routes } = givenRoutes();

    const page = await routes(httpEvent("GET", "/"));
    const head = await routes(httpEvent("HEAD", "/playground/app.js"));
    const openapi = await routes(httpEvent("GET", "/openapi.json"));

    expect(page?.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(page?.headers["content-security-policy"]).toContain("script-src 'self'");
    expect(page?.body).toContain("<title>Recommender playground</title>");
    expect(head?.headers["content-type"]).toBe("text/javascript; charset=utf-8");
    expect(JSON.parse(openapi?.body ?? "{}").openapi).toBe("3.1.0");
  });

  it("leaves unknown paths, other methods and a missing evaluation chart to the API's 404/405", async () => {
    const { routes } = givenRoutes();

    expect(await routes(httpEvent("GET", "/nope"))).toBeUndefined();
    expect(await routes(httpEvent("DELETE", "/"))).toBeUndefined();
    expect(await routes(httpEvent("GET", "/playground/evaluation.svg"))).toBeUndefined();
  });

  it("runs the batch on request and reports it, unless the server wants keys", async () => {
    const open = givenRoutes();
    const guarded = givenRoutes({ allowBatchTrigger: false });

    const ran = await open.routes(httpEvent("POST", "/playground/batch", { body: {} }));
    const refused = await guarded.routes(httpEvent("POST", "/playground/batch", { body: {} }));

    expect(JSON.parse(ran?.body ?? "{}")).toEqual({ latestBatch: { finishedAt: 1_000, report } });
    expect(refused).toBeUndefined();
  });

  it("joins concurrent triggers into one run and remembers a failed run", async () => {
    let runs = 0;
    let fail = false;
    const { batches } = givenRoutes({
      runBatch: async () => {
        runs++;
        if (fail) throw new Error("Athena is down");
        return report;
      },
    });

    await Promise.all([batches.run(), batches.run(), batches.run()]);
    fail = true;
    await batches.run().catch(() => {});

    expect(runs).toBe(2);
    expect(batches.latest()).toEqual({
      finishedAt: 1_000,
      code: "INTERNAL",
      error: "The batch run failed. The server log has the details.",
    });
    expect(batches.running).toBe(false);
  });
});
