/**
 * The smoke check of a running stack (`npm run smoke`): send a handful of events of fresh users and items, start
 * a batch run, wait for a new model version, and ask for one of those users' recommendations, which must come
 * back from the new version holding at least one of the smoke items (so the run really read what was sent).
 * Runs are started again while the events are not yet in the lake (Firehose buffers them for minutes).
 */
import { randomBytes } from "node:crypto";

export interface RunOutcome {
  /** `activated`: a new version serves; `empty`: the window held no events yet; the rest: nothing new. */
  readonly outcome: string;
  readonly version?: string;
}

/** How a run is started and waited for: the state machine on AWS, the playground's trigger locally. */
export interface RunTrigger {
  readonly name: string;
  run(): Promise<RunOutcome>;
}

export interface SmokeOptions {
  readonly url: string;
  /** `x-api-key` for stacks and servers with API keys; `token` a JWT for `Authorization: Bearer`. */
  readonly key?: string;
  readonly token?: string;
  readonly timeoutMs: number;
  /** Wait between runs while the smoke events are not in the lake yet. */
  readonly retryMs: number;
}

export interface SmokeDeps {
  readonly fetch: typeof fetch;
  readonly trigger: RunTrigger;
  readonly sleep: (ms: number) => Promise<void>;
  readonly now: () => number;
  readonly log: (line: string) => void;
}

export class SmokeFailure extends Error {}

/** fetch says only "fetch failed"; why (a refused connection, an unknown host) is in its cause. */
export function unreachable(request: string, error: unknown): SmokeFailure {
  const cause = (error as { cause?: unknown } | null)?.cause;
  const why = cause instanceof Error ? cause.message : error instanceof Error ? error.message : String(error);
  return new SmokeFailure(`${request}: no answer (${why})`);
}

const USERS = 10;
const ITEMS = 8;

/** Ten users, each viewing four of eight items in a ring: every neighbouring pair is co-viewed three times. */
export function smokeEvents(run: string, now: number) {
  return Array.from({ length: USERS }, (_, u) =>
    Array.from({ length: 4 }, (_, k) => ({
      userId: `smoke-${run}-u${u}`,
      itemId: `smoke-${run}-i${(u + k) % ITEMS}`,
      type: k === 3 ? "purchase" : "view",
      timestamp: now - (4 - k) * 1_000,
    })),
  ).flat();
}

export async function smokeCheck(
  deps: SmokeDeps,
  options: SmokeOptions,
): Promise<{ version: string; items: string[] }> {
  const api = client(deps, options);
  const run = randomBytes(4).toString("hex");
  const before = (await api("GET", "/v1/health")).activeVersion as string | null;
  deps.log(`serving before: ${before ?? "no version"}`);
  const events = smokeEvents(run, deps.now());
  const accepted = await api("POST", "/v1/events", { events });
  if (accepted.accepted !== events.length) {
    throw new SmokeFailure(
      `POST /v1/events accepted ${String(accepted.accepted)} of ${events.length}: ${JSON.stringify(accepted)}`,
    );
  }
  deps.log(`sent ${events.length} events of ${USERS} users (smoke-${run}-*)`);
  const deadline = deps.now() + options.timeoutMs;
  const user = `smoke-${run}-u0`;
  for (let attempt = 1; ; attempt++) {
    deps.log(`starting batch run ${attempt} (${deps.trigger.name}) ...`);
    const outcome = await deps.trigger.run();
    deps.log(`  run ended: ${outcome.outcome}${outcome.version ? ` (${outcome.version})` : ""}`);
    if (outcome.outcome === "activated") {
      const answer = await recommendationsOf(api, deps, user, outcome.version);
      const items = ((answer.items ?? []) as { itemId: string }[]).map((i) => i.itemId);
      const ours = items.filter((id) => id.startsWith(`smoke-${run}-i`));
      deps.log(
        `  ${user}: ${items.length} recommendations from ${String(answer.version)}, ${ours.length} of the smoke items`,
      );
      if (answer.version !== before && items.length > 0 && ours.length > 0)
        return { version: String(answer.version), items };
    }
    if (deps.now() + options.retryMs > deadline) {
      throw new SmokeFailure(
        `no version serving the smoke events after ${Math.round(options.timeoutMs / 60_000)} min (last run: ${outcome.outcome})`,
      );
    }
    deps.log(
      `  the events are not in a version yet (the lake may still buffer them): retrying in ${options.retryMs / 1000} s`,
    );
    await deps.sleep(options.retryMs);
  }
}

type Json = Record<string, unknown>;

/**
 * Serving reports the active version from a cache of a few seconds (handlers/api/routes.ts), so right after a
 * run its answer may still name the previous version: ask again for a little longer than that before calling
 * the run a miss, which would start another whole run.
 */
const VERSION_CHECKS = 4;
const VERSION_CHECK_WAIT_MS = 2_000;

async function recommendationsOf(api: Api, deps: SmokeDeps, user: string, version: string | undefined) {
  for (let check = 1; ; check++) {
    const answer = await api("GET", `/v1/users/${user}/recommendations?n=10`);
    if (version === undefined || answer.version === version || check === VERSION_CHECKS) return answer;
    await deps.sleep(VERSION_CHECK_WAIT_MS);
  }
}

type Api = (method: string, path: string, body?: unknown) => Promise<Json>;

function client(deps: SmokeDeps, options: SmokeOptions): Api {
  const base = options.url.replace(/\/+$/, "");
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (options.key) headers["x-api-key"] = options.key;
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  return async (method: string, path: string, body?: unknown): Promise<Json> => {
    const url = `${base}${path}`;
    const response = await deps
      .fetch(url, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) })
      .catch((error: unknown) => {
        throw unreachable(`${method} ${url}`, error);
      });
    const text = await response.text();
    if (!response.ok) throw new SmokeFailure(`${method} ${path}: HTTP ${response.status} ${text.slice(0, 300)}`);
    return JSON.parse(text) as Json;
  };
}
