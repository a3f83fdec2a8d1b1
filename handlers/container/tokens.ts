/** DI tokens: they live with the composition root, never in domain/ (STYLE.md "Port"). */
import type { ServiceIdentifier } from "inversify";
import type { BatchReport } from "../../domain/batch";
import type { Clock, EventSink, IdGenerator, QueryEngine, RunFiles, ScoreStore } from "../../domain/ports";
import type { AppConfig } from "../config";
import type { Logger } from "../http/log";
import type { Router } from "../http/router";

const token = <T>(name: string): ServiceIdentifier<T> => Symbol.for(`reco.${name}`);

export const TOKENS = {
  config: token<AppConfig>("config"),
  clock: token<Clock>("clock"),
  ids: token<IdGenerator>("ids"),
  logger: token<Logger>("logger"),
  sink: token<EventSink>("sink"),
  store: token<ScoreStore>("store"),
  engine: token<QueryEngine>("engine"),
  /** Where the batch's result files go (the data directory, an S3 prefix, memory). */
  files: token<RunFiles>("files"),
  router: token<Router>("router"),
  batch: token<() => Promise<BatchReport>>("batch"),
} as const;
