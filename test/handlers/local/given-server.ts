/**
 * The local server as `npm start` composes it (edge admission before the body, then the router) on memory
 * adapters, plus a raw HTTP/1.1 client for what `fetch` cannot show: a client that writes its whole body before
 * it reads, or one that sends headers and never finishes its body.
 */
import { connect } from "node:net";
import { loadConfig } from "../../../handlers/config";
import { buildContainer } from "../../../handlers/container/index";
import { TOKENS } from "../../../handlers/container/tokens";
import { KeyRing } from "../../../handlers/http/auth";
import { makeEdgeParts } from "../../../handlers/http/edge";
import { jsonLogger } from "../../../handlers/http/log";
import { tokenBuckets } from "../../../handlers/local/rate-limit";
import { type RunningServer, startServer } from "../../../handlers/local/server";
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
  const edge = makeEdgeParts({
    router: container.get(TOKENS.router),
    logger,
    keys: setup.keys === false ? undefined : new KeyRing(KEY_RECORDS),
    rateLimit: setup.rate ? tokenBuckets(setup.rate) : undefined,
  });
  const server = await startServer({
    router: edge.handle,
    admit: edge.admit,
    logger,
    port: 0,
    maxBodyBytes: setup.maxBodyBytes,
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
