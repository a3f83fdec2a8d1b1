/**
 * The chunk loader (domain/runs/loader.ts) over files in memory: lists regrouped from rows spread over files in
 * any order, ranks exactly 1..n, idempotent on retry; and every kind of bad input failing the load with a
 * reason naming the computation, the file and the line, before anything could be activated.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MemoryRunFiles } from "../../../adapters/memory/run-files";
import { MemoryScoreStore } from "../../../adapters/memory/score-store";
import { DomainError } from "../../../domain/errors";
import { encodeLine, listComputation } from "../../../domain/runs/computations";
import { loadShard } from "../../../domain/runs/loader";
import { encodeManifest, type RunFile } from "../../../domain/runs/manifest";
import type { UserScoreRow } from "../../../domain/types";

const spec = listComputation("userCandidates")!;
const MANIFEST = "runs/v1/userCandidates/a1/manifest.json";
const clock = { now: () => 0 };

/** Writes rows as the given files (rows assigned to files by `fileOf`) and a manifest naming them, shard 0. */
async function givenExport(files: MemoryRunFiles, parts: readonly (readonly string[])[], extra: RunFile[] = []) {
  const written: RunFile[] = [];
  for (const [i, lines] of parts.entries()) {
    const location = `runs/v1/userCandidates/a1/shard=0/part-${i}.tsv.gz`;
    await files.write(location, lines.length === 0 ? "" : `${lines.join("\n")}\n`);
    written.push({ location, shard: 0 });
  }
  const manifest = {
    format: 1 as const,
    version: "v1",
    computation: "userCandidates" as const,
    attempt: "a1",
    columns: spec.columns,
    compression: "gzip" as const,
    shards: 1,
    files: [...written, ...extra],
  };
  await files.write(MANIFEST, encodeManifest(manifest));
}

async function load(files: MemoryRunFiles) {
  const store = new MemoryScoreStore(clock);
  const write = await store.beginVersion("v1");
  const loaded = await loadShard(
    { store, files },
    { write, computation: "userCandidates", manifest: MANIFEST, shard: 0 },
  );
  return { store, write, loaded };
}

