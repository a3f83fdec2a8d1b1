/**
 * The local server as `npm start` composes it (handlers/local/app.ts) on memory adapters, plus a raw HTTP/1.1 client for what `fetch` cannot show: a client that writes its whole body before
 * it reads, or one that sends headers and never finishes its body.
 */
import { connect } from "node:net";
import { DEFAULT_CONFIG } from "../../../domain/config";
import { loadConfig } from "../../../handlers/config";
import { buildContainer } from "../../../handlers/container/index";
import { TOKENS } from "../../../handlers/container/tokens";
import { jsonLogger } from "../../../handlers/http/log";
import { startLocalApp } from "../../../handlers/local/app";
import { rememberBatches } from "../../../handlers/local/batch-log";
import type { RunningServer } from "../../../handlers/local/server";
import { openApiDocument } from "../../../handlers/openapi/document";
import { KEY_RECORDS } from "../http/given-edge";

export interface ServerSetup {
  readonly keys?: boolean;
  readonly rate?: { perSecond: number; burst: number };
  readonly maxBodyBytes?: number;
}

export async function givenLocalServer(setup: ServerSetup = {}) {
  const logs: Record<string, unknown>[] = [];
  const logger = jsonLogger((line) => logs.push(JSON.parse(line)));
  const container = await buildContainer(loadConfig({ RECO_RUNTIME: "memory" }), { logger });
  const server = await startLocalApp({
    router: container.get(TOKENS.router),
    logger,
    auth: setup.keys === false ? { mode: "open" } : { mode: "apiKey", keys: KEY_RECORDS },
    rateLimit: setup.rate ?? { perSecond: 0, burst: 1 },
    host: "127.0.0.1",
    port: 0,
    ...(setup.maxBodyBytes === undefined ? {} : { maxBodyBytes: setup.maxBodyBytes }),
    openapi: openApiDocument(DEFAULT_CONFIG),
    batches: rememberBatches(container.get(TOKENS.batch)),
  });
  return { server, logs };
}

export interface RawExchange {
  /** The status line and headers the client read, or undefined when the connection failed first. */
  readonly head?: string;
  readonly body?: string;
  readonly error?: string;
}

/**
 * Sends `headers` and `bodyBytes` bytes of body (of `declaredBytes` announced), optionally reading nothing until
 * all of it is written (`readAfterWrite`), then reads the answer until the server closes the connection.
 */
export function rawRequest(
  server: RunningServer,
  request: { head: string; declaredBytes: number; bodyBytes: number; readAfterWrite: boolean },
): Promise<RawExchange> {
  const { port } = new URL(server.url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), "127.0.0.1");
    if (request.readAfterWrite) socket.pause();
    let text = "";
    const settle = (error?: string) => {
      const [head, body] = text.includes("\r\n\r\n") ? text.split("\r\n\r\n", 2) : [undefined, undefined];
      socket.destroy();
      resolve({ head, body, ...(error ? { error } : {}) });
    };
    socket.on("data", (chunk) => {
      text += chunk.toString();
      // A client that never finishes its body reads the answer and hangs up.
      if (request.bodyBytes < request.declaredBytes && /\r\n\r\n\{.*\}$/s.test(text)) settle();
    });
    socket.on("error", (error: NodeJS.ErrnoException) => settle(error.code ?? error.message));
    socket.on("end", () => settle());
    socket.write(`${request.head}\r\ncontent-length: ${request.declaredBytes}\r\n\r\n`);
    const chunk = Buffer.alloc(64 * 1024, 0x78);
    let sent = 0;
    const pump = () => {
      while (sent < request.bodyBytes) {
        const n = Math.min(chunk.length, request.bodyBytes - sent);
        sent += n;
        if (!socket.write(chunk.subarray(0, n))) return void socket.once("drain", pump);
      }
      socket.resume();
    };
    pump();
  });
}
