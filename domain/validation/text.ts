/**
 * Pieces of error messages. Messages may quote client input, but never much of it: a 1 MB field name must
 * not come back in a 1 MB error response.
 */

const MAX_QUOTED_CHARS = 64;

/** Longest prefix of a client string that an error's `field` or message carries. */
export const MAX_ECHOED_FIELD_CHARS = 128;

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`;
}

/** A client string as a JSON-quoted, truncated literal for a message. */
export function quote(text: string): string {
  return JSON.stringify(truncate(text, MAX_QUOTED_CHARS));
}

/** Names the JSON type of a value ("a number", "null", "an array") for messages like "got a number". */
export function describeType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  switch (typeof value) {
    case "object":
      return "an object";
    case "string":
      return "a string";
    case "number":
      return Number.isFinite(value) ? "a number" : String(value);
    case "boolean":
      return "a boolean";
    default:
      return typeof value;
  }
}

const UNITS: readonly [number, string][] = [
  [86_400_000, "day"],
  [3_600_000, "hour"],
  [60_000, "minute"],
  [1000, "second"],
];

/** "7 days", "5 minutes", "1500 ms": the largest unit that divides the duration exactly. */
export function describeDuration(ms: number): string {
  for (const [size, unit] of UNITS) {
    if (ms >= size && ms % size === 0) {
      const count = ms / size;
      return `${count} ${unit}${count === 1 ? "" : "s"}`;
    }
  }
  return `${ms} ms`;
}

/**
 * Unicode's Bidi_Control characters (ALM, LRM, RLM, LRE..RLO, LRI..PDI): they reorder how text around them is
 * displayed, so "txt.exe" can show as "exe.txt" (the "Trojan Source" trick).
 */
const BIDI_CONTROL = /\p{Bidi_Control}/u;

/** The first bidirectional control character of `text`, if any. */
export function bidiControlIn(text: string): string | undefined {
  return BIDI_CONTROL.exec(text)?.[0];
}

/** `U+202E`. */
export function describeCodePoint(char: string): string {
  return `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`;
}
