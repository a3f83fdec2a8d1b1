/** Drives test/fixtures/file-sink-child.ts: collects acknowledged eventIds and waits for milestones. */
import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";

export interface SinkChild {
  readonly process: ChildProcess;
  /** Every eventId the child printed as acknowledged (durable). */
  readonly acked: Set<string>;
  /** Resolves once at least `count` events are acknowledged. */
  ackedAtLeast(count: number): Promise<void>;
  /** Resolves with the exit code or signal once the child is gone and every printed line is read. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function startSinkChild(root: string): SinkChild {
  const child = spawn(process.execPath, ["--import", "tsx", "test/fixtures/file-sink-child.ts", root], {
    cwd: process.cwd(),
    stdio: ["ignore", "pipe", "inherit"],
  });
  const acked = new Set<string>();
  const waiters: { count: number; resolve: () => void }[] = [];
  const lines = createInterface({ input: child.stdout! });
  lines.on("line", (line) => {
    if (!line.startsWith("ack ")) return;
    for (const id of line.slice(4).split(" ")) if (id) acked.add(id);
    for (const waiter of waiters.filter((w) => acked.size >= w.count)) waiter.resolve();
  });
  const linesDone = new Promise<void>((resolve) => lines.on("close", resolve));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal })),
  ).then(async (status) => {
    await linesDone;
    return status;
  });
  return {
    process: child,
    acked,
    exited,
    ackedAtLeast: (count) =>
      new Promise<void>((resolve, reject) => {
        if (acked.size >= count) return resolve();
        waiters.push({ count, resolve });
        exited.then(() => reject(new Error(`child exited with only ${acked.size} acks`)));
      }),
  };
}
