import { MemoryQueryEngine } from "../../../adapters/memory/query-engine";
import { describeQueryEngineContract } from "../../contracts/query-engine.contract";

describeQueryEngineContract("memory", async (events, catalog) => ({
  engine: new MemoryQueryEngine({ events: () => events, catalog: () => catalog }),
  cleanup: async () => {},
}));
