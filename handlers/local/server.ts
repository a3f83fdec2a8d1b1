/**
 * The local HTTP server: turns Node requests into the same API Gateway payload v2 events the Lambdas get and
 * calls the very same router, so local behaviour is AWS behaviour. Bodies are streamed with a hard cap: a huge
 * body is answered 413 without being buffered.
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { MAX_BODY_BYTES } from "../http/body";
import { errorResult } from "../http/errors";
import type { Logger } from "../http/log";
import type { Router } from "../http/router";
import type { HttpRequestEvent, HttpResult } from "../http/types";

export interface ServerOptions {
  readonly router: Router;
  readonly logger: Logger;
  readonly host?: string;
  /** 0 picks a free port (tests). */
  readonly port?: number;
  readonly maxBodyBytes?: number;
  /**
   * Pages and files outside the API (the playground at `/`, `/openapi.json`): consulted first for paths not
   * under `/v1/`; `undefined` passes the request on to the router. They answer without credentials.
   */
  readonly staticRoutes?: (event: HttpRequestEvent) => Promise<HttpResult | undefined>;
}

export interface RunningServer {
  readonly url: string;
  /** Stops accepting connections and resolves once in-flight requests are answered. */
  close(): Promise<void>;
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const maxBodyBytes = options.maxBodyBytes ?? MAX_BODY_BYTES;
  const server = createServer((request, response) => {
    // A client that resets mid-body rejects the read: drop that socket, never the process.
    serve(request, response, options, maxBodyBytes).catch(() => response.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 3000, options.host ?? "127.0.0.1", resolve);
  });
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(":") ? `[${address}]` : address;
  return {
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeIdleConnections();
      }),
  };
}

async function serve(request: IncomingMessage, response: ServerResponse, options: ServerOptions, maxBytes: number) {
  const startedAt = performance.now();
  const requestId = randomUUID();
  const body = await readCapped(request, maxBytes);
  const event = body === undefined ? undefined : toEvent(request, body, requestId);
  const result =
    body === undefined
      ? errorResult("PAYLOAD_TOO_LARGE", `The body exceeds ${maxBytes} bytes`, { maxBytes }, { connection: "close" })
      : event === undefined
        ? errorResult("INVALID_REQUEST", "The request target is not a valid URL path")
        : await route(options, event);
  response.writeHead(result.statusCode, { ...result.headers, "x-request-id": requestId });
  response.end(result.isBase64Encoded ? Buffer.from(result.body, "base64") : result.body);
  options.logger.log("info", "request", {
    requestId,
    method: request.method,
    // The path only: query strings may carry user ids, and nothing here ever logs bodies or headers.
    path: (request.url ?? "/").split("?")[0],
    status: result.statusCode,
    milliseconds: Math.round((performance.now() - startedAt) * 100) / 100,
    bytesIn: body?.length,
  });
}

async function route(options: ServerOptions, event: HttpRequestEvent): Promise<HttpResult> {
  const page = event.rawPath.startsWith("/v1/") ? undefined : await options.staticRoutes?.(event);
  return page ?? options.router(event);
}

/**
 * The body, or undefined as soon as it passes `maxBytes`: the 413 goes out at once (with `connection: close`)
 * and the rest of the body is drained, never buffered.
 */
function readCapped(request: IncomingMessage, maxBytes: number): Promise<Buffer | undefined> {
  const declared = Number(request.headers["content-length"] ?? 0);
  if (declared > maxBytes) {
    request.resume();
    return Promise.resolve(undefined);
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) return void chunks.push(chunk);
      request.off("data", onData);
      request.resume();
      resolve(undefined);
    };
    request.on("data", onData);
    request.on("end", () => resolve(Buffer.concat(chunks)));
    request.on("error", reject);
  });
}

/** The payload-v2 event, or undefined when the request target cannot be parsed (e.g. `//[`): a 400, not a reset. */
function toEvent(request: IncomingMessage, body: Buffer, requestId: string): HttpRequestEvent | undefined {
  const url = URL.parse(request.url ?? "/", "http://localhost");
  if (url === null) return undefined;
  const query: Record<string, string> = {};
  for (const [key, value] of url.searchParams) query[key] = key in query ? `${query[key]},${value}` : value;
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[key] = Array.isArray(value) ? value.join(",") : value;
  }
  const method = request.method ?? "GET";
  return {
    version: "2.0",
    routeKey: "$default",
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    queryStringParameters: Object.keys(query).length > 0 ? query : undefined,
    requestContext: {
      requestId,
      timeEpoch: Date.now(),
      http: { method, path: url.pathname, sourceIp: request.socket.remoteAddress, userAgent: headers["user-agent"] },
    },
    body: body.length > 0 ? body.toString("utf8") : undefined,
    isBase64Encoded: false,
  };
}
