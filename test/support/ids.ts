import type { IdGenerator } from "../../domain/ports";

/** Server-assigned event ids that are valid UUIDs and predictable in tests: …-000000000001, …-000000000002, … */
export function sequentialIds(): IdGenerator {
  let next = 0;
  return { newId: () => `00000000-0000-4000-8000-${String(++next).padStart(12, "0")}` };
}
