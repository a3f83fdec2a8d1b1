/**
 * Values inlined into SQL text. Athena has no bind parameters for every position we need (LIMIT-like ranks,
 * VALUES tables), so every inlined value is validated here: numbers must be finite, strings are escaped.
 */

/** With the `u` flag a surrogate pair is one code point, so only lone halves match. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/** A string literal: single quotes doubled; NUL and lone surrogates rejected (neither engine stores them). */
export function sqlString(value: string): string {
  if (value.includes("\0") || LONE_SURROGATE.test(value)) throw new TypeError("string with NUL or lone surrogate");
  return `'${value.replaceAll("'", "''")}'`;
}

/** An integer literal (counts, limits, epoch milliseconds). */
export function sqlInteger(value: number): string {
  if (!Number.isSafeInteger(value)) throw new TypeError(`not a safe integer: ${value}`);
  return String(value);
}

/**
 * A DOUBLE literal. Scientific notation is typed DOUBLE by both engines (a plain `0.5` is DECIMAL in Trino),
 * and `toExponential()` round-trips the exact binary value.
 */
export function sqlDouble(value: number): string {
  if (!Number.isFinite(value)) throw new TypeError(`not a finite number: ${value}`);
  return value.toExponential();
}

/** Division in floating point: Trino divides integers as integers, so both sides are cast. */
export function divide(numerator: string, denominator: string): string {
  return `CAST(${numerator} AS DOUBLE) / CAST(${denominator} AS DOUBLE)`;
}

/** A quoted identifier for a column of the source relations (camelCase names, `timestamp` is a keyword). */
export function column(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new TypeError(`bad column name: ${name}`);
  return `"${name}"`;
}
