/**
 * Reading request bodies on the local server: up to a hard cap and never beyond, and, when the server answers
 * before the body has arrived (a refusal, a 413), discarding the rest before it closes the connection.
 *
 * Why drain: closing a socket that still holds unread request bytes makes the kernel reset the connection, and
 * a client still sending its body (or one that reads only once it has sent everything) then gets EPIPE or
 * ECONNRESET instead of the answer already written (RFC 9112 §9.6, "Tear-down"). So the answer goes out at
 * once, the rest of the body is read and thrown away up to a bound, and only then is the connection closed.
 */
import type { IncomingMessage } from "node:http";

export interface DrainLimits {
  /** Body bytes discarded after an early answer before the connection is cut (default 16 MiB). */
  readonly maxBytes: number;
  /** How long the server waits for the rest of the body after an early answer (default 5 s). */
  readonly maxMs: number;
}

export const DEFAULT_DRAIN: DrainLimits = { maxBytes: 16 * 1024 * 1024, maxMs: 5_000 };

export type BodyRead =
  | { readonly ok: true; readonly body: Buffer }
  | { readonly ok: false; readonly reason: "too-large" | "aborted"; readonly bytesRead: number };

/** True when the request announces a body (a length above 0, or chunked transfer). */
export function announcesBody(request: IncomingMessage): boolean {
  return request.headers["transfer-encoding"] !== undefined || Number(request.headers["content-length"] ?? 0) > 0;
}

/** The whole body, or `too-large` as soon as it passes `maxBytes` (announced or streamed), leaving the rest unread. */
export function readCapped(request: IncomingMessage, maxBytes: number): Promise<BodyRead> {
  if (Number(request.headers["content-length"] ?? 0) > maxBytes) {
    return Promise.resolve({ ok: false, reason: "too-large", bytesRead: 0 });
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = (result: BodyRead) => {
      request.off("data", onData).off("end", onEnd).off("error", onError).off("aborted", onError);
      request.pause();
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) chunks.push(chunk);
      else stop({ ok: false, reason: "too-large", bytesRead: size });
    };
    const onEnd = () => stop({ ok: true, body: Buffer.concat(chunks) });
    const onError = () => stop({ ok: false, reason: "aborted", bytesRead: size });
    request.on("data", onData).on("end", onEnd).on("error", onError).on("aborted", onError);
  });
}

/**
 * Reads and discards what is left of the body. `ended`: the client finished within the limits, so the
 * connection can be closed cleanly; otherwise the caller cuts it.
 */
export function drainUnread(
  request: IncomingMessage,
  alreadyRead: number,
  limits: DrainLimits,
): Promise<"ended" | "exceeded" | "aborted"> {
  if (request.readableEnded) return Promise.resolve("ended");
  if (Number(request.headers["content-length"] ?? 0) > limits.maxBytes) return Promise.resolve("exceeded");
  return new Promise((resolve) => {
    let size = alreadyRead;
    const finish = (outcome: "ended" | "exceeded" | "aborted") => {
      clearTimeout(timer);
      request.off("data", onData).off("end", onEnd).off("error", onAbort).off("aborted", onAbort);
      resolve(outcome);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limits.maxBytes) finish("exceeded");
    };
    const onEnd = () => finish("ended");
    const onAbort = () => finish("aborted");
    const timer = setTimeout(() => finish("exceeded"), limits.maxMs);
    request.on("data", onData).on("end", onEnd).on("error", onAbort).on("aborted", onAbort);
    request.resume();
  });
}
