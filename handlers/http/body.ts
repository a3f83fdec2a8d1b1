/**
 * Request bodies: size and media type are checked BEFORE any decoding or parsing, so an oversized or
 * non-JSON body costs no parse time and cannot exhaust memory.
 */
import { DomainError, ErrorCode } from "../../domain/errors";
import type { HttpRequestEvent } from "./types";

/** DESIGN.md §3: body <= 1 MB (API Gateway's own limit is higher; this keeps Lambda memory predictable). */
export const MAX_BODY_BYTES = 1024 * 1024;

const JSON_MEDIA_TYPE = /^application\/json\s*(;.*)?$/i;

export function readJsonBody(event: HttpRequestEvent, maxBytes = MAX_BODY_BYTES): unknown {
  const raw = event.body ?? "";
  const text = event.isBase64Encoded ? decodeBase64(raw, maxBytes) : raw;
  if (!event.isBase64Encoded && Buffer.byteLength(text, "utf8") > maxBytes) throw tooLarge(maxBytes);
  const contentType = event.headers["content-type"];
  if (contentType === undefined || !JSON_MEDIA_TYPE.test(contentType.trim())) {
    throw new DomainError(
      ErrorCode.UNSUPPORTED_MEDIA_TYPE,
      `Content-Type must be application/json, got ${contentType === undefined ? "none" : JSON.stringify(contentType)}`,
    );
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new DomainError(ErrorCode.INVALID_JSON, `The body is not valid JSON: ${(error as Error).message}`);
  }
}

function decodeBase64(raw: string, maxBytes: number): string {
  // Four base64 characters carry three bytes: reject on the encoded length before allocating the decoded body.
  if (Math.floor((raw.length * 3) / 4) - 2 > maxBytes) throw tooLarge(maxBytes);
  const bytes = Buffer.from(raw, "base64");
  if (bytes.length > maxBytes) throw tooLarge(maxBytes);
  return bytes.toString("utf8");
}

function tooLarge(maxBytes: number): DomainError {
  return new DomainError(ErrorCode.PAYLOAD_TOO_LARGE, `The body exceeds ${maxBytes} bytes`, { maxBytes });
}
