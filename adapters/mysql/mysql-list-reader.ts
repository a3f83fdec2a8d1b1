/**
 * The read side of the MySQL store: a request's lists in one statement that also checks the pointer (see
 * `readLists` in mysql-schema.ts), remembering which attempt the pointer named so the steady state costs one
 * round trip, and the version rows.
 */
import { ErrorCode, RetryableError } from "../../domain/errors";
import type { ScoredItem } from "../../domain/types";
import { decodeParts } from "./list-encoding";
import { readLists, SQL } from "./mysql-schema";
import type { SqlExecutor, SqlResult, SqlRow } from "./sql-executor";

const NO_ROWS: SqlResult = { rows: [], affectedRows: 0, insertId: 0 };

export class ListReader {
  /** The attempt whose table the pointer named at the last read (undefined: not read yet). */
  private served: number | null | undefined;

  /** `schemaMayBeMissing`: a reader that never creates the tables sees "no version" until a writer did. */
  constructor(
    private readonly sql: SqlExecutor,
    private readonly options: { readonly schemaMayBeMissing: boolean },
  ) {}

  async versionRows(): Promise<readonly SqlRow[]> {
    return (await this.withoutSchema(() => this.sql.run(SQL.versionRows))).rows;
  }

  /**
   * Reads from the attempt the pointer named last time. When the pointer moved (or the table was dropped by a
   * prune), the same statement says where it points now and the read is repeated there: one round trip in the
   * steady state, two right after a switch.
   */
  async read(names: readonly string[]): Promise<Map<string, ScoredItem[]>> {
    const keys = JSON.stringify(names);
    let attempt = this.served === undefined ? await this.readPointer() : this.served;
    for (let round = 0; round < 3; round++) {
      if (attempt === null) return new Map();
      let rows: readonly SqlRow[];
      try {
        rows = (await this.sql.run(readLists(attempt), { keys })).rows;
      } catch (error) {
        if (!this.sql.isMissingTable(error)) throw error;
        attempt = await this.readPointer();
        continue;
      }
      const pointer = rows.find((row) => row.served !== null && row.served !== undefined)?.served;
      const now = pointer === null || pointer === undefined ? null : Number(pointer);
      this.served = now;
      if (now === attempt) return decodeRows(rows, names);
      attempt = now;
    }
    throw new RetryableError(ErrorCode.STORE_UNAVAILABLE, "mysql score store: the active version kept changing");
  }

  private async readPointer(): Promise<number | null> {
    const [row] = (await this.withoutSchema(() => this.sql.run(SQL.readPointer))).rows;
    this.served = row?.attempt === null || row?.attempt === undefined ? null : Number(row.attempt);
    return this.served;
  }

  /** Before any writer created the tables there is nothing to read: that is no version, not a failure. */
  private async withoutSchema(read: () => Promise<SqlResult>): Promise<SqlResult> {
    try {
      return await read();
    } catch (error) {
      if (this.options.schemaMayBeMissing && this.sql.isMissingTable(error)) return NO_ROWS;
      throw error;
    }
  }
}

/** Rows of list parts (in no guaranteed order) back into lists, keyed by the names the caller asked for. */
function decodeRows(rows: readonly SqlRow[], names: readonly string[]): Map<string, ScoredItem[]> {
  const parts = rows
    .filter((row) => row.n !== null && row.n !== undefined)
    .map((row) => ({ n: Number(row.n), part: Number(row.part), items: String(row.items) }))
    .sort((a, b) => a.n - b.n || a.part - b.part);
  const lists = new Map<string, ScoredItem[]>();
  for (let i = 0; i < parts.length; ) {
    const n = parts[i]!.n;
    const texts: string[] = [];
    for (; i < parts.length && parts[i]!.n === n; i++) texts.push(parts[i]!.items);
    const name = names[n - 1];
    if (name !== undefined) lists.set(name, decodeParts(texts));
  }
  return lists;
}
