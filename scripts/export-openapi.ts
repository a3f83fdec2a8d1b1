/**
 * `npm run export-openapi -- [--out openapi.json] [--config tuned.json] [--server-url https://api.example.com]`:
 * writes the OpenAPI 3.1 document of the HTTP API (the one `GET /openapi.json` serves locally) for client
 * generators, API Gateway imports and docs. `--config` is a JSON file of EngineConfig overrides, as
 * RECO_CONFIG_FILE takes, so event types and limits match the deployment's.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { DEFAULT_CONFIG } from "../domain/config";
import { mergeEngineConfig } from "../handlers/engine-config";
import { openApiDocument } from "../handlers/openapi/document";

export function exportOpenApi(argv: readonly string[]): { out: string; text: string } {
  const { values } = parseArgs({
    args: [...argv],
    options: { out: { type: "string" }, config: { type: "string" }, "server-url": { type: "string" } },
  });
  const engine = values.config
    ? mergeEngineConfig(DEFAULT_CONFIG, JSON.parse(readFileSync(values.config, "utf8")))
    : DEFAULT_CONFIG;
  const serverUrl = values["server-url"];
  const document = openApiDocument(engine, serverUrl === undefined ? {} : { serverUrl });
  return { out: values.out ?? "openapi.json", text: `${JSON.stringify(document, null, 2)}\n` };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    const { out, text } = exportOpenApi(process.argv.slice(2));
    writeFileSync(out, text);
    console.log(`wrote ${out} (${Buffer.byteLength(text)} bytes, OpenAPI 3.1)`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  }
}
