/**
 * RecentActivityStore on DynamoDB: ONE item per user (`pk` = userId) holding the user's latest distinct items
 * as compact JSON, a revision counter and `ttl` (epoch s, the table's TTL attribute) = last activity +
 * retention, so idle users disappear by themselves.
 *
 * Why one item per user rather than one per event: a serve read is one GetItem of a few KB (0.5 RCU eventually
 * consistent) instead of a Query, the list stays bounded (N distinct items, no duplicates, no growth), and an
 * ingest call costs one read + one write per distinct user in the batch, however many events that user sent.
 * The update is an optimistic read-merge-write: PutItem conditional on the revision read, retried on conflict,
 * so concurrent ingest calls for one user never lose each other's items (no transactions needed: dynalite).
 */
import {
  ConditionalCheckFailedException,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
} from "@aws-sdk/client-dynamodb";
import { DAY_MS } from "../../domain/config";
import { ErrorCode, RetryableError } from "../../domain/errors";
import type { RecentActivityStore, RecentItem } from "../../domain/ports";
import {
  DEFAULT_RECENT_LIMIT,
  DEFAULT_RECENT_RETENTION_DAYS,
  mergeRecent,
  recentByUser,
  withinRetention,
} from "../../domain/serving/recent";
import type { Event } from "../../domain/types";
import type { RecentStoreOptions } from "../memory/recent-activity";
import { describeAwsError, isAwsError } from "./aws-errors";

export interface DynamoDbRecentStoreConfig extends RecentStoreOptions {
  readonly tableName: string;
  /** Users updated at once by one `record` call. */
  readonly concurrency?: number;
  /** Read-merge-write attempts per user when another writer got there first. */
  readonly maxConflicts?: number;
}

type Stored = [itemId: string, type: string, timestamp: number][];

export class DynamoDbRecentActivityStore implements RecentActivityStore {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly config: DynamoDbRecentStoreConfig,
  ) {}

  async record(events: readonly Event[]): Promise<void> {
    const users = [...recentByUser(events)];
    const concurrency = this.config.concurrency ?? 16;
    let next = 0;
    const worker = async () => {
      while (next < users.length) {
        const [userId, incoming] = users[next++]!;
        await this.update(userId, incoming);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, users.length) }, worker));
  }

  async recent(userId: string): Promise<readonly RecentItem[]> {
    const { items } = await this.read(userId, false);
    return withinRetention(items, this.now(), this.retentionMs());
  }

  private async update(userId: string, incoming: readonly RecentItem[]): Promise<void> {
    const attempts = this.config.maxConflicts ?? 5;
    for (let attempt = 1; ; attempt++) {
      const { items, rev } = await this.read(userId, true);
      const merged = mergeRecent(items, incoming, this.config.limit ?? DEFAULT_RECENT_LIMIT);
      try {
        await this.send(this.put(userId, merged, rev));
        return;
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException) || attempt >= attempts) throw this.translate(error);
      }
    }
  }

  private put(userId: string, items: readonly RecentItem[], rev: number | null) {
    const expiresAt = Math.floor((this.now() + this.retentionMs()) / 1000);
    return new PutItemCommand({
      TableName: this.config.tableName,
      Item: {
        pk: { S: userId },
        items: { S: JSON.stringify(items.map((i): Stored[number] => [i.itemId, i.type, i.timestamp])) },
        rev: { N: String((rev ?? 0) + 1) },
        ttl: { N: String(expiresAt) },
      },
      ...(rev === null
        ? { ConditionExpression: "attribute_not_exists(pk)" }
        : { ConditionExpression: "rev = :rev", ExpressionAttributeValues: { ":rev": { N: String(rev) } } }),
    });
  }

  private async read(userId: string, consistent: boolean): Promise<{ items: RecentItem[]; rev: number | null }> {
    const { Item } = await this.send(
      new GetItemCommand({ TableName: this.config.tableName, Key: { pk: { S: userId } }, ConsistentRead: consistent }),
    ).catch((error: unknown) => {
      throw this.translate(error);
    });
    if (!Item) return { items: [], rev: null };
    const stored = JSON.parse(Item.items?.S ?? "[]") as Stored;
    const items = stored.map(([itemId, type, timestamp]) => ({ itemId, type, timestamp }));
    return { items, rev: Number(Item.rev?.N ?? 0) };
  }

  // biome-ignore lint/suspicious/noExplicitAny: one send for two command types; responses are read by the caller
  private send(command: GetItemCommand | PutItemCommand): Promise<any> {
    return this.client.send(command as GetItemCommand);
  }

  private translate(error: unknown): unknown {
    if (error instanceof RetryableError || !isAwsError(error)) return error;
    const message = `DynamoDB recent activity: ${describeAwsError(error)}`;
    return new RetryableError(ErrorCode.STORE_UNAVAILABLE, message, { cause: error });
  }

  private now(): number {
    return this.config.clock.now();
  }

  private retentionMs(): number {
    return (this.config.retentionDays ?? DEFAULT_RECENT_RETENTION_DAYS) * DAY_MS;
  }
}
