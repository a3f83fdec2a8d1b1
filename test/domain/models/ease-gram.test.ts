/** XᵀX built history by history (the sharded EASE trainer) solves to the model trained on all histories at once. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { solveEase, trainEase } from "../../../domain/models/ease";
import { GramBuilder } from "../../../domain/models/ease-gram";
import { decodeEaseModel, encodeEaseModel } from "../../../domain/models/ease-model-file";
import { historiesArb } from "../../arbitraries/item-histories";

function trainedInPieces(histories: ReadonlyMap<string, readonly string[]>, items: number) {
  const builder = new GramBuilder();
  for (const history of histories.values()) builder.add(history);
  const { itemIds, gram } = builder.build(items, 3);
  return solveEase(itemIds, gram, 4);
}

describe("GramBuilder", () => {
  it("gives the model trainEase gives, item limit and ties included", () => {
    fc.assert(
      fc.property(historiesArb, fc.integer({ min: 1, max: 12 }), (histories, items) => {
        const whole = trainEase(histories, { items, lambda: 3, topK: 4 });
        const pieces = trainedInPieces(histories, items);
        expect(pieces.itemIds).toEqual(whole.itemIds);
        expect([...pieces.weights]).toEqual([...whole.weights]);
        expect(pieces.rows).toEqual(whole.rows);
      }),
    );
  });

  it("keeps every count when it grows past its first capacity", () => {
    const histories = new Map(
      Array.from({ length: 40 }, (_, u) => [
        `u${u}`,
        Array.from({ length: 30 }, (_, k) => `i${(u * 7 + k * 3) % 150}`),
      ]),
    );
    const whole = trainEase(histories, { items: 120, lambda: 3, topK: 4 });

    expect([...trainedInPieces(histories, 120).weights]).toEqual([...whole.weights]);
  });
});

describe("EASE model file", () => {
  it("round-trips item ids and weights exactly, and refuses a truncated file", () => {
    const model = trainEase(
      new Map([
        ["u", ["a", "b", "c"]],
        ["v", ["b", "c"]],
      ]),
      { items: 10, lambda: 1, topK: 2 },
    );
    const bytes = encodeEaseModel(model);

    const back = decodeEaseModel(bytes, "m.bin");

    expect(back.itemIds).toEqual(model.itemIds);
    expect([...back.weights]).toEqual([...model.weights]);
    expect(() => decodeEaseModel(bytes.subarray(0, bytes.length - 8), "m.bin")).toThrow(/m.bin is unreadable/);
  });
});
