/**
 * Runs the real local server (`handlers/local/main.ts`) as a child process on port 0 and finds its URL in the
 * "listening" log line. Used by the crash tests: the process is killed for real, not simulated.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { createInterface } from "node:readline";

export interface ServerProcess {
  readonly child: ChildProcess;
  readonly url: string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export async function startServerProcess(dataDir: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "handlers/local/main.ts", "--port", "0", "--host", "127.0.0.1", "--data-dir", dataDir],
    {
      cwd: process.cwd(),
      env: {
        ...process.env,
        RECO_RUNTIME: "local",
        RECO_BATCH_INTERVAL_MINUTES: "0",
        RECO_RATE_LIMIT_PER_SECOND: "0",
        ...env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal })),
  );
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on("line", (line) => {
      if (!line.includes('"listening"')) return;
      resolve((JSON.parse(line) as { url: string }).url);
    });
    exited.then(({ code }) => reject(new Error(`server exited (${code}) before listening: ${stderr}`)));
  });
  return { child, url, exited };
}

export function lakeEvent(now: number) {
  return {
    eventId: randomUUID(),
    userId: `u${Math.floor(Math.random() * 500)}`,
    itemId: `i${Math.floor(Math.random() * 200)}`,
    type: "view",
    timestamp: now,
  };
}

/** Posts one batch; resolves with the eventIds the server acknowledged as durable (none on any failure). */
export async function postBatch(url: string, size: number, headers: Record<string, string> = {}): Promise<string[]> {
  const events = Array.from({ length: size }, () => lakeEvent(Date.now()));
  const response = await fetch(`${url}/v1/events`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ events }),
  });
  if (response.status !== 200) return [];
  const body = (await response.json()) as { failed: { index: number }[] };
  const failed = new Set(body.failed.map((f) => f.index));
  return events.filter((_, i) => !failed.has(i)).map((e) => e.eventId);
}
