import { describe, expect, it } from "vitest";
import { exportOrder } from "../../../domain/pipeline/steps";
import { LIST_COMPUTATIONS } from "../../../domain/runs/computations";

describe("exportOrder", () => {
  const names = LIST_COMPUTATIONS.map((c) => c.name);

  it("exports every list computation exactly once, the largest loads (per-user lists) first", () => {
    const order = exportOrder(names);
    expect([...order].sort()).toEqual([...names].sort());
    expect(order.slice(0, 2)).toEqual(["userCandidates", "itemBasedScores"]);
    expect(order.at(-1)).toBe("catalog");
  });

  it("does not depend on the order it is given", () => {
    expect(exportOrder([...names].reverse())).toEqual(exportOrder(names));
  });
});
