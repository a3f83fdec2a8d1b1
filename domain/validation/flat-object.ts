/**
 * Flat JSON objects: event `context` and catalog `attributes`. The copy is always a fresh object, so the
 * caller never keeps a reference to client input, and a `__proto__` key becomes an ordinary own property
 * instead of replacing the copy's prototype. No two keys may differ only in letter case: readers that match
 * JSON keys case-insensitively (Athena's OpenX JSON SerDe by default) fail or merge such a record.
 */

export type FlatValue = string | number | boolean | null;
export type FlatObject = Record<string, FlatValue>;

export type FlatObjectResult =
  | { readonly ok: true; readonly value: FlatObject }
  | { readonly ok: false; readonly problem: "not-an-object" }
  | { readonly ok: false; readonly problem: "nested-value"; readonly key: string; readonly value: unknown }
  | { readonly ok: false; readonly problem: "too-large"; readonly bytes: number }
  | { readonly ok: false; readonly problem: "case-colliding"; readonly keys: readonly [string, string] };

/** Longest JSON text of a finite number ("-1.7976931348623157e+308"). */
const MAX_NUMBER_CHARS = 24;
/** A UTF-16 code unit never needs more than 6 bytes of UTF-8 JSON (`\u001f`); a string adds its quotes. */
const MAX_BYTES_PER_UNIT = 6;

/** Plain data objects only: what `JSON.parse` builds. Arrays, null, Dates, Maps and class instances are not. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

export function copyFlatObject(input: unknown, maxBytes: number): FlatObjectResult {
  if (!isPlainObject(input)) return { ok: false, problem: "not-an-object" };
  const copy: FlatObject = {};
  const folded = new Map<string, string>();
  // Upper bound of the serialised size, so the common small object needs no JSON.stringify.
  let boundBytes = 2;
  for (const key of Object.keys(input)) {
    const value = input[key];
    if (!isFlatValue(value)) return { ok: false, problem: "nested-value", key, value };
    const lower = key.toLowerCase();
    const earlier = folded.get(lower);
    if (earlier !== undefined) return { ok: false, problem: "case-colliding", keys: [earlier, key] };
    folded.set(lower, key);
    if (key === "__proto__") {
      Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true });
    } else {
      copy[key] = value;
    }
    boundBytes += key.length * MAX_BYTES_PER_UNIT + 4 + valueBoundBytes(value);
  }
  if (boundBytes > maxBytes) {
    const bytes = utf8Length(JSON.stringify(copy));
    if (bytes > maxBytes) return { ok: false, problem: "too-large", bytes };
  }
  return { ok: true, value: copy };
}

function isFlatValue(value: unknown): value is FlatValue {
  switch (typeof value) {
    case "string":
    case "boolean":
      return true;
    case "number":
      return Number.isFinite(value);
    default:
      return value === null;
  }
}

function valueBoundBytes(value: FlatValue): number {
  if (typeof value === "string") return value.length * MAX_BYTES_PER_UNIT + 2;
  return typeof value === "number" ? MAX_NUMBER_CHARS : 5;
}

/**
 * UTF-8 length of a string. Its input here is `JSON.stringify` output, in which lone surrogates are already
 * escaped, so a high surrogate is always followed by a low one.
 */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}
