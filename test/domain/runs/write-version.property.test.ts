import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ScoreList, VersionWrite } from "../../../domain/ports";
import { writeListsInChunks } from "../../../domain/runs/write-version";

const write = { version: "v1", token: "t" } as unknown as VersionWrite;
const list = (i: number): ScoreList => ({ key: { scope: "item", source: "jaccard", id: `i${i}` }, items: [] });

describe("writeListsInChunks", () => {
  it("writes every list once, in order, in chunks of at most the chunk size, and counts them", async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(40), fc.integer({ min: 1, max: 9 }), fc.boolean(), async (n, size, asAsync) => {
        const calls: ScoreList[][] = [];
        const store = {
          writeLists: async (_: VersionWrite, lists: readonly ScoreList[]) => void calls.push([...lists]),
        };
        const lists = Array.from({ length: n }, (_, i) => list(i));
        async function* stream() {
          yield* lists;
        }
        const count = await writeListsInChunks(store, write, asAsync ? stream() : lists, size);
        expect(count).toBe(n);
        expect(calls.flat()).toEqual(lists);
        expect(calls.every((chunk) => chunk.length >= 1 && chunk.length <= size)).toBe(true);
        expect(calls.length).toBe(Math.ceil(n / size));
      }),
    );
  });
});
