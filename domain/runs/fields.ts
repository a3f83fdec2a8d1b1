/**
 * The text format of batch result files (docs/batch-pipeline.md): tab-separated fields, one row per line, no
 * header, NULL as `\N`. Nothing is ever quoted or escaped, so every field must be free of tabs and line breaks:
 * ids are restricted to the ingest alphabet, free text and arrays travel as JSON text (JSON escapes control
 * characters), numbers in their shortest round-trip form. Parsing is strict: a field that does not fit its
 * column is an error, never a silent default.
 */
import { IDENTIFIER_PATTERN } from "../schema/formats";

export const FIELD_SEPARATOR = "\t";
export const NULL_FIELD = "\\N";

/** The id alphabet of ingest (schema v1): never needs quoting in a TSV line. */
const ID = new RegExp(IDENTIFIER_PATTERN);
const INTEGER = /^-?\d{1,16}$/;
/** Decimal and scientific forms written by DuckDB (`0.5`, `1e-09`) and Trino (`0.5`, `1.0E-9`). */
const DOUBLE = /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/** A field that does not fit its column: the loader adds the computation, file and line. */
export class FieldError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FieldError";
  }
}

export function idField(text: string, column: string): string {
  if (!ID.test(text)) throw new FieldError(`${column} ${JSON.stringify(text.slice(0, 140))} is not a valid id`);
  return text;
}

export function integerField(text: string, column: string): number {
  const value = INTEGER.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value)) throw new FieldError(`${column} ${JSON.stringify(text)} is not an integer`);
  return value;
}

export function doubleField(text: string, column: string): number {
  const value = DOUBLE.test(text) ? Number(text) : Number.NaN;
  if (!Number.isFinite(value)) throw new FieldError(`${column} ${JSON.stringify(text)} is not a finite number`);
  return value;
}

/** JSON text, or `\N` for NULL (returned as undefined). */
export function jsonField(text: string, column: string): unknown {
  if (text === NULL_FIELD) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new FieldError(`${column} is not JSON: ${JSON.stringify(text.slice(0, 140))}`);
  }
}

/** Encodes an id for a line; an id outside the alphabet would break the format, so it is refused. */
export function encodeId(value: string, column: string): string {
  return idField(value, column);
}

/** Shortest text that parses back to exactly the same double (ECMAScript Number#toString guarantees it). */
export function encodeNumber(value: number, column: string): string {
  if (!Number.isFinite(value)) throw new FieldError(`${column} ${value} is not a finite number`);
  return Object.is(value, -0) ? "-0" : String(value);
}

/** JSON text (tabs and line breaks inside strings are escaped by JSON), or `\N` for undefined/null. */
export function encodeJson(value: unknown): string {
  return value === undefined || value === null ? NULL_FIELD : JSON.stringify(value);
}

/** One line's fields; `expected` columns exactly, or a FieldError. */
export function splitLine(line: string, expected: number): string[] {
  const fields = line.split(FIELD_SEPARATOR);
  if (fields.length !== expected) throw fieldCountError(expected, fields.length);
  return fields;
}

export function fieldCountError(expected: number, found: number): FieldError {
  return new FieldError(`expected ${expected} tab-separated fields, found ${found}`);
}
