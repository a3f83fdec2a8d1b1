/**
 * SqlExecutor over the RDS Data API: SQL over HTTPS, signed with the function's IAM role, the database user's
 * credentials taken from Secrets Manager by the service. No driver, no VPC, no connection to keep: the Data API
 * pools connections on its side. Values travel as typed parameters (`:name`), never inside the SQL text;
 * results come back as JSON (`formatRecordsAs: JSON`). A transaction is a transaction id passed with each
 * statement until it is committed or rolled back.
 */
import {
  BeginTransactionCommand,
  CommitTransactionCommand,
  ExecuteStatementCommand,
  type Field,
  type RDSDataClient,
  RollbackTransactionCommand,
  type SqlParameter,
} from "@aws-sdk/client-rds-data";
import { isTransientAwsError } from "../aws/aws-errors";
import { errnoInMessage, isTransientErrno } from "./sql-errors";
import type { SqlExecutor, SqlParams, SqlResult, SqlRow, SqlSession } from "./sql-executor";

/**
 * Data API errors a retry may fix: the cluster unreachable, resuming from a pause or failing over, a statement
 * cancelled at the service's 45 s, a transaction the service ended after 3 idle minutes (the step retries with a
 * new one), the service failing ("RDS Data API" exceptions, @aws-sdk/client-rds-data), and the secret not read:
 * SecretsErrorException is also the service timing out fetching it (a secret without a value yet, serve's read-only
 * user's until the batch's first run, is another cause: serve answers 503 then, as before any version exists).
 */
const TRANSIENT_EXCEPTIONS = new Set([
  "SecretsErrorException",
  "DatabaseUnavailableException",
  "DatabaseResumingException",
  "StatementTimeoutException",
  "TransactionNotFoundException",
  "ServiceUnavailableError",
  "InternalServerErrorException",
]);

export interface DataApiTarget {
  /** ARN of the Aurora cluster (its HTTP endpoint enabled). */
  readonly resourceArn: string;
  /** ARN of the Secrets Manager secret holding the database user's credentials. */
  readonly secretArn: string;
  readonly database: string;
}

export class DataApiExecutor implements SqlExecutor {
  constructor(
    private readonly client: RDSDataClient,
    private readonly target: DataApiTarget,
  ) {}

  run(sql: string, params?: SqlParams): Promise<SqlResult> {
    return this.execute(sql, params);
  }

  async transaction<T>(work: (session: SqlSession) => Promise<T>): Promise<T> {
    const { resourceArn, secretArn, database } = this.target;
    const begun = await this.client.send(new BeginTransactionCommand({ resourceArn, secretArn, database }));
    const transactionId = begun.transactionId;
    if (!transactionId) throw new Error("the Data API began a transaction without an id");
    try {
      const result = await work({ run: (sql, params) => this.execute(sql, params, transactionId) });
      await this.client.send(new CommitTransactionCommand({ resourceArn, secretArn, transactionId }));
      return result;
    } catch (error) {
      // An abandoned transaction is rolled back by the service after 3 minutes anyway; this ends it now.
      await this.client.send(new RollbackTransactionCommand({ resourceArn, secretArn, transactionId })).catch(() => {});
      throw error;
    }
  }

  isMissingTable(error: unknown): boolean {
    const { name, message } = (error ?? {}) as { name?: unknown; message?: unknown };
    return name === "DatabaseErrorException" && /Table '[^']*' doesn't exist/.test(String(message));
  }

  /** MySQL's own errors by their number in the message; the service's by name, then as any AWS error. */
  isTransient(error: unknown): boolean {
    const { name, message } = (error ?? {}) as { name?: unknown; message?: unknown };
    if (name === "DatabaseErrorException" || name === "BadRequestException") {
      const errno = errnoInMessage(String(message));
      // Without a number: "Communications link failure" is the database out of reach (resuming, failing over).
      return errno === undefined ? /Communications link failure/.test(String(message)) : isTransientErrno(errno);
    }
    return (typeof name === "string" && TRANSIENT_EXCEPTIONS.has(name)) || isTransientAwsError(error);
  }

  async close(): Promise<void> {
    this.client.destroy();
  }

  private async execute(sql: string, params: SqlParams | undefined, transactionId?: string): Promise<SqlResult> {
    const response = await this.client.send(
      new ExecuteStatementCommand({
        ...this.target,
        sql,
        formatRecordsAs: "JSON",
        ...(params ? { parameters: Object.entries(params).map(([name, value]) => parameter(name, value)) } : {}),
        ...(transactionId ? { transactionId } : {}),
      }),
    );
    const rows = response.formattedRecords ? (JSON.parse(response.formattedRecords) as SqlRow[]) : [];
    const generated = response.generatedFields?.[0]?.longValue;
    return { rows, affectedRows: response.numberOfRecordsUpdated ?? 0, insertId: generated ?? 0 };
  }
}

function parameter(name: string, value: string | number | null): SqlParameter {
  return { name, value: field(value) };
}

function field(value: string | number | null): Field {
  if (value === null) return { isNull: true };
  if (typeof value === "string") return { stringValue: value };
  return Number.isSafeInteger(value) ? { longValue: value } : { doubleValue: value };
}
