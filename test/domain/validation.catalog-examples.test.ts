/** Literal catalog records and request bodies, and the exact code and message a client sees for them. */
import { describe, expect, it } from "vitest";
import { DomainError } from "../../domain/errors";
import { readBatch, validateCatalogItem } from "../../domain/validation";
import { givenValidationContext } from "../arbitraries/events";

const TIME_RULE =
  "must be an ISO-8601 date-time with a zone like 2024-05-01T12:00:00Z or 2024-05-01T14:00:00.250+02:00, " +
  "or an integer of epoch milliseconds.";
const FLAT_RULE = "must be a flat JSON object whose values are strings, numbers, booleans or null";
const event = { userId: "user-1", itemId: "sku:42", type: "view", timestamp: "2026-05-01T11:00:00Z" };
const item = { itemId: "sku:42", tags: ["jazz"], updatedAt: "2026-05-01T11:00:00Z" };

describe("validateCatalogItem examples", () => {
  it("normalises tags and keeps title and attributes", () => {
    const input = {
      ...item,
      tags: [" Jazz", "jazz ", "Blues", "LIVE"],
      title: "Kind of Blue",
      attributes: { year: 1959 },
    };

    expect(validateCatalogItem(input, givenValidationContext())).toEqual({
      ok: true,
      value: { ...input, tags: ["blues", "jazz", "live"], updatedAt: Date.UTC(2026, 4, 1, 11) },
    });
  });

  const rejections: [string, unknown, string, string][] = [
    ["tags as text", { ...item, tags: "jazz" }, "INVALID_TAGS", "tags must be an array of strings; got a string."],
    ["a numeric tag", { ...item, tags: ["jazz", 7] }, "INVALID_TAGS", "tags must be strings; tags[1] is a number."],
    [
      "a blank tag",
      { ...item, tags: ["jazz", "  "] },
      "INVALID_TAGS",
      "each tag must be 1-64 characters after trimming; tags[1] is blank.",
    ],
    [
      "65 tags",
      { ...item, tags: new Array(65).fill("jazz") },
      "INVALID_TAGS",
      "tags must hold at most 64 tags; got 65.",
    ],
    [
      "an empty title",
      { ...item, title: "" },
      "INVALID_TITLE",
      "title must be a string of 1-512 characters; got 0 characters.",
    ],
    [
      "nested attributes",
      { ...item, attributes: { a: [1] } },
      "INVALID_ATTRIBUTES",
      `attributes ${FLAT_RULE}; key "a" holds an array.`,
    ],
    ["a date without time", { ...item, updatedAt: "2026-05-01" }, "INVALID_UPDATED_AT", `updatedAt ${TIME_RULE}`],
    [
      "an updatedAt tomorrow",
      { ...item, updatedAt: "2026-05-02T12:00:00Z" },
      "INVALID_UPDATED_AT",
      "updatedAt 2026-05-02T12:00:00.000Z is more than 5 minutes in the future; check the sending system's clock.",
    ],
  ];
  for (const [name, input, code, message] of rejections) {
    it(`rejects ${name} with ${code}`, () => {
      const result = validateCatalogItem(input, givenValidationContext());

      expect(result).toMatchObject({ ok: false, error: { code, message } });
    });
  }
});

describe("readBatch examples", () => {
  const cases: [string, unknown, string, string][] = [
    ["null", null, "INVALID_REQUEST", 'The request body must be a JSON object like {"events": [...]}; got null.'],
    ["no events", {}, "INVALID_REQUEST", 'The request body must have an "events" array: {"events": [...]}.'],
    ["events as an object", { events: {} }, "INVALID_REQUEST", '"events" must be an array of records; got an object.'],
    [
      "an extra field",
      { events: [event], apiKey: "k" },
      "INVALID_REQUEST",
      'Unknown top-level field "apiKey": the request body must be {"events": [...]} with no other fields.',
    ],
    ["no records", { events: [] }, "EMPTY_BATCH", '"events" must hold at least one record.'],
    [
      "501 records",
      { events: new Array(501).fill(event) },
      "BATCH_TOO_LARGE",
      '"events" may hold at most 500 records per request; got 501: split the batch.',
    ],
  ];
  for (const [name, body, code, message] of cases) {
    it(`rejects ${name} with ${code}`, () => {
      expect(() => readBatch(body, "events", 500)).toThrow(expect.objectContaining({ code, message }));
      expect(() => readBatch(body, "events", 500)).toThrow(DomainError);
    });
  }
});
