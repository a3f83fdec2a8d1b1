/**
 * Limits checked on the raw body before JSON.parse: a body nested thousands of levels deep costs a linear scan
 * here instead of a deep parse and a deep walk by validation (which could overflow the stack).
 */
import { DomainError, ErrorCode } from "../../domain/errors";

/** Requests carry `{events: [{context: {...}}]}`: four levels; 32 leaves room for any sane client. */
export const DEFAULT_MAX_JSON_DEPTH = 32;

/** Deepest nesting of arrays/objects in `text`, counting only brackets outside strings; stops past `limit`. */
export function jsonDepthExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

export function assertJsonDepth(text: string, limit: number): void {
  if (jsonDepthExceeds(text, limit)) {
    throw new DomainError(ErrorCode.INVALID_JSON, `The body nests arrays/objects deeper than ${limit} levels`, {
      maxDepth: limit,
    });
  }
}
