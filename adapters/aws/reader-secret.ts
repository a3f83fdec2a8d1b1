/**
 * The Secrets Manager secret of Aurora's read-only user (serve's credentials for the RDS Data API). The stack creates
 * the secret empty, so no password is ever in the Pulumi state; the batch's first run puts the first value. Its
 * JSON has the shape of an RDS credentials secret ("JSON structure of AWS Secrets Manager secrets", Secrets Manager
 * User Guide): `{ "engine": "mysql", "username", "password" }`.
 */
import {
  GetSecretValueCommand,
  PutSecretValueCommand,
  type SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";
import { ErrorCode, RetryableError } from "../../domain/errors";
import type { ReaderCredentials } from "../mysql/reader-user";
import { describeAwsError, isTransientAwsError } from "./aws-errors";

/**
 * The token of the secret's first value. Secrets Manager refuses a second PutSecretValue with the same token and a
 * different value (ResourceExistsException), so of two runs racing to set the first password exactly one wins.
 */
export const FIRST_VALUE_TOKEN = "reco-reader-first-password-v1-0000000000";

export class ReaderSecret {
  constructor(
    private readonly client: SecretsManagerClient,
    private readonly secretId: string,
  ) {}

  /** The stored credentials, or undefined while the secret has no value yet. */
  async current(): Promise<ReaderCredentials | undefined> {
    try {
      const { SecretString } = await this.client.send(new GetSecretValueCommand({ SecretId: this.secretId }));
      return parse(SecretString, this.secretId);
    } catch (error) {
      if ((error as { name?: unknown })?.name === "ResourceNotFoundException") return undefined;
      throw translated(error);
    }
  }

  /** Stores `credentials` as the secret's first value; if another run stored one first, returns that one. */
  async putFirst(credentials: ReaderCredentials): Promise<ReaderCredentials> {
    const SecretString = JSON.stringify({ engine: "mysql", ...credentials });
    try {
      await this.client.send(
        new PutSecretValueCommand({ SecretId: this.secretId, SecretString, ClientRequestToken: FIRST_VALUE_TOKEN }),
      );
      return credentials;
    } catch (error) {
      if ((error as { name?: unknown })?.name !== "ResourceExistsException") throw translated(error);
      const stored = await this.current();
      if (!stored) throw new Error(`secret ${this.secretId}: its first value exists but cannot be read`);
      return stored;
    }
  }
}

function parse(text: string | undefined, secretId: string): ReaderCredentials {
  const value = JSON.parse(text ?? "null") as Partial<ReaderCredentials> | null;
  if (typeof value?.username !== "string" || typeof value.password !== "string") {
    throw new Error(`secret ${secretId} holds no "username" and "password"`);
  }
  return { username: value.username, password: value.password };
}

/** Throttling, a 5xx or the network: the batch's state retries; anything else stays as it is (a denied call). */
function translated(error: unknown): unknown {
  if (!isTransientAwsError(error)) return error;
  return new RetryableError(ErrorCode.STORE_UNAVAILABLE, `reader secret: ${describeAwsError(error)}`, {
    cause: error,
  });
}
