/**
 * Aurora's read-only user, made to exist and to match its secret by the batch's `Start run` on every run
 * (adapters/mysql/reader-user.ts): the first run creates the user and its password, later runs repair whatever
 * drifted (a user dropped by hand, a password changed in the secret). Nobody runs SQL by hand after `pulumi up`;
 * serve can read from the first version the batch activates.
 *
 * Order: the user gets its password before the secret holds it, so serve never reads a password the database does
 * not know yet. Two runs racing to set the first password both end on the one the secret kept.
 */
import type { ReaderSecret } from "../../adapters/aws/reader-secret";
import { newReaderPassword, READER_USERNAME, type ReaderCredentials } from "../../adapters/mysql/reader-user";

export interface ReaderGrants {
  grantReadOnlyUser(reader: ReaderCredentials): Promise<void>;
}

export async function setUpReader(
  store: ReaderGrants,
  secret: Pick<ReaderSecret, "current" | "putFirst">,
  username = READER_USERNAME,
): Promise<void> {
  const stored = await secret.current();
  if (stored) {
    await store.grantReadOnlyUser(stored);
    return;
  }
  const fresh = { username, password: newReaderPassword() };
  await store.grantReadOnlyUser(fresh);
  const kept = await secret.putFirst(fresh);
  if (kept.password !== fresh.password || kept.username !== fresh.username) await store.grantReadOnlyUser(kept);
}
