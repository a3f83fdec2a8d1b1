/**
 * API keys with scopes, shared by the local server and the AWS REQUEST authorizer: keys are stored only as
 * SHA-256 digests, and a presented key is found by comparing its digest with EVERY stored digest in constant
 * time (no early exit), so response time says nothing about how close a guess was.
 */
import { createHash, timingSafeEqual } from "node:crypto";

export const SCOPES = ["ingest", "read"] as const;
export type Scope = (typeof SCOPES)[number];

export interface ApiKeyRecord {
  /** A name for logs and metrics (never the key). */
  readonly id: string;
  /** Hex SHA-256 of the key. */
  readonly sha256: string;
  readonly scopes: readonly Scope[];
}

export type AuthDecision =
  | { readonly ok: true; readonly keyId?: string }
  | { readonly ok: false; readonly code: "UNAUTHORIZED" | "FORBIDDEN"; readonly message: string };

export const sha256Hex = (key: string): string => createHash("sha256").update(key, "utf8").digest("hex");

/**
 * Which scope a request needs: `public` for health and anything outside /v1 (static pages, 404s). The path is
 * normalised exactly as the router matches it (empty segments dropped), so `/v1/events/` or `/v1//events`
 * cannot reach ingest with a read key.
 */
export function requiredScope(method: string, rawPath: string): Scope | "public" {
  const path = `/${rawPath
    .split("/")
    .filter((segment) => segment.length > 0)
    .join("/")}`;
  if (!path.startsWith("/v1/") || path === "/v1/health") return "public";
  const upper = method.toUpperCase();
  if (upper === "POST" && (path === "/v1/events" || path === "/v1/items")) return "ingest";
  return "read";
}

/**
 * `x-api-key: <key>`, else `Authorization: Bearer <key>` (header names in lower case, as API Gateway gives them).
 * When both are sent, `x-api-key` decides, as on AWS, whose authorizer reads nothing else
 * (handlers/aws/authorizer-identity.ts): a client that works locally then works on AWS.
 */
export function presentedKey(headers: Readonly<Record<string, string | undefined>>): string | undefined {
  const header = headers["x-api-key"]?.trim();
  if (header !== undefined && header !== "") return header;
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(headers.authorization ?? "")?.[1];
  return bearer === undefined || bearer === "" ? undefined : bearer;
}

export class KeyRing {
  private readonly digests: { record: ApiKeyRecord; digest: Buffer }[];

  constructor(records: readonly ApiKeyRecord[]) {
    this.digests = records.map((record) => ({ record, digest: Buffer.from(record.sha256, "hex") }));
  }

  get size(): number {
    return this.digests.length;
  }

  /** The record whose digest equals the key's; every stored digest is compared whatever the outcome. */
  find(key: string): ApiKeyRecord | undefined {
    const digest = createHash("sha256").update(key, "utf8").digest();
    let found: ApiKeyRecord | undefined;
    for (const candidate of this.digests) {
      // Equal lengths by construction (32 bytes), as timingSafeEqual requires.
      if (timingSafeEqual(candidate.digest, digest) && found === undefined) found = candidate.record;
    }
    return found;
  }

  /** 401 when no known key is presented, 403 when the key lacks the route's scope. */
  authorize(method: string, path: string, headers: Readonly<Record<string, string | undefined>>): AuthDecision {
    return this.authorizeKey(requiredScope(method, path), presentedKey(headers));
  }

  /** The decision for one scope and one presented key (`undefined`: none was presented). */
  authorizeKey(scope: Scope | "public", key: string | undefined): AuthDecision {
    if (scope === "public") return { ok: true };
    if (key === undefined) {
      return { ok: false, code: "UNAUTHORIZED", message: "An API key is required (Authorization: Bearer <key>)" };
    }
    const record = this.find(key);
    if (!record) return { ok: false, code: "UNAUTHORIZED", message: "The API key is not valid" };
    if (!record.scopes.includes(scope)) {
      return { ok: false, code: "FORBIDDEN", message: `The API key "${record.id}" lacks the "${scope}" scope` };
    }
    return { ok: true, keyId: record.id };
  }
}

/** Parses and checks `RECO_API_KEYS` (a JSON list of {id, sha256, scopes}); throws an Error naming the problem. */
export function parseApiKeys(json: string): ApiKeyRecord[] {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    throw new Error(`not valid JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(value)) throw new Error("must be a JSON list of {id, sha256, scopes}");
  const ids = new Set<string>();
  return value.map((entry, i) => {
    const record = checkRecord(entry, i);
    if (ids.has(record.id)) throw new Error(`entry ${i}: duplicate id "${record.id}"`);
    ids.add(record.id);
    return record;
  });
}

function checkRecord(entry: unknown, i: number): ApiKeyRecord {
  if (typeof entry !== "object" || entry === null) throw new Error(`entry ${i} must be an object`);
  const { id, sha256, scopes } = entry as Record<string, unknown>;
  if (typeof id !== "string" || !/^[A-Za-z0-9_.:@-]{1,64}$/.test(id)) {
    throw new Error(`entry ${i}: "id" must be 1 to 64 characters of letters, digits and _ . : @ -`);
  }
  if (typeof sha256 !== "string" || !/^[0-9a-f]{64}$/i.test(sha256)) {
    throw new Error(`entry ${i} ("${id}"): "sha256" must be 64 hex digits (the digest, never the key)`);
  }
  if (!Array.isArray(scopes) || scopes.length === 0 || !scopes.every((s) => SCOPES.includes(s))) {
    throw new Error(`entry ${i} ("${id}"): "scopes" must be a non-empty list of ${SCOPES.join(", ")}`);
  }
  return { id, sha256: sha256.toLowerCase(), scopes: [...new Set(scopes as Scope[])] };
}
