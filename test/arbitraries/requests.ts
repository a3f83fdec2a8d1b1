/** Arbitrary HTTP requests a hostile or careless client could send to the API. */
import fc from "fast-check";
import type { HttpRequestEvent } from "../../handlers/http/types";

const segment = fc.oneof(
  fc.constantFrom("v1", "events", "items", "users", "recommendations", "similar", "health", "%", "%E0%A4%A", ".."),
  fc.string({ maxLength: 12 }).map(encodeURIComponent),
);

export const pathArb = fc.array(segment, { maxLength: 5 }).map((parts) => `/${parts.join("/")}`);
export const methodArb = fc.constantFrom("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD");
export const queryArb = fc.dictionary(
  fc.constantFrom("n", "exclude", "context", "algorithm", "x"),
  fc.string({ maxLength: 20 }),
);
export const bodyArb = fc.option(fc.oneof(fc.string({ maxLength: 200 }), fc.json({ maxDepth: 3 })), { nil: undefined });

export const httpRequestArb: fc.Arbitrary<HttpRequestEvent> = fc
  .record({ method: methodArb, path: pathArb, query: queryArb, body: bodyArb, json: fc.boolean() })
  .map(({ method, path, query, body, json }) => ({
    version: "2.0",
    routeKey: "$default",
    rawPath: path,
    rawQueryString: new URLSearchParams(query).toString(),
    headers: json ? { "content-type": "application/json" } : {},
    queryStringParameters: query,
    requestContext: { requestId: "prop", http: { method, path } },
    body,
    isBase64Encoded: false,
  }));
