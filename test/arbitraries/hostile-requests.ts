/**
 * Requests a hostile or broken client sends: random bytes, JSON of any shape and depth, huge strings, unicode
 * edge cases, numbers at the limits, `__proto__`/`constructor` keys, duplicated fields, wrong content types,
 * odd headers, query strings and paths. Mixed with near-valid batches so validation, not only parsing, is hit.
 */
import fc from "fast-check";
import type { HttpRequestEvent } from "../../handlers/http/types";
import { eventCorruptions } from "./event-corruptions";
import { validEventCase } from "./events";

const ROUTES = ["/v1/events", "/v1/items", "/v1/users/u1/recommendations", "/v1/items/i1/similar", "/v1/health"];

/** Strings that break naive code: lone surrogates, NUL, BOM, RTL marks, combining marks, very long runs. */
export const nastyString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom("\ud800", "\udfff", "a\u0000b", "\ufeffu1", "\u202eu1", "e\u0301", "𝕦𝟙", "", " ", "null", "%00"),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.integer({ min: 129, max: 300_000 }).map((n) => "x".repeat(n)),
);

/** Numbers at the edges, written as JSON text (1e309 parses to Infinity, -0 to -0). */
const edgeNumberText = fc.constantFrom(
  "1e309",
  "-1e309",
  "-0",
  "9007199254740993",
  "1e-400",
  "0.1e1",
  "179769313486231570000000000000000000000000000000000000000000000000000000000000000000000000000000000000",
);

const anyJson = fc.oneof(
  fc.jsonValue({ maxDepth: 6 }).map((v) => JSON.stringify(v)),
  fc.integer({ min: 20, max: 20_000 }).map((depth) => `${"[".repeat(depth)}${"]".repeat(depth)}`),
  fc.integer({ min: 20, max: 5_000 }).map((depth) => `{"events":${'[{"a":'.repeat(depth)}1${"}]".repeat(depth)}}`),
);

/** A batch where each event is valid or has one corrupted field; sometimes poisoned keys are spliced in. */
const eventBatchText = fc
  .array(
    fc.oneof(
      validEventCase().map((c) => c.input),
      fc
        .tuple(validEventCase(), fc.constantFrom(...Object.values(eventCorruptions())))
        .chain(([c, corruption]) => corruption.value.map((value) => ({ ...c.input, [corruption.field]: value }))),
    ),
    { minLength: 1, maxLength: 8 },
  )
  .chain((events) =>
    fc.constantFrom(
      JSON.stringify({ events }),
      JSON.stringify({ events }).replace('{"', '{"__proto__":{"admin":true},"'),
      JSON.stringify({ events }).replace('"userId":', '"constructor":{"prototype":1},"userId":'),
      // Duplicated fields: JSON.parse keeps the last one, which must still be validated.
      JSON.stringify({ events }).replace('"userId":', '"userId":"ok-user","userId":'),
      JSON.stringify({ events, events2: 1 }).replace('"events2"', '"events"'),
    ),
  );

const hostileFieldBatch = fc
  .record({ field: fc.constantFrom("userId", "itemId", "type", "timestamp", "value", "context"), text: nastyString })
  .chain(({ field, text }) =>
    fc.oneof(
      fc.constant(
        JSON.stringify({ events: [{ userId: "u1", itemId: "i1", type: "view", timestamp: 0, [field]: text }] }),
      ),
      edgeNumberText.map(
        (n) => `{"events":[{"userId":"u1","itemId":"i1","type":"rate","timestamp":${n},"value":${n}}]}`,
      ),
    ),
  );

export const hostileBodyArb: fc.Arbitrary<{ text: string; base64: boolean } | undefined> = fc.option(
  fc.oneof(
    { weight: 3, arbitrary: eventBatchText.map((text) => ({ text, base64: false })) },
    { weight: 2, arbitrary: hostileFieldBatch.map((text) => ({ text, base64: false })) },
    { weight: 2, arbitrary: anyJson.map((text) => ({ text, base64: false })) },
    {
      weight: 1,
      arbitrary: fc.uint8Array({ maxLength: 512 }).chain((bytes) =>
        fc.boolean().map((base64) => ({
          text: base64 ? Buffer.from(bytes).toString("base64") : Buffer.from(bytes).toString("latin1"),
          base64,
        })),
      ),
    },
  ),
  { nil: undefined, freq: 8 },
);

