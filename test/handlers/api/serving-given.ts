/**
 * The whole API of one runtime (memory, or local: file sink + SQLite score and recent stores), built by the
 * real container with a fixed clock, plus helpers to load precomputed lists the way a batch run would.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ScoreList } from "../../../domain/ports";
import { encodeMetadata, metadataKey } from "../../../domain/serving/metadata";
import type { CatalogItem } from "../../../domain/types";
import { loadConfig } from "../../../handlers/config";
import { buildContainer } from "../../../handlers/container/index";
import { RECENT } from "../../../handlers/container/recent-token";
import { TOKENS } from "../../../handlers/container/tokens";
import { silentLogger } from "../../../handlers/http/log";
import type { HttpRequestEvent } from "../../../handlers/http/types";
import { closeAdapters } from "../../../handlers/local/lifecycle";
import { httpEvent, NOW, parse } from "../given";

export const RUNTIMES = ["memory", "local"] as const;

/** `clock`: fixed at NOW unless a test moves time on (two batch runs need two clock times). */
export async function givenRuntime(runtime: (typeof RUNTIMES)[number], clock: { now(): number } = { now: () => NOW }) {
  const dataDir = mkdtempSync(join(tmpdir(), "reco-serving-"));
  const config = loadConfig({ RECO_RUNTIME: runtime, RECO_DATA_DIR: dataDir });
  const container = await buildContainer(config, { clock, logger: silentLogger });
  const router = container.get(TOKENS.router);
  const store = container.get(TOKENS.store);
  let versions = 0;
  return {
    container,
    store,
    recent: container.get(RECENT),
    call: async (event: HttpRequestEvent) => parse(await router(event)),
    /** Writes and activates a version holding these lists (and catalog records as metadata lists). */
    withLists: async (lists: ScoreList[], catalog: CatalogItem[] = []) => {
      const version = `v${++versions}`;
      const metadata = catalog.map((item) => ({ key: metadataKey(item.itemId), items: encodeMetadata(item) }));
      await store.writeVersion(version, [...lists, ...metadata]);
      await store.activate(version);
    },
    cleanup: async () => {
      await closeAdapters(container);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const recommendationsFor = (userId: string, query: Record<string, string> = {}) =>
  httpEvent("GET", `/v1/users/${userId}/recommendations`, { query });

export const sessionRequest = (body: unknown) => httpEvent("POST", "/v1/recommendations", { body });

export const postEvents = (events: unknown[]) => httpEvent("POST", "/v1/events", { body: { events } });

export const idsOf = (response: { json: { items: { itemId: string }[] } }) =>
  response.json.items.map((item) => item.itemId);

export { list, NOW, view } from "../given";
