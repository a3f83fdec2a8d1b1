/**
 * ScoreStore on DynamoDB (single table, layout in dynamodb-codec.ts). A version's lists are written with
 * BatchWriteItem, then the version joins the pointer's `complete` set; activation is ONE conditional
 * UpdateItem on the pointer ("target is complete" and, when given, "the active version is the expected one"),
 * which is atomic without transactions (dynalite, and cheaper on DynamoDB). Readers resolve the pointer, then
 * read every requested list with one BatchGetItem.
 */
import { randomUUID } from "node:crypto";
import {
  DeleteItemCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from "@aws-sdk/client-dynamodb";
import { DAY_MS } from "../../domain/config";
import { DomainError, ErrorCode, RetryableError } from "../../domain/errors";
import {
  type Clock,
  type ListKey,
  listKeyString,
  type ScoreList,
  type ScoreStore,
  type VersionInfo,
  type VersionLease,
  type VersionWrite,
} from "../../domain/ports";
import { leaseBlocks, runInProgress } from "../../domain/runs/lease";
import { writeVersionInChunks } from "../../domain/runs/write-version";
import type { ScoredItem } from "../../domain/types";
import { AdaptiveConcurrency, type ConcurrencyLimits } from "./adaptive-concurrency";
import { describeAwsError, isAwsError } from "./aws-errors";
import { batchGet, chunk, MAX_GET_BATCH, type Send } from "./dynamodb-batch";
import { decodeList, type Item, listItemKey, num, pointerKey, readNum, versionKey } from "./dynamodb-codec";
import { writeVersionLists } from "./dynamodb-list-writer";
import { deleteVersionLists, readVersions, type StoredPointer, toPointer } from "./dynamodb-versions";
import { type RetryTiming, retryTiming } from "./retry";

export interface DynamoDbScoreStoreConfig {
  readonly tableName: string;
  /**
   * Every item carries `ttl` = creation + ttlDays (default 30), the attribute the table's TTL reads (infra's
   * ScoreTable): a backstop for abandoned versions. The batch must run well within ttlDays, or the ACTIVE version
   * expires too (pruneVersions deletes old versions explicitly long before).
   */
  readonly ttlDays?: number;
  /** How long readers trust the cached active pointer (default 5 s): saves a round trip per request. */
  readonly pointerCacheMs?: number;
  readonly clock?: Clock;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
  readonly maxAttempts?: number;
  readonly timeBudgetMs?: number;
  /** Worst-case time of one call (client connection + request timeouts): no retry starts unless it fits. */
  readonly attemptTimeoutMs?: number;
  /** Batch writes in flight: start, floor and ceiling of the adaptive limit (default 4, 1, 16). */
  readonly writeConcurrency?: ConcurrencyLimits;
  /**
   * What pruning does with a pruned version's lists: `delete` them (default; one write unit per item and time in
   * proportion), or leave them to `expire` by TTL (free, but stored until then). Pruning always removes the version
   * from the pointer and its info, so its lists can never be read or activated again either way. The AWS batch
   * expires: deleting a million-user version takes millions of write units and longer than a function may run.
   */
  readonly pruneLists?: "delete" | "expire";
}

export class DynamoDbScoreStore implements ScoreStore {
  private readonly timing: RetryTiming;
  private readonly table: string;
  private pointerCache: { active: string | null; readAt: number } | null = null;
  /** Shared by every chunk this instance writes: a loader that was throttled stays careful for its next chunk. */
  private readonly concurrency: AdaptiveConcurrency;

  constructor(
    private readonly client: DynamoDBClient,
    private readonly config: DynamoDbScoreStoreConfig,
  ) {
    this.timing = retryTiming(config, { maxAttempts: 8, timeBudgetMs: 20_000 });
    this.table = config.tableName;
    this.concurrency = new AdaptiveConcurrency(config.writeConcurrency);
  }

  /**
   * Claims the version with a writer token on its version item (the later claim wins, unless another holder's
   * lease is still running: the same conditional PutItem refuses it), then drops the lists of an earlier
   * incomplete attempt. A chunk of the older claim already in flight may still land after that deletion; it holds
   * lists of the same version id (the same window), and the older claim can never complete.
   */
  async beginVersion(version: string, lease?: VersionLease): Promise<VersionWrite> {
    const pointer = await this.readPointer();
    if (pointer.complete.has(version)) throw alreadyExists(version, pointer);
    const writer = randomUUID();
    const createdAt = this.clock.now();
    try {
      await this.send(
        new PutItemCommand({
          TableName: this.table,
          Item: {
            ...versionKey(version),
            createdAt: num(createdAt),
            lists: num(0),
            ttl: this.expiresAt(createdAt),
            writer: { S: writer },
            writeState: { S: "writing" },
            ...(lease ? { holder: { S: lease.holder }, leaseUntil: num(lease.until) } : {}),
          },
          ConditionExpression:
            "(attribute_not_exists(writeState) OR writeState = :writing) AND " +
            "(attribute_not_exists(leaseUntil) OR leaseUntil <= :now OR holder = :holder)",
          ExpressionAttributeValues: {
            ":writing": { S: "writing" },
            ":now": num(createdAt),
            // No holder is the empty string: a claim without a lease matches no live lease.
            ":holder": { S: lease?.holder ?? "" },
          },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const claim = await this.readClaim(version);
      if (claim.state === "writing" && leaseBlocks(claim, lease, createdAt)) throw runInProgress(version, claim);
      // Completed by a run that stopped before joining the pointer's `complete` set: finish that step for it.
      await this.joinComplete(version);
      throw alreadyExists(version, { ...pointer, complete: new Set([version]) });
    }
    await deleteVersionLists(this.send, this.timing, this.table, version); // leftovers of a failed attempt
    return { version, writer };
  }

  /** Ends the lease if this claim still holds the version; a claim replaced meanwhile is left alone. */
  async releaseVersion(write: VersionWrite): Promise<void> {
    try {
      await this.send(
        new UpdateItemCommand({
          TableName: this.table,
          Key: versionKey(write.version),
          UpdateExpression: "REMOVE holder, leaseUntil",
          ConditionExpression: "writer = :w",
          ExpressionAttributeValues: { ":w": { S: write.writer } },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  async writeLists(write: VersionWrite, lists: readonly ScoreList[]): Promise<void> {
    if (lists.length === 0) return;
    const claim = await this.readClaim(write.version);
    if (claim.writer !== write.writer || claim.state !== "writing") throw claimedByAnother(write.version);
    await writeVersionLists(this.target(), write.version, lists, claim.ttl);
  }

  async completeVersion(write: VersionWrite, lists: number): Promise<VersionInfo> {
    let createdAt: number;
    try {
      const response = await this.send<{ Attributes?: Item }>(
        new UpdateItemCommand({
          TableName: this.table,
          Key: versionKey(write.version),
          UpdateExpression: "SET lists = :n, writeState = :complete",
          ConditionExpression: "writer = :w AND (writeState = :writing OR writeState = :complete)",
          ExpressionAttributeValues: {
            ":n": num(lists),
            ":w": { S: write.writer },
            ":writing": { S: "writing" },
            ":complete": { S: "complete" },
          },
          ReturnValues: "ALL_NEW",
        }),
      );
      createdAt = readNum(response.Attributes?.createdAt);
    } catch (error) {
      if (isConditionFailure(error)) throw claimedByAnother(write.version);
      throw error;
    }
    // Joining the `complete` set is what makes the version activatable: only after every list is written.
    await this.joinComplete(write.version);
    return { version: write.version, createdAt, lists, state: "complete" };
  }

  writeVersion(version: string, lists: AsyncIterable<ScoreList> | Iterable<ScoreList>): Promise<VersionInfo> {
    return writeVersionInChunks(this, version, lists);
  }

  async activate(version: string, expectedActive?: string | null): Promise<void> {
    const values: Item = { ":v": { S: version }, ":vs": { SS: [version] } };
    let condition = "contains(complete, :v)";
    if (expectedActive === null) condition += " AND attribute_not_exists(active)";
    else if (expectedActive !== undefined) {
      condition += " AND active = :expected";
      values[":expected"] = { S: expectedActive };
    }
    try {
      await this.send(
        new UpdateItemCommand({
          TableName: this.table,
          Key: pointerKey(),
          UpdateExpression: "SET active = :v ADD activated :vs",
          ConditionExpression: condition,
          ExpressionAttributeValues: values,
        }),
      );
      this.pointerCache = { active: version, readAt: this.clock.now() };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      await this.explainRejectedActivation(version, expectedActive);
    }
  }

  async activeVersion(): Promise<VersionInfo | null> {
    const { pointer, versions } = await readVersions(this.send, this.table);
    return versions.find((v) => v.version === pointer.active) ?? null;
  }

  async listVersions(): Promise<readonly VersionInfo[]> {
    return (await readVersions(this.send, this.table)).versions;
  }

  async getLists(keys: readonly ListKey[]): Promise<ReadonlyMap<string, readonly ScoredItem[]>> {
    const result = new Map<string, readonly ScoredItem[]>();
    const active = await this.cachedActive();
    if (active === null || keys.length === 0) return result;
    const ids = [...new Set(keys.map(listKeyString))];
    const pages = await Promise.all(
      chunk(ids, MAX_GET_BATCH).map((page) =>
        batchGet(
          this.send,
          this.timing,
          this.table,
          page.map((id) => listItemKey(active, id)),
        ),
      ),
    );
    for (const item of pages.flat()) result.set(item.sk?.S ?? "", decodeList(item));
    return result;
  }

  async pruneVersions(keep: number): Promise<readonly string[]> {
    const { pointer, versions } = await readVersions(this.send, this.table);
    const inactive = versions.filter((v) => v.state === "complete" || v.state === "retired");
    const doomed = inactive.slice(Math.max(0, keep)).map((v) => v.version);
    const pruned: string[] = [];
    for (const version of doomed) {
      if (version === pointer.active) continue;
      try {
        // Leave the `complete` set first (unless it was activated meanwhile), so it can never be activated half-deleted.
        await this.send(
          new UpdateItemCommand({
            TableName: this.table,
            Key: pointerKey(),
            UpdateExpression: "DELETE complete :vs, activated :vs",
            ConditionExpression: "attribute_not_exists(active) OR active <> :v",
            ExpressionAttributeValues: { ":v": { S: version }, ":vs": { SS: [version] } },
          }),
        );
      } catch (error) {
        if (isConditionFailure(error)) continue;
        throw error;
      }
      if (this.config.pruneLists === "expire") {
        await this.send(new DeleteItemCommand({ TableName: this.table, Key: versionKey(version) }));
      } else {
        await deleteVersionLists(this.send, this.timing, this.table, version, true);
      }
      pruned.push(version);
    }
    return pruned;
  }

  private target() {
    return { send: this.send, timing: this.timing, table: this.table, concurrency: this.concurrency };
  }

  private expiresAt(createdAt: number) {
    return num(Math.floor((createdAt + (this.config.ttlDays ?? 30) * DAY_MS) / 1000));
  }

  private async joinComplete(version: string): Promise<void> {
    await this.send(
      new UpdateItemCommand({
        TableName: this.table,
        Key: pointerKey(),
        UpdateExpression: "ADD complete :v",
        ExpressionAttributeValues: { ":v": { SS: [version] } },
      }),
    );
  }

  private async readClaim(version: string) {
    const response = await this.send<{ Item?: Item }>(
      new GetItemCommand({ TableName: this.table, Key: versionKey(version), ConsistentRead: true }),
    );
    const item = response.Item;
    return {
      writer: item?.writer?.S,
      state: item?.writeState?.S,
      ttl: item?.ttl ?? this.expiresAt(this.clock.now()),
      holder: item?.holder?.S,
      until: item?.leaseUntil ? readNum(item.leaseUntil) : undefined,
    };
  }

  private get clock(): Clock {
    return this.timing.clock;
  }

  private async readPointer(consistent = true): Promise<StoredPointer> {
    const response = await this.send<{ Item?: Item }>(
      new GetItemCommand({ TableName: this.table, Key: pointerKey(), ConsistentRead: consistent }),
    );
    return toPointer(response.Item);
  }

  /** The pointer changes once per batch run: a few seconds of staleness per container saves a read per request. */
  private async cachedActive(): Promise<string | null> {
    const maxAge = this.config.pointerCacheMs ?? 5_000;
    const now = this.clock.now();
    if (this.pointerCache && now - this.pointerCache.readAt < maxAge) return this.pointerCache.active;
    const { active } = await this.readPointer(false);
    this.pointerCache = { active, readAt: now };
    return active;
  }

  private async explainRejectedActivation(version: string, expectedActive?: string | null): Promise<never> {
    const pointer = await this.readPointer();
    if (expectedActive !== undefined && pointer.active !== expectedActive) {
      throw new DomainError(
        ErrorCode.INVALID_REQUEST,
        `active version is ${pointer.active}, expected ${expectedActive}`,
        {
          expectedActive,
          active: pointer.active,
        },
      );
    }
    throw new DomainError(ErrorCode.NO_COMPLETE_VERSION, `version ${version} is not complete`, { version });
  }

  /** Every SDK call goes through here: AWS failures become RetryableError(STORE_UNAVAILABLE); bugs are rethrown. */
  private readonly send: Send = async <T>(command: object): Promise<T> => {
    try {
      return (await this.client.send(command as never)) as T;
    } catch (error) {
      if (isConditionFailure(error) || !isAwsError(error)) throw error;
      throw new RetryableError(ErrorCode.STORE_UNAVAILABLE, `DynamoDB: ${describeAwsError(error)}`, { cause: error });
    }
  };
}

function alreadyExists(version: string, pointer: StoredPointer): DomainError {
  const state = pointer.active === version ? "active" : pointer.activated.has(version) ? "retired" : "complete";
  return new DomainError(ErrorCode.INVALID_REQUEST, `version ${version} already exists and is ${state}`, {
    version,
    state,
  });
}

function claimedByAnother(version: string): DomainError {
  return new DomainError(ErrorCode.INVALID_REQUEST, `version ${version} is being written by another run`, { version });
}

function isConditionFailure(error: unknown): boolean {
  return (error as { name?: string } | null)?.name === "ConditionalCheckFailedException";
}
