/**
 * `include=catalog` on the read endpoints: each returned item carries its catalog record as the serving model
 * version holds it (`catalog: { title?, tags, attributes }`), so a client can show what it recommends without
 * keeping its own copy of the catalog. Opt-in, because it costs one more store round trip (the items'
 * metadata lists); an item the catalog has nothing on has no `catalog` field.
 */
import { DomainError, ErrorCode } from "../../domain/errors";
import type { ScoreStore } from "../../domain/ports";
import { decodeMetadata, type ItemMetadata, metadataKey } from "../../domain/serving/metadata";
import { readLists } from "./lists";

export const INCLUDE_CHOICES = ["catalog"] as const;

export interface Includes {
  readonly catalog: boolean;
}

function includesOf(parameter: string, values: readonly unknown[]): Includes {
  for (const value of values) {
    if (!(INCLUDE_CHOICES as readonly unknown[]).includes(value)) {
      throw new DomainError(ErrorCode.INVALID_PARAMETER, `${parameter}: must be one of ${INCLUDE_CHOICES.join(", ")}`, {
        parameter,
      });
    }
  }
  return { catalog: values.includes("catalog") };
}

/** `include=catalog` of a query string (comma-separated, as API Gateway joins repeated parameters). */
export function includeParameter(value: string | undefined): Includes {
  return includesOf("include", value === undefined || value === "" ? [] : value.split(","));
}

/** `"include": ["catalog"]` of a JSON body. */
export function includeField(value: unknown): Includes {
  if (value === undefined) return { catalog: false };
  if (!Array.isArray(value)) {
    throw new DomainError(ErrorCode.INVALID_PARAMETER, "include: must be an array", { parameter: "include" });
  }
  return includesOf("include", value);
}

/**
 * `answer` with each item's catalog details when asked for and known: one store round trip for all items.
 * An answer already served from fallback lists (the store is failing) is left as it is; a failure of this
 * read costs only the details and flags the answer `degraded`, like the other fallbacks of the read path.
 */
export async function withCatalog<A extends { readonly items: readonly Item[]; readonly degraded?: true }>(
  store: ScoreStore,
  includes: Includes,
  answer: A,
): Promise<A> {
  if (!includes.catalog || answer.degraded || answer.items.length === 0) return answer;
  try {
    const list = await readLists(
      store,
      answer.items.map((item) => metadataKey(item.itemId)),
    );
    const items = answer.items.map((item) => {
      const entries = list(metadataKey(item.itemId));
      return entries.length === 0 ? item : { ...item, catalog: decodeMetadata(entries) };
    });
    return { ...answer, items };
  } catch (error) {
    if (!(error instanceof DomainError) || error.code !== ErrorCode.STORE_UNAVAILABLE) throw error;
    return { ...answer, degraded: true };
  }
}

interface Item {
  readonly itemId: string;
  readonly catalog?: ItemMetadata;
}
