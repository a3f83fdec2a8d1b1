import { describe, expect, it } from "vitest";
import { errorPartitionPath, partitionPath } from "../../adapters/local/lake-layout";
import type { LakeCatalogItem, LakeEvent } from "../../domain/types";
import {
  CATALOG_COLUMNS,
  EVENT_COLUMNS,
  firehoseErrorPrefix,
  firehosePrefix,
  projectionParameters,
} from "../../infra/lake-schema";

/** Firehose and Athena substitute these at write and query time; here, for one known arrival instant. */
const arrival = Date.UTC(2026, 0, 9, 5, 59, 59);
const asFirehoseWrites = (prefix: string) =>
  prefix
    .replace("!{timestamp:yyyy-MM-dd}", "2026-01-09")
    .replace("!{timestamp:HH}", "05")
    .replace("!{firehose:error-output-type}", "processing-failed");

describe("the lake as Firehose writes it and Glue reads it", () => {
  it("puts records where the local sink puts them", () => {
    expect(asFirehoseWrites(firehosePrefix("events"))).toBe(`${partitionPath("events", arrival)}/`);
    expect(asFirehoseWrites(firehosePrefix("catalog"))).toBe(`${partitionPath("catalog", arrival)}/`);
    expect(asFirehoseWrites(firehoseErrorPrefix("events"))).toBe(
      `${errorPartitionPath("events", "processing-failed", arrival)}/`,
    );
  });

  it("projects partitions onto the same paths", () => {
    const template = projectionParameters("lake", "events", "NOW-400DAYS")["storage.location.template"];

    expect(template?.replace(/\$\{dt\}/, "2026-01-09").replace(/\$\{hour\}/, "05")).toBe(
      `s3://lake/${partitionPath("events", arrival)}/`,
    );
  });

  it("has a column for every field of a lake event and catalog record", () => {
    const event: Required<LakeEvent> = {
      eventId: "e",
      userId: "u",
      itemId: "i",
      type: "view",
      timestamp: 1,
      value: 1,
      sessionId: "s",
      context: {},
      receivedAt: 1,
    };
    const item: Required<LakeCatalogItem> = {
      itemId: "i",
      tags: [],
      title: "t",
      attributes: {},
      updatedAt: 1,
      receivedAt: 1,
    };

    expect(EVENT_COLUMNS.map((c) => c.name).sort()).toEqual(
      Object.keys(event)
        .map((k) => k.toLowerCase())
        .sort(),
    );
    expect(CATALOG_COLUMNS.map((c) => c.name).sort()).toEqual(
      Object.keys(item)
        .map((k) => k.toLowerCase())
        .sort(),
    );
  });
});
