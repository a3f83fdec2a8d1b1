/**
 * System engines that integration tests drive but npm cannot install (Chromium now; MariaDB is next). A test
 * file asks for its engine once, at load:
 *
 *   const chromiumPath = await requireSystemEngine(CHROMIUM);
 *   describe.skipIf(chromiumPath === undefined)("…", () => { … });
 *
 * Absent, the file is skipped with one line on stderr saying what to install, so `npm test` passes on a fresh
 * machine. Under CI (`CI=true`) absence fails the file instead: CI installs every engine and must never
 * silently skip the tests that need one. An engine is a name, an install hint and an async probe, so a probe
 * can open a connection (a database) as well as look for a file (a browser).
 */
import { accessSync, constants, statSync } from "node:fs";
import { delimiter, join } from "node:path";

export type ProbeResult<Found> = { readonly found: Found } | { readonly missing: string };

export interface SystemEngine<Found> {
  readonly name: string;
  /** What a person runs to get it, e.g. "apt-get install chromium". */
  readonly install: string;
  /** Where the engine is, or why it was not found. Reads only `env`, so tests can hide the engine. */
  probe(env: NodeJS.ProcessEnv): Promise<ProbeResult<Found>>;
}

/** The engine's location, or undefined after one notice line; throws under CI. */
export async function requireSystemEngine<Found>(
  engine: SystemEngine<Found>,
  env: NodeJS.ProcessEnv = process.env,
  notice: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): Promise<Found | undefined> {
  const result = await engine.probe(env);
  if ("found" in result) return result.found;
  const why = `${engine.name} not found (${result.missing})`;
  if (runsInCi(env)) throw new Error(`${why}; CI must not skip these tests: ${engine.install}`);
  notice(`skipped: ${why}; to run these tests: ${engine.install}`);
  return undefined;
}

/** `CI=true` as CI services set it; `CI=false` or `CI=0` opt out. */
export function runsInCi(env: NodeJS.ProcessEnv): boolean {
  const ci = env.CI?.trim().toLowerCase();
  return ci !== undefined && ci !== "" && ci !== "false" && ci !== "0";
}

/** Names on PATH first, then places installers use that are often not on PATH (snap, macOS apps). */
const CHROMIUM_NAMES = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"];
const CHROMIUM_LOCATIONS = [
  "/snap/bin/chromium",
  "/Applications/Chromium.app/Contents/MacOS/Chromium",
  "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
];

/**
 * A Chromium or Chrome binary for playwright-core (which never downloads one). `CHROMIUM_PATH`, when set, is
 * the only place looked at: a person who names a binary wants that one, and a wrong path should say so
 * rather than quietly fall back to another browser (it also lets a test run hide the system's Chromium).
 */
export const CHROMIUM: SystemEngine<string> = {
  name: "Chromium",
  install: "apt-get install chromium (or set CHROMIUM_PATH to a Chromium or Chrome binary)",
  async probe(env) {
    if (env.CHROMIUM_PATH)
      return isExecutableFile(env.CHROMIUM_PATH)
        ? { found: env.CHROMIUM_PATH }
        : { missing: `CHROMIUM_PATH=${env.CHROMIUM_PATH} is not an executable file` };
    const onPath = (env.PATH ?? "")
      .split(delimiter)
      .filter((dir) => dir !== "")
      .flatMap((dir) => CHROMIUM_NAMES.map((name) => join(dir, name)));
    const found = [...onPath, ...CHROMIUM_LOCATIONS].find(isExecutableFile);
    return found ? { found } : { missing: `none of ${CHROMIUM_NAMES.join(", ")} on PATH, CHROMIUM_PATH unset` };
  },
};

function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
