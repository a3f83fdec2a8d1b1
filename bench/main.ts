export {};

/**
 * `npm run bench [-- <name> ...flags]`: runs one benchmark by name, or the in-process ones when none is given.
 * Each benchmark is a module `bench/<name>.ts` exporting `run(args: string[]): Promise<void>` that prints its
 * figures and, where a peer exists, ratios against a baseline measured in the same run.
 * Benchmarks are never part of `npm test`.
 */
const DEFAULT_SUITE = ["validation", "hybrid"];

const [name, ...args] = process.argv.slice(2);
const names = name && !name.startsWith("-") ? [name] : DEFAULT_SUITE;
for (const benchmark of names) {
  if (!/^[a-z][a-z0-9-]*$/.test(benchmark)) throw new Error(`unknown benchmark "${benchmark}"`);
  const module = (await import(`./${benchmark}.ts`).catch(() => undefined)) as
    | { run(args: string[]): Promise<void> }
    | undefined;
  if (!module) {
    console.error(`unknown benchmark "${benchmark}"`);
    process.exit(2);
  }
  console.log(`\n== ${benchmark} ==`);
  await module.run(name === benchmark ? args : []);
}
