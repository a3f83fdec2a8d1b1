/**
 * `npm run keys -- create --id web --scopes read,ingest`: a new random API key, printed ONCE, and the entry to
 * store in RECO_API_KEYS / RECO_API_KEYS_FILE (local) or the `apiKeys` Pulumi secret (AWS). Only the SHA-256
 * digest is ever stored, so a leaked configuration does not leak keys.
 * `npm run keys -- hash` reads a key on stdin and prints its digest (to rotate or check an existing key).
 */
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { parseApiKeys, SCOPES, sha256Hex } from "../handlers/http/auth";

const USAGE = `usage: npm run keys -- create --id <name> --scopes ${SCOPES.join(",")}
       npm run keys -- hash < key.txt`;

/** 32 random bytes, base64url: 256 bits, safe in headers and shells. */
export function newKey(): string {
  return `reco_${randomBytes(32).toString("base64url")}`;
}

export function createEntry(id: string, scopes: string): { key: string; entry: string } {
  const key = newKey();
  const entry = JSON.stringify({ id, sha256: sha256Hex(key), scopes: scopes.split(",").map((s) => s.trim()) });
  parseApiKeys(`[${entry}]`); // the same checks the server applies: a bad id or scope fails here, not at start
  return { key, entry };
}

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { id: { type: "string" }, scopes: { type: "string", default: "read" } },
  });
  if (positionals[0] === "create" && values.id) {
    const { key, entry } = createEntry(values.id, values.scopes ?? "read");
    process.stdout.write(
      [
        `API key (shown once; give it to the client, store it nowhere else):`,
        `  ${key}`,
        `Entry for RECO_API_KEYS (a JSON list) or the apiKeys Pulumi secret:`,
        `  ${entry}`,
        "",
      ].join("\n"),
    );
    return;
  }
  if (positionals[0] === "hash") {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    process.stdout.write(`${sha256Hex(Buffer.concat(chunks).toString("utf8").trim())}\n`);
    return;
  }
  process.stderr.write(`${USAGE}\n`);
  process.exitCode = 2;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`keys: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
