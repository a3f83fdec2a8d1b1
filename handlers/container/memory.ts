/** The `memory` runtime: everything in process. Unit tests, `--demo` without a data directory. */
import { ContainerModule } from "inversify";
import { MemoryEventSink } from "../../adapters/memory/event-sink";
import { MemoryQueryEngine } from "../../adapters/memory/query-engine";
import { MemoryRunFiles } from "../../adapters/memory/run-files";
import { MemoryScoreStore } from "../../adapters/memory/score-store";
import type { Clock } from "../../domain/ports";
import { bindMemoryRecent } from "./recent";
import { TOKENS } from "./tokens";

export const memoryRuntime = new ContainerModule(({ bind }) => {
  const sink = new MemoryEventSink();
  bind(TOKENS.sink).toConstantValue(sink);
  // The engine reads what the sink stored, as DuckDB reads the lake the file sink wrote.
  const files = new MemoryRunFiles();
  bind(TOKENS.engine).toConstantValue(new MemoryQueryEngine(sink, files));
  bind(TOKENS.files).toConstantValue(files);
  bind(TOKENS.store)
    .toResolvedValue((clock: Clock) => new MemoryScoreStore(clock), [TOKENS.clock])
    .inSingletonScope();
  bindMemoryRecent(bind);
});
