/**
 * `Start run` on Aurora sets up serve's read-only user (handlers/aws/reader-setup.ts): the user is created on a real
 * MariaDB by the writer's store, and its secret lives in a Secrets Manager played by aws-sdk-client-mock (no local
 * engine), with the service's behaviour that matters here: no value yet is ResourceNotFoundException, and a second
 * PutSecretValue with the same token and another value is ResourceExistsException.
 */
import { randomBytes } from "node:crypto";
import {
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceExistsException,
  ResourceNotFoundException,
  SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";
import { mockClient } from "aws-sdk-client-mock";
import mysql from "mysql2/promise";
import { afterEach, describe, expect, it } from "vitest";
import { ReaderSecret } from "../../../adapters/aws/reader-secret";
import { MySqlScoreStore } from "../../../adapters/mysql/mysql-score-store";
import { MySql2Executor } from "../../../adapters/mysql/mysql2-executor";
import { RetryableError } from "../../../domain/errors";
import { setUpReader } from "../../../handlers/aws/reader-setup";
import { givenDatabase, MARIADB, type TestDatabase } from "../../support/mariadb";
import { requireSystemEngine } from "../../support/system-engine";

const server = await requireSystemEngine(MARIADB);
const SECRET = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:recommender-prod-scores-reader-AbC123";

/** Secrets Manager for one secret: its current value, and the values put under each request token. */
function givenSecretsManager() {
  const mock = mockClient(SecretsManagerClient);
  const state: { current?: string; puts: number; throttled?: Error } = { puts: 0 };
  const byToken = new Map<string, string>();
  mock.on(GetSecretValueCommand, { SecretId: SECRET }).callsFake(() => {
    const throttled = state.throttled;
    state.throttled = undefined;
    if (throttled) throw throttled;
    if (state.current === undefined) {
      throw new ResourceNotFoundException({
        message: "Secrets Manager can't find the specified secret value for staging label: AWSCURRENT",
        $metadata: {},
      });
    }
    return { SecretString: state.current };
  });
  mock.on(PutSecretValueCommand, { SecretId: SECRET }).callsFake(({ SecretString, ClientRequestToken }) => {
    const earlier = byToken.get(ClientRequestToken);
    if (earlier !== undefined && earlier !== SecretString) {
      throw new ResourceExistsException({
        message: "A resource with the ID you requested already exists.",
        $metadata: {},
      });
    }
    byToken.set(ClientRequestToken, SecretString);
    state.current = SecretString;
    state.puts++;
    return { VersionId: ClientRequestToken };
  });
  const client = new SecretsManagerClient({
    region: "eu-west-1",
    credentials: { accessKeyId: "x", secretAccessKey: "x" },
  });
  return { mock, state, secret: new ReaderSecret(client, SECRET) };
}

describe.skipIf(server === undefined)("Start run sets up serve's read-only user", () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function given() {
    const database = await givenDatabase(server!);
    const username = `reco_r_${randomBytes(4).toString("hex")}`;
    const store = new MySqlScoreStore({ executor: MySql2Executor.open(database.options), clock: Date });
    const sm = givenSecretsManager();
    cleanups.push(async () => {
      sm.mock.restore();
      await store.close();
      await database.drop();
      await asRoot(`DROP USER IF EXISTS '${username}'@'%'`);
    });
    return { database, username, store, ...sm };
  }

  async function asRoot(statement: string) {
    const root = await mysql.createConnection({ ...server!, database: undefined });
    await root.query(statement);
    await root.end();
  }

  /** Logs in as whoever the secret names, with its password, and reads the pointer table. */
  async function loginWithSecret(database: TestDatabase, secretString: string | undefined) {
    const { username, password } = JSON.parse(secretString ?? "{}");
    const connection = await mysql.createConnection({ ...database.options, user: username, password });
    try {
      const [rows] = await connection.query("SELECT COUNT(*) AS n FROM reco_active");
      return rows;
    } finally {
      await connection.end();
    }
  }

  it("creates the user on the first run, stores its password in the empty secret, and keeps both after", async () => {
    const { database, username, store, state, secret } = await given();

    await setUpReader(store, secret, username);
    const first = state.current;
    await setUpReader(store, secret, username);

    expect(JSON.parse(first ?? "{}")).toMatchObject({ engine: "mysql", username, password: expect.any(String) });
    expect(state.puts).toBe(1);
    expect(state.current).toBe(first);
    await expect(loginWithSecret(database, state.current)).resolves.toBeDefined();
  });

  it("recreates a user dropped by hand, with the password its secret holds", async () => {
    const { database, username, store, state, secret } = await given();
    await setUpReader(store, secret, username);
    await asRoot(`DROP USER '${username}'@'%'`);

    await setUpReader(store, secret, username);

    await expect(loginWithSecret(database, state.current)).resolves.toBeDefined();
  });

  it("ends two runs racing on the first password on the one the secret kept", async () => {
    const { database, username, store, state, secret } = await given();

    await Promise.all([setUpReader(store, secret, username), setUpReader(store, secret, username)]);

    expect(state.puts).toBe(1);
    await expect(loginWithSecret(database, state.current)).resolves.toBeDefined();
  });

  it("reports a throttled Secrets Manager as retryable, and a secret without credentials loudly", async () => {
    const { store, state, secret } = await given();
    // What the SDK throws for an unmodelled throttling error: its name, a client fault, HTTP 400.
    state.throttled = Object.assign(new Error("Rate exceeded"), {
      name: "ThrottlingException",
      $fault: "client",
      $metadata: { httpStatusCode: 400 },
    });

    await expect(setUpReader(store, secret)).rejects.toBeInstanceOf(RetryableError);
    state.current = JSON.stringify({ engine: "mysql" });
    await expect(setUpReader(store, secret)).rejects.toThrow(/holds no "username" and "password"/);
  });
});
