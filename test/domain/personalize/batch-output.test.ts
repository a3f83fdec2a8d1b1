/** Lines of a batch inference output file in the documented format, and what strict parsing refuses. */
import { describe, expect, it } from "vitest";
import { parseOutputLine } from "../../../domain/personalize/batch-output";

describe("parseOutputLine", () => {
  it("reads the developer guide's USER_PERSONALIZATION example into the user's personalize list", () => {
    const line =
      '{"input":{"userId":"4638"},"output":{"recommendedItems":["63992","115149","110102"],"scores":[0.0152238,0.0069081,0.0068222]},"error":null}';

    expect(parseOutputLine(line)).toEqual({
      kind: "list",
      list: {
        key: { scope: "user", source: "personalize", id: "4638" },
        items: [
          { itemId: "63992", score: 0.0152238 },
          { itemId: "115149", score: 0.0069081 },
          { itemId: "110102", score: 0.0068222 },
        ],
      },
    });
  });

  it("counts a user Personalize answered with an error instead of failing the file", () => {
    const line =
      '{"input":{"userId":"244922300825"},"output":{"recommendedItems":[]},"error":"User error: Required fields for the provided recipe are userId"}';

    expect(parseOutputLine(line)).toMatchObject({ kind: "error", userId: "244922300825" });
  });

  it.each([
    ["not json", /not JSON/],
    ['{"output":{}}', /no input object/],
    [
      '{"input":{"userId":"a b"},"output":{"recommendedItems":[],"scores":[]},"error":null}',
      /input\.userId "a b" is not a valid id/,
    ],
    ['{"input":{"userId":"u"},"output":{"recommendedItems":["i1"]},"error":null}', /scores must be an array as long/],
    [
      '{"input":{"userId":"u"},"output":{"recommendedItems":["i1","i1"],"scores":[1,1]},"error":null}',
      /lists i1 twice/,
    ],
    ['{"input":{"userId":"u"},"output":{"recommendedItems":["i1"],"scores":["x"]},"error":null}', /scores\[0\]/],
    [
      '{"input":{"userId":"u"},"output":{"recommendedItems":[7],"scores":[1]},"error":null}',
      /recommendedItems\[0\] is not a string/,
    ],
  ])("refuses %s", (line, message) => {
    expect(() => parseOutputLine(line)).toThrow(message);
  });
});
