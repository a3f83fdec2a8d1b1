/**
 * The engines an evaluation can compute through: the TypeScript reference (the memory runtime's engine) or
 * the local runtime's DuckDB SQL over a lake written to a temporary folder.
 */
import { temporaryFolder, writeLakeFiles } from "../../adapters/datasets/lake-writer";
import { DuckDbQueryEngine } from "../../adapters/local/duckdb-query-engine";
import { MemoryQueryEngine } from "../../adapters/memory/query-engine";
import type { EngineFactory } from "../../domain/evaluation/evaluate";

export const referenceEngine: EngineFactory = async (events, catalog) => ({
  engine: new MemoryQueryEngine({ events: () => events, catalog: () => catalog }),
  close: async () => {},
});

export const duckDbEngine: EngineFactory = async (events, catalog) => {
  const lake = await temporaryFolder("evaluate-lake-");
  await writeLakeFiles(lake.path, events, catalog);
  // Years-old data (MovieLens is from 1997): every record is filed at one arrival time, so no delay bound.
  const engine = new DuckDbQueryEngine({ lakeRoot: lake.path, checkObjects: false });
  return {
    engine,
    close: async () => {
      await engine.close();
      await lake.remove();
    },
  };
};
