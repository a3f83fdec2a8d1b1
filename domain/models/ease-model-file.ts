/**
 * A trained EASE model as one binary file, so the batch can train once and score user shards in other
 * processes (the AWS state machine's scoring map): a 4-byte little-endian header length, the header as JSON
 * (format, item ids in model order), zero padding to a multiple of 8, then B as N x N little-endian float64.
 * Float64 keeps the scores bit-identical to scoring in the training process.
 */
import type { EaseModel } from "./ease";

const FORMAT = 1;

/** Every platform Lambda and Node run on today is little-endian; a big-endian one must not misread B. */
function assertLittleEndian(): void {
  if (new Uint8Array(new Float64Array([1]).buffer)[7] !== 0x3f) {
    throw new Error("EASE model files need a little-endian platform");
  }
}

export function encodeEaseModel(model: Pick<EaseModel, "itemIds" | "weights">): Uint8Array {
  assertLittleEndian();
  const n = model.itemIds.length;
  if (model.weights.length !== n * n) throw new TypeError(`weights hold ${model.weights.length} values, not ${n}²`);
  const header = new TextEncoder().encode(JSON.stringify({ format: FORMAT, itemIds: model.itemIds }));
  const offset = Math.ceil((4 + header.length) / 8) * 8;
  const bytes = new Uint8Array(offset + model.weights.byteLength);
  new DataView(bytes.buffer).setUint32(0, header.length, true);
  bytes.set(header, 4);
  bytes.set(new Uint8Array(model.weights.buffer, model.weights.byteOffset, model.weights.byteLength), offset);
  return bytes;
}

export function decodeEaseModel(bytes: Uint8Array, location: string): Pick<EaseModel, "itemIds" | "weights"> {
  assertLittleEndian();
  const bad = (why: string) => new Error(`EASE model ${location} is unreadable: ${why}`);
  if (bytes.length < 4) throw bad("too short");
  const length = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0, true);
  if (4 + length > bytes.length) throw bad("truncated header");
  let header: { format?: unknown; itemIds?: unknown };
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(4, 4 + length)));
  } catch {
    throw bad("header is not JSON");
  }
  if (header.format !== FORMAT || !Array.isArray(header.itemIds)) throw bad("unknown format");
  const itemIds = header.itemIds as string[];
  const offset = Math.ceil((4 + length) / 8) * 8;
  const n = itemIds.length;
  if (bytes.length !== offset + n * n * 8) throw bad(`expected ${n}² weights, found ${(bytes.length - offset) / 8}`);
  // A copy: the bytes may sit at an offset a Float64Array cannot start at.
  const weights = new Float64Array(bytes.slice(offset).buffer);
  return { itemIds, weights };
}
