import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { httpRequestArb } from "../../arbitraries/requests";
import { givenApi, list } from "../given";

describe("API under arbitrary requests", () => {
  it("never answers 5xx to bad input, and every error is the documented JSON shape", async () => {
    const { withLists, call } = givenApi();
    await withLists([list("global", "popular", "all", [["i1", 1]])]);

    await fc.assert(
      fc.asyncProperty(httpRequestArb, async (event) => {
        const response = await call(event);

        expect(response.statusCode).toBeLessThan(500);
        if (response.statusCode >= 400) {
          expect(response.json.error).toEqual(
            expect.objectContaining({ code: expect.any(String), message: expect.any(String) }),
          );
        }
      }),
      { numRuns: 300 },
    );
  });
});
