/** The key lookup compares digests with crypto.timingSafeEqual, against every stored key, hit or miss. */
import * as crypto from "node:crypto";
import { describe, expect, it, vi } from "vitest";

vi.mock("node:crypto", async (importOriginal) => {
  const actual = await importOriginal<typeof crypto>();
  return { ...actual, timingSafeEqual: vi.fn(actual.timingSafeEqual) };
});

const { KeyRing } = await import("../../../handlers/http/auth");
const { KEY_RECORDS, KEYS } = await import("./given-edge");

describe("constant-time key comparison", () => {
  it("compares the presented digest with every stored digest whether the key is first, last or unknown", () => {
    const ring = new KeyRing(KEY_RECORDS);
    const compare = vi.mocked(crypto.timingSafeEqual);
    const callsFor = (key: string) => {
      compare.mockClear();
      ring.find(key);
      return compare.mock.calls.map(([a, b]) => [(a as Buffer).length, (b as Buffer).length]);
    };

    const everyKey = Array.from({ length: KEY_RECORDS.length }, () => [32, 32]);
    expect(callsFor(KEYS.reader)).toEqual(everyKey);
    expect(callsFor(KEYS.both)).toEqual(everyKey);
    expect(callsFor("not-a-key")).toEqual(everyKey);
  });
});
