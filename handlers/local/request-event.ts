/** The API Gateway payload-v2 event the local server builds from a Node request, so local behaviour is AWS behaviour. */
import type { IncomingMessage } from "node:http";
import type { RequestHead } from "../http/admission";
import type { HttpRequestEvent } from "../http/types";

export interface ParsedTarget {
  readonly head: RequestHead;
  readonly rawQueryString: string;
  readonly query: Readonly<Record<string, string>>;
}

/** The request head, or undefined when the request target cannot be parsed (e.g. `//[`): a 400, not a reset. */
export function parseTarget(request: IncomingMessage, requestId: string): ParsedTarget | undefined {
  const url = URL.parse(request.url ?? "/", "http://localhost");
  if (url === null) return undefined;
  const query: Record<string, string> = {};
  for (const [key, value] of url.searchParams) query[key] = key in query ? `${query[key]},${value}` : value;
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[key] = Array.isArray(value) ? value.join(",") : value;
  }
  return {
    head: {
      method: request.method ?? "GET",
      path: url.pathname,
      headers,
      sourceIp: request.socket.remoteAddress,
      requestId,
    },
    rawQueryString: url.search.slice(1),
    query,
  };
}

export function toEvent(target: ParsedTarget, body: Buffer): HttpRequestEvent {
  const { head } = target;
  return {
    version: "2.0",
    routeKey: "$default",
    rawPath: head.path,
    rawQueryString: target.rawQueryString,
    headers: head.headers,
    queryStringParameters: Object.keys(target.query).length > 0 ? target.query : undefined,
    requestContext: {
      requestId: head.requestId,
      timeEpoch: Date.now(),
      http: { method: head.method, path: head.path, sourceIp: head.sourceIp, userAgent: head.headers["user-agent"] },
    },
    body: body.length > 0 ? body.toString("utf8") : undefined,
    isBase64Encoded: false,
  };
}