const contentTypeArb = fc.option(
  fc.oneof(
    { weight: 6, arbitrary: fc.constant("application/json") },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        "application/json; charset=utf-16",
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "APPLICATION/JSON",
        "application/jsonp",
        "",
      ),
    },
    { weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
  ),
  { nil: undefined, freq: 10 },
);

/** Percent-encoded as a client would send it; a lone surrogate cannot be encoded and is sent raw. */
function pathSegment(text: string): string {
  try {
    return encodeURIComponent(text).slice(0, 2000);
  } catch {
    return text.slice(0, 2000);
  }
}

const pathArb = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...ROUTES) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.constantFrom("users", "items"), nastyString, fc.constantFrom("recommendations", "similar"))
      .map(([a, id, b]) => `/v1/${a}/${pathSegment(id)}/${b}`),
  },
  {
    weight: 1,
    arbitrary: fc
      .array(fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom("..", "%", "%E0%A4%A", "v1", "__proto__")), {
        maxLength: 5,
      })
      .map((parts) => `/${parts.join("/")}`),
  },
);

const queryArb = fc.dictionary(
  fc.oneof(
    fc.constantFrom("n", "exclude", "context", "algorithm", "__proto__", "constructor"),
    fc.string({ maxLength: 8 }),
  ),
  fc.oneof(nastyString, fc.constantFrom("0", "-1", "1e3", "101", "10", "1.5", "NaN", "hybrid", "a,b,,c")),
  { maxKeys: 4 },
);

const headersArb = fc.dictionary(
  fc.oneof(
    fc.constantFrom("x-forwarded-for", "content-length", "accept", "__proto__", "transfer-encoding"),
    fc.string({ maxLength: 10 }).map((s) => s.toLowerCase()),
  ),
  fc.string({ maxLength: 50 }),
  { maxKeys: 3 },
);

export interface HostileRequest {
  readonly event: HttpRequestEvent;
  /** The raw body text, for checks on what must (not) reach the sink. */
  readonly bodyText: string | undefined;
}

/** `auth` picks the credentials: mostly the key that may call every route, sometimes none or a wrong one. */
export function hostileRequestArb(goodKey: string): fc.Arbitrary<HostileRequest> {
  return fc
    .record({
      method: fc.oneof(
        { weight: 8, arbitrary: fc.constantFrom("GET", "POST") },
        fc.constantFrom("PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "get"),
      ),
      path: pathArb,
      query: queryArb,
      headers: headersArb,
      contentType: contentTypeArb,
      body: hostileBodyArb,
      auth: fc.oneof(
        { weight: 8, arbitrary: fc.constant(`Bearer ${goodKey}`) },
        fc.constantFrom(undefined, "Bearer nope", "Basic x", `Bearer ${goodKey} extra`),
      ),
    })
    .map(({ method, path, query, headers, contentType, body, auth }) => {
      const allHeaders: Record<string, string> = { ...headers };
      if (contentType !== undefined) allHeaders["content-type"] = contentType;
      if (auth !== undefined) allHeaders.authorization = auth;
      const event: HttpRequestEvent = {
        version: "2.0",
        routeKey: "$default",
        rawPath: path,
        rawQueryString: new URLSearchParams(query).toString(),
        headers: allHeaders,
        queryStringParameters: Object.keys(query).length > 0 ? query : undefined,
        requestContext: { requestId: "hostile", http: { method, path, sourceIp: "203.0.113.9" } },
        body: body?.text,
        isBase64Encoded: body?.base64 ?? false,
      };
      return { event, bodyText: body?.text };
    });
}
