/**
 * The local server's batch runs in a child process, so EASE training, the loader's parsing and DuckDB's queries
 * never stall the server's event loop or take its cores. A worker thread was not enough: its garbage was
 * collected by V8's helper threads and DuckDB's queries ran on libuv's pool, threads the worker shares with the
 * server at the server's priority, so requests waited behind the batch (docs/batch-pipeline.md#measured). A child
 * process has threads of its own, all at a lower priority (batch-child.ts).
 *
 * One child serves every run, started ahead of the first (`start()`, at server start): loading the program and
 * DuckDB's binding takes about a second of CPU, which in a process per run fell at the start of every run and held
 * requests up to ~70 ms. Each run builds its own DuckDB and SQLite connection in the child and releases them when
 * it ends, as between in-process runs. A child that dies fails the runs it held; the next run starts a new one.
 */
import { type ChildProcess, fork } from "node:child_process";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import type { BatchReport } from "../../domain/batch";
import { DomainError, type ErrorCode, RetryableError } from "../../domain/errors";
import type { EventSink } from "../../domain/ports";
import type { AppConfig } from "../config";
import type { Logger, LogLevel } from "../http/log";
import type { ChildMessage, RunMessage } from "./batch-child";

/** The child runs the TypeScript entry through tsx's loader, whether the server itself runs under tsx or not. */
const ENTRY = fileURLToPath(new URL("./batch-child.ts", import.meta.url));
const TSX = import.meta.resolve("tsx");

/** A batch run, callable like the in-process one, with the child's lifetime. */
export interface ChildBatch {
  (): Promise<BatchReport>;
  /** Starts the child now, so the first run does not pay for it. */
  start(): void;
  /** Stops the child (runs it held fail). */
  close(): Promise<void>;
  /** The running child's process id, if one runs (for logs and tests). */
  pid(): number | undefined;
}

interface Pending {
  /** The child the run was sent to: only its end fails the run. */
  readonly owner: ChildProcess;
  resolve(report: BatchReport): void;
  reject(error: Error): void;
}

export function childBatch(config: AppConfig, deps: { sink: EventSink; logger: Logger }): ChildBatch {
  const runConfig = withServingCore(config);
  const pending = new Map<number, Pending>();
  let child: ChildProcess | undefined;
  let nextId = 1;

  // An idle child must not keep the server's process alive; one with runs in flight does.
  const holdOpen = (open: boolean) => {
    const method = open ? "ref" : "unref";
    child?.[method]();
    (child?.channel as { ref?: () => void; unref?: () => void } | undefined)?.[method]?.();
  };

  const started = (): ChildProcess => {
    if (child?.connected) return child;
    const process = fork(ENTRY, [], { execArgv: ["--import", TSX], serialization: "advanced", stdio: "inherit" });
    process.on("message", (message: ChildMessage) => {
      if (message.kind === "log") {
        deps.logger.log(message.level as LogLevel, message.message, message.fields);
        return;
      }
      const run = pending.get(message.id);
      if (!run) return;
      pending.delete(message.id);
      if (message.kind === "report") run.resolve(message.report as BatchReport);
      else run.reject(toError(message));
      if (pending.size === 0) holdOpen(false);
    });
    const failAll = (error: Error) => {
      if (child === process) child = undefined;
      for (const [id, run] of pending) {
        if (run.owner !== process) continue;
        pending.delete(id);
        run.reject(error);
      }
    };
    process.on("error", failAll);
    process.on("exit", (code, signal) =>
      failAll(new Error(`batch process exited (${signal ?? code}) before reporting`)),
    );
    child = process;
    holdOpen(pending.size > 0);
    return process;
  };

  const run = (async () => {
    // Records this server buffered must be in the window; the child has no sink of its own.
    await deps.sink.flush();
    const id = nextId++;
    const process = started();
    return new Promise<BatchReport>((resolve, reject) => {
      pending.set(id, { owner: process, resolve, reject });
      holdOpen(true);
      process.send({ kind: "run", id, config: runConfig } satisfies RunMessage);
    });
  }) as ChildBatch;
  run.start = () => void started();
  run.pid = () => child?.pid;
  run.close = async () => {
    const process = child;
    if (!process || process.exitCode !== null || process.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => process.once("exit", () => resolve()));
    // Held open until it has exited: an idle child is unreferenced, and a server whose last handle it was would
    // otherwise end right here, before its own shutdown (publishing buffered events) had run.
    holdOpen(true);
    process.kill("SIGTERM");
    await exited;
  };
  return run;
}

/** Unless configured, DuckDB leaves one core to the server's thread. */
function withServingCore(config: AppConfig): AppConfig {
  if (config.duckdb.threads !== undefined) return config;
  return { ...config, duckdb: { ...config.duckdb, threads: Math.max(1, availableParallelism() - 1) } };
}

function toError(message: Extract<ChildMessage, { kind: "error" }>): Error {
  if (message.code === undefined) return new Error(message.message);
  const code = message.code as ErrorCode;
  if (message.retryable) return new RetryableError(code, message.message);
  return new DomainError(code, message.message, message.details as Record<string, unknown> | undefined);
}
