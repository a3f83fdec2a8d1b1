/** The exported document: the file `npm run export-openapi` writes and the `openapi` stack output. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { exportOpenApi } from "../../scripts/export-openapi";
import { evaluateProgram, fakeBundles, readStackFile } from "../infra/support/mock-program";

describe("exported OpenAPI", () => {
  it("writes the served document, with the deployment's event types and server URL", () => {
    const dir = mkdtempSync(join(tmpdir(), "openapi-export-"));
    const overrides = join(dir, "engine.json");
    writeFileSync(overrides, JSON.stringify({ validation: { eventTypes: { play: 1 } } }));

    const { out, text } = exportOpenApi(["--config", overrides, "--server-url", "https://api.example.com"]);
    const document = JSON.parse(text);

    expect(out).toBe("openapi.json");
    expect(document.openapi).toBe("3.1.0");
    expect(document.servers).toEqual([{ url: "https://api.example.com" }]);
    expect(document.components.schemas.Event.properties.type.enum).toEqual(["play"]);
  });

  it("is a stack output pointing at the deployed API", async () => {
    const config = {
      ...readStackFile("Pulumi.dev.yaml"),
      "recommender:bundleDir": fakeBundles(["ingest", "serve", "batch"]),
    };

    const program = await evaluateProgram("dev", config);
    const document = JSON.parse(program.outputs.openapi as string);

    expect(document.servers[0].url).toBe(program.outputs.apiUrl);
    expect(Object.keys(document.paths)).toContain("/v1/events");
  }, 60_000);
});
