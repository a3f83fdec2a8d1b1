/** Requests that make each route answer each way it can: the evidence the OpenAPI test compares the document with. */
import type { HttpRequestEvent } from "../../handlers/http/types";
import { httpEvent, NOW } from "../handlers/given";
import { KEYS, type Setup } from "./given-api";

export interface Probe {
  readonly operation: string;
  readonly setup: Setup;
  readonly request: HttpRequestEvent;
}

const event = { userId: "u1", itemId: "i1", type: "view", timestamp: NOW - 1_000 };
const item = { itemId: "i1", tags: ["jazz"], updatedAt: NOW - 1_000 };
const tooLarge = `{"x":"${"a".repeat(1024 * 1024)}"}`;

function bodyProbes(method: string, path: string): Probe[] {
  const operation = `${method} ${path}`;
  const probe = (request: HttpRequestEvent, setup: Setup = "healthy"): Probe => ({ operation, setup, request });
  return [
    probe(httpEvent(method, path, { body: "{" })),
    probe(httpEvent(method, path, { body: [] })),
    probe(httpEvent(method, path, { body: tooLarge })),
    probe(httpEvent(method, path, { body: "{}", headers: { "content-type": "text/plain" } })),
  ];
}

function ingestProbes(path: "/v1/events" | "/v1/items", field: string, record: object): Probe[] {
  const operation = `POST ${path}`;
  const probe = (body: unknown, setup: Setup = "healthy"): Probe => ({
    operation,
    setup,
    request: httpEvent("POST", path, { body }),
  });
  return [
    ...bodyProbes("POST", path),
    probe({ [field]: [record] }),
    probe({ [field]: [] }),
    probe({ [field]: new Array(501).fill(record) }),
    probe({ [field]: [{}] }),
    probe({ [field]: [record] }, "failing-sink"),
  ];
}

function readProbes(path: string, bad: Record<string, string>): Probe[] {
  const operation = `GET ${path.replace(/\/u1\/|\/i1\//, (m) => (m === "/u1/" ? "/{userId}/" : "/{itemId}/"))}`;
  const probe = (query: Record<string, string> | undefined, setup: Setup = "healthy"): Probe => ({
    operation,
    setup,
    request: httpEvent("GET", path, query ? { query } : {}),
  });
  return [probe(undefined), probe(bad), probe(undefined, "failing-store")];
}

const sessionPath = "/v1/recommendations";
const sessionProbes: Probe[] = [
  ...bodyProbes("POST", sessionPath),
  ...(
    [
      [{ items: ["i1"] }, "healthy"],
      [{ items: 5 }, "healthy"],
      [{ items: ["i1"] }, "failing-store"],
    ] as const
  ).map(([body, setup]) => ({
    operation: `POST ${sessionPath}`,
    setup,
    request: httpEvent("POST", sessionPath, { body }),
  })),
];

/** Every operation behind a key: refused without one, with the wrong scope, and when over its rate. */
function edgeProbes(method: string, path: string, operation: string, scope: "ingest" | "read"): Probe[] {
  const wrongKey = scope === "read" ? KEYS.writer : KEYS.reader;
  const body = method === "POST" ? { body: "{}" } : {};
  return [
    { operation, setup: "keys", request: httpEvent(method, path, body) },
    { operation, setup: "keys", request: httpEvent(method, path, { ...body, headers: { "x-api-key": wrongKey } }) },
    { operation, setup: "rate-limited", request: httpEvent(method, path, body) },
  ];
}

export const PROBES: readonly Probe[] = [
  ...ingestProbes("/v1/events", "events", event),
  ...ingestProbes("/v1/items", "items", item),
  ...readProbes("/v1/users/u1/recommendations", { n: "0" }),
  ...readProbes("/v1/items/i1/similar", { algorithm: "nope" }),
  ...sessionProbes,
  { operation: "GET /v1/health", setup: "healthy", request: httpEvent("GET", "/v1/health") },
  { operation: "GET /v1/health", setup: "failing-store", request: httpEvent("GET", "/v1/health") },
  { operation: "GET /v1/health", setup: "rate-limited", request: httpEvent("GET", "/v1/health") },
  ...edgeProbes("POST", "/v1/events", "POST /v1/events", "ingest"),
  ...edgeProbes("POST", "/v1/items", "POST /v1/items", "ingest"),
  ...edgeProbes("GET", "/v1/users/u1/recommendations", "GET /v1/users/{userId}/recommendations", "read"),
  ...edgeProbes("POST", sessionPath, `POST ${sessionPath}`, "read"),
  ...edgeProbes("GET", "/v1/items/i1/similar", "GET /v1/items/{itemId}/similar", "read"),
];
