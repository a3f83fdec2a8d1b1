/**
 * The local HTTP server: turns Node requests into the same API Gateway payload v2 events the Lambdas get and
 * calls the very same router, so local behaviour is AWS behaviour. In front of the body: the Host name check
 * (DNS rebinding), then admission (key, scope, rate limit) on the request head, so a refused client costs no body read; then the body, streamed with
 * a hard cap (413 without buffering the excess). An answer sent before the body has arrived is followed by a
 * bounded drain of the rest, so clients read it instead of a reset (handlers/local/request-body.ts).
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Admission } from "../http/admission";
import { MAX_BODY_BYTES } from "../http/body";
import { errorResult } from "../http/errors";
import type { Logger } from "../http/log";
import type { Router } from "../http/router";
import type { HttpRequestEvent, HttpResult } from "../http/types";
import { announcesBody, DEFAULT_DRAIN, type DrainLimits, drainUnread, readCapped } from "./request-body";
import { type ParsedTarget, parseTarget, toEvent } from "./request-event";

export interface ServerOptions {
  readonly router: Router;
  readonly logger: Logger;
  /** Checks the request head before any of the body is read (handlers/http/edge.ts `makeEdgeParts`). */
  readonly admit?: Admission;
  readonly host?: string;
  /** 0 picks a free port (tests). */
  readonly port?: number;
  readonly maxBodyBytes?: number;
  readonly drain?: DrainLimits;
  /** Whether a `Host` header names this server (handlers/local/hosts.ts); absent: every name is answered. */
  readonly allowedHost?: (hostHeader: string | undefined) => boolean;
  /**
   * Pages and files outside the API (the playground at `/`, `/openapi.json`): consulted first for paths not
   * under `/v1/`; `undefined` passes the request on to the router. Admission applies to them too.
   */
  readonly staticRoutes?: (event: HttpRequestEvent) => Promise<HttpResult | undefined>;
}

export interface RunningServer {
  readonly url: string;
  /** Stops accepting connections and resolves once in-flight requests are answered. */
  close(): Promise<void>;
}

interface Answer {
  readonly result: HttpResult;
  /** Body bytes already consumed (read or counted) when the answer was decided. */
  readonly bytesRead: number;
  readonly refused?: string;
}

class ClientAbortedError extends Error {}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  // A client that resets mid-body rejects the read: drop that socket, never the process.
  const server = createServer((request, response) => {
    serve(request, response, options).catch(() => response.destroy());
  });
  // `Expect: 100-continue` (curl's large uploads): the head is checked first, so a refused client is answered
  // instead of being invited to send a body (Node would send 100 Continue itself without this listener).
  server.on("checkContinue", (request, response) => {
    serve(request, response, options, () => response.writeContinue()).catch(() => response.destroy());
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

async function serve(
  request: IncomingMessage,
  response: ServerResponse,
  options: ServerOptions,
  inviteBody: () => void = () => {},
) {
  const startedAt = performance.now();
  const requestId = randomUUID();
  const target = parseTarget(request, requestId);
  const answer = await answerFor(request, target, options, inviteBody);
  await send(request, response, answer.result, requestId, answer.bytesRead, options.drain ?? DEFAULT_DRAIN);
  options.logger.log("info", "request", {
    requestId,
    method: request.method,
    // The path only: query strings may carry user ids, and nothing here ever logs bodies or headers.
    path: (request.url ?? "/").split("?")[0],
    status: answer.result.statusCode,
    milliseconds: Math.round((performance.now() - startedAt) * 100) / 100,
    bytesIn: answer.bytesRead,
    ...(answer.refused ? { refused: answer.refused } : {}),
  });
}

async function answerFor(
  request: IncomingMessage,
  target: ParsedTarget | undefined,
  options: ServerOptions,
  inviteBody: () => void,
): Promise<Answer> {
  if (target === undefined) {
    return { result: errorResult("INVALID_REQUEST", "The request target is not a valid URL path"), bytesRead: 0 };
  }
  if (options.allowedHost && !options.allowedHost(target.head.headers.host)) {
    const message = "This server does not answer under that Host name; see RECO_ALLOWED_HOSTS";
    return { result: errorResult("HOST_NOT_ALLOWED", message), bytesRead: 0, refused: "HOST_NOT_ALLOWED" };
  }
  const refusal = options.admit?.(target.head);
  if (refusal) return { result: refusal.result, bytesRead: 0, refused: refusal.code };
  const maxBytes = options.maxBodyBytes ?? MAX_BODY_BYTES;
  if (Number(request.headers["content-length"] ?? 0) <= maxBytes) inviteBody();
  const read = await readCapped(request, maxBytes);
  if (!read.ok && read.reason === "aborted") throw new ClientAbortedError("the client went away mid-body");
  if (!read.ok) {
    const result = errorResult("PAYLOAD_TOO_LARGE", `The body exceeds ${maxBytes} bytes`, { maxBytes });
    return { result, bytesRead: read.bytesRead };
  }
  const event = toEvent(target, read.body);
  const page = event.rawPath.startsWith("/v1/") ? undefined : await options.staticRoutes?.(event);
  return { result: page ?? (await options.router(event)), bytesRead: read.body.length };
}

/**
 * Writes the answer. When the body has not all arrived (an early answer), the answer is written whole at once
 * (`content-length`, `connection: close`), the rest of the body is drained within the limits, and only then is
 * the response ended and the connection closed; past the limits the connection is cut.
 */
async function send(
  request: IncomingMessage,
  response: ServerResponse,
  result: HttpResult,
  requestId: string,
  bytesRead: number,
  drain: DrainLimits,
): Promise<void> {
  const headers = { ...result.headers, "x-request-id": requestId };
  const payload = result.isBase64Encoded ? Buffer.from(result.body, "base64") : Buffer.from(result.body, "utf8");
  if (!announcesBody(request) || request.readableEnded) {
    response.writeHead(result.statusCode, headers);
    response.end(payload);
    return;
  }
  response.writeHead(result.statusCode, {
    ...headers,
    connection: "close",
    "content-length": String(payload.length),
  });
  response.write(payload);
  const outcome = await drainUnread(request, bytesRead, drain);
  response.end();
  if (outcome !== "ended") request.socket.destroy();
}
