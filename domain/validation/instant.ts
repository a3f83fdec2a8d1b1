/**
 * Timestamps of schema v1: an ISO-8601 date-time with a zone (RFC 3339 profile) or integer epoch
 * milliseconds. Parsed by hand rather than with `Date.parse`, which accepts zone-less and locale-dependent
 * forms the contract rejects, and by char codes rather than a regex, which would allocate per call.
 */

/** ECMAScript's Date range: ±100,000,000 days around the epoch. */
const MAX_DATE_MS = 8.64e15;
const MS_PER_400_YEARS = 146_097 * 86_400_000;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const MAX_FRACTION_DIGITS = 9;

const ZERO = 48;
const DASH = 45;
const PLUS = 43;
const COLON = 58;
const DOT = 46;
/** Lower-case code of "t" and "z"; `code | 0x20` folds the upper-case letter onto it (RFC 3339 allows both). */
const LOWER_T = 116;
const LOWER_Z = 122;

export { INSTANT_RULE } from "../schema/formats";

/** Epoch milliseconds of an accepted timestamp, or NaN when the value is not one. */
export function parseInstant(value: unknown): number {
  if (typeof value === "number") {
    if (!Number.isInteger(value) || Math.abs(value) > MAX_DATE_MS) return Number.NaN;
    return value === 0 ? 0 : value; // -0 becomes 0
  }
  return typeof value === "string" ? parseDateTime(value) : Number.NaN;
}

/** `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±hh:mm)`; the fraction is truncated to milliseconds. */
function parseDateTime(text: string): number {
  if (text.length < 20 || text.length > 40) return Number.NaN;
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  const hour = digits(text, 11, 2);
  const minute = digits(text, 14, 2);
  const second = digits(text, 17, 2);
  if (!separatorsOk(text) || year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return Number.NaN;
  }
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return Number.NaN;
  let end = 19;
  let ms = 0;
  if (text.charCodeAt(end) === DOT) {
    const start = end + 1;
    end = start;
    while (isDigit(text.charCodeAt(end))) end++;
    const count = end - start;
    if (count === 0 || count > MAX_FRACTION_DIGITS) return Number.NaN;
    ms = digits(text, start, Math.min(count, 3)) * (count >= 3 ? 1 : count === 2 ? 10 : 100);
  }
  const offsetMinutes = zoneOffsetMinutes(text, end);
  return utcMs(year, month, day, hour, minute, second, ms) - offsetMinutes * 60_000;
}

function separatorsOk(text: string): boolean {
  return (
    text.charCodeAt(4) === DASH &&
    text.charCodeAt(7) === DASH &&
    (text.charCodeAt(10) | 0x20) === LOWER_T &&
    text.charCodeAt(13) === COLON &&
    text.charCodeAt(16) === COLON
  );
}

/** Offset of the zone designator that must end the text at `at`, or NaN. */
function zoneOffsetMinutes(text: string, at: number): number {
  const sign = text.charCodeAt(at);
  if ((sign | 0x20) === LOWER_Z) return at + 1 === text.length ? 0 : Number.NaN;
  if ((sign !== PLUS && sign !== DASH) || at + 6 !== text.length || text.charCodeAt(at + 3) !== COLON) {
    return Number.NaN;
  }
  const hours = digits(text, at + 1, 2);
  const minutes = digits(text, at + 4, 2);
  if (hours < 0 || hours > 23 || minutes < 0 || minutes > 59) return Number.NaN;
  return (sign === PLUS ? 1 : -1) * (hours * 60 + minutes);
}

/** The decimal number in `text[start, start + count)`, or -1 when any of those is not an ASCII digit. */
function digits(text: string, start: number, count: number): number {
  let result = 0;
  for (let i = start; i < start + count; i++) {
    const code = text.charCodeAt(i);
    if (!isDigit(code)) return -1;
    result = result * 10 + (code - ZERO);
  }
  return result;
}

function isDigit(code: number): boolean {
  return code >= ZERO && code <= ZERO + 9; // NaN (past the end) is not a digit
}

function daysInMonth(year: number, month: number): number {
  if (month !== 2) return DAYS_IN_MONTH[month - 1] ?? 0;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return leap ? 29 : 28;
}

/** `Date.UTC` reads years 0-99 as 1900-1999; shifting by 400 years (same calendar) avoids that. */
function utcMs(year: number, month: number, day: number, hour: number, minute: number, second: number, ms: number) {
  if (year >= 100) return Date.UTC(year, month - 1, day, hour, minute, second, ms);
  return Date.UTC(year + 400, month - 1, day, hour, minute, second, ms) - MS_PER_400_YEARS;
}
