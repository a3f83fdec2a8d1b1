import { describe, expect, it } from "vitest";
import { findImpurities } from "../../scripts/purity";

describe("the domain purity check", () => {
  it.each([
    ['import { FirehoseClient } from "@aws-sdk/client-firehose";', /AWS SDK/],
    ['import * as pulumi from "@pulumi/pulumi";', /Pulumi/],
    ['import { Container } from "inversify";', /inversify/],
    ['import { DuckDBInstance } from "@duckdb/node-api";', /DuckDB/],
    ['import Database from "better-sqlite3";', /SQLite/],
    ['import { readFileSync } from "node:fs";', /Node I\/O/],
    ['import { request } from "https";', /Node I\/O/],
    ['import { FileEventSink } from "../adapters/local/file-event-sink";', /another layer/],
    ['export { handler } from "../../handlers/aws/ingest";', /another layer/],
    ['const m = await import("../infra/stack");', /another layer/],
    ['const fs = require("fs");', /Node I\/O/],
    ["const region = process.env.AWS_REGION;", /process\.env/],
    ['const region = process["env"].AWS_REGION;', /process\.env/],
  ])("flags %s", (line, reason) => {
    const found = findImpurities(`// a domain file\n${line}\n`);

    expect(found).toEqual([{ line: 2, reason: expect.stringMatching(reason) }]);
  });

  it("accepts what the domain may use: its own modules and type-only imports of its ports", () => {
    const source = [
      'import type { Clock } from "./ports";',
      'import { jaccard } from "./algorithms/jaccard";',
      'import { DEFAULT_CONFIG } from "../config";',
      "const envelope = { env: 1 }; // a property named env is not process.env",
    ].join("\n");

    expect(findImpurities(source)).toEqual([]);
  });
});