async function failure(files: MemoryRunFiles): Promise<DomainError> {
  const error = await load(files).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

/** Users with lists of 1..6 items; each row's line goes to one of 1..4 files, in a shuffled order. */
const listsArb = fc
  .uniqueArray(fc.stringMatching(/^u[0-9a-z]{1,6}$/), { minLength: 1, maxLength: 12 })
  .chain((users) =>
    fc.tuple(
      fc.constant(users),
      fc.array(fc.integer({ min: 1, max: 6 }), { minLength: users.length, maxLength: users.length }),
      fc.integer({ min: 1, max: 4 }),
    ),
  )
  .chain(([users, lengths, fileCount]) => {
    const rows: UserScoreRow[] = users.flatMap((userId, u) =>
      Array.from({ length: lengths[u]! }, (_, r) => ({ userId, itemId: `i${r}`, score: 10 - r / 7, rank: r + 1 })),
    );
    return fc.tuple(
      fc.constant(rows),
      fc.shuffledSubarray(rows, { minLength: rows.length, maxLength: rows.length }),
      fc.array(fc.integer({ min: 0, max: fileCount - 1 }), { minLength: rows.length, maxLength: rows.length }),
      fc.constant(fileCount),
    );
  });

function partsOf(rows: readonly UserScoreRow[], fileOf: readonly number[], fileCount: number): string[][] {
  const parts = Array.from({ length: fileCount }, () => [] as string[]);
  for (const [i, row] of rows.entries()) parts[fileOf[i]!]!.push(encodeLine(spec, row));
  return parts;
}

describe("loadShard", () => {
  it("regroups every list from rows spread over files in any order, in rank order, and rewrites them on retry", async () => {
    await fc.assert(
      fc.asyncProperty(listsArb, async ([rows, shuffled, fileOf, fileCount]) => {
        const files = new MemoryRunFiles();
        await givenExport(files, partsOf(shuffled, fileOf, fileCount));

        const { store, write, loaded } = await load(files);
        await loadShard({ store, files }, { write, computation: "userCandidates", manifest: MANIFEST, shard: 0 });
        await store.completeVersion(write, loaded.lists);
        await store.activate("v1");

        const users = [...new Set(rows.map((r) => r.userId))];
        const stored = await store.getLists(users.map((id) => ({ scope: "user", source: "userCf", id })));
        expect(loaded).toMatchObject({ rows: rows.length, lists: users.length, files: fileCount });
        for (const user of users) {
          const want = rows.filter((r) => r.userId === user).map((r) => ({ itemId: r.itemId, score: r.score }));
          expect(stored.get(`user:userCf:${user}`)).toEqual(want);
        }
      }),
      { numRuns: 60 },
    );
  });

  it("fails when any row of a list is lost or repeated", async () => {
    await fc.assert(
      fc.asyncProperty(listsArb, fc.nat(), fc.boolean(), async ([rows, , fileOf, fileCount], pick, repeat) => {
        const victim = pick % rows.length;
        const broken = repeat ? [...rows, rows[victim]!] : rows.filter((_, i) => i !== victim);
        const owner = rows[victim]!;
        const listLength = rows.filter((r) => r.userId === owner.userId).length;
        fc.pre(repeat || owner.rank < listLength); // losing a list's last row leaves a shorter, valid list
        const files = new MemoryRunFiles();
        await givenExport(files, partsOf(broken, [...fileOf, 0], fileCount));

        const error = await failure(files);

        expect(error.message).toMatch(
          new RegExp(`userCandidates: list user:userCf:${owner.userId} is incomplete or duplicated`),
        );
      }),
      { numRuns: 60 },
    );
  });

  it("names the computation, file and line of a row that does not parse", async () => {
    const cases: [string, RegExp][] = [
      ["u1\ti1\t0.5", /expected 4 tab-separated fields, found 3/],
      ["u1\ti1\tabc\t1", /score "abc" is not a finite number/],
      ["u1\ti1\t0.5\tone", /rnk "one" is not an integer/],
      ["", /expected 4 tab-separated fields, found 1/],
    ];
    for (const [bad, reason] of cases) {
      const files = new MemoryRunFiles();
      await givenExport(files, [["u1\ti0\t1\t1"], ["u2\ti0\t1\t1", bad]]);

      const error = await failure(files);

      expect(error.message).toMatch(/^userCandidates: runs\/v1\/userCandidates\/a1\/shard=0\/part-1\.tsv\.gz line 2: /);
      expect(error.message).toMatch(reason);
    }
  });

  it("fails on a file the manifest names but that is missing, or a truncated gzip object", async () => {
    const missing = new MemoryRunFiles();
    await givenExport(
      missing,
      [["u1\ti0\t1\t1"]],
      [{ location: "runs/v1/userCandidates/a1/shard=0/gone.gz", shard: 0 }],
    );
    const truncated = new MemoryRunFiles();
    await givenExport(truncated, [["u1\ti0\t1\t1"]]);
    const location = "runs/v1/userCandidates/a1/shard=0/part-0.tsv.gz";
    const whole = truncated.files.get(location)!;
    truncated.writeBytes(location, whole.subarray(0, whole.length - 6));

    expect((await failure(missing)).message).toMatch(/userCandidates: .*gone\.gz: run file .*gone\.gz does not exist/);
    expect((await failure(truncated)).message).toMatch(/part-0\.tsv\.gz is unreadable: unexpected end of file/);
  });

  it("fails on a missing or foreign manifest", async () => {
    const none = new MemoryRunFiles();
    const foreign = new MemoryRunFiles();
    await givenExport(foreign, [["u1\ti0\t1\t1"]]);
    const text = await foreign.read(MANIFEST);
    await foreign.write(MANIFEST, text.replace('"userCandidates"', '"seenItems"'));

    expect((await failure(none)).message).toMatch(/manifest\.json does not exist/);
    expect((await failure(foreign)).message).toMatch(/describes seenItems .* expected userCandidates/);
  });
});
