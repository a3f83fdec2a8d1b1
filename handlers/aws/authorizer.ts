/**
 * Lambda entry of the HTTP API's REQUEST authorizer (payload 2.0, simple responses): the same key check and
 * route -> scope mapping as the local server (handlers/http/auth.ts). Keys come from RECO_API_KEYS (a Pulumi
 * secret: SHA-256 digests and scopes, never keys), parsed once at cold start so a bad value fails loudly.
 * API Gateway answers 401 itself when `x-api-key` is missing (it is an identity source) and 403 whenever this
 * function says no: a simple-response authorizer cannot tell "unknown key" (401 locally) from "wrong scope".
 */

import { ConfigError } from "../config";
import { KeyRing, parseApiKeys } from "../http/auth";
import { jsonLogger, type Logger } from "../http/log";
import { ENV } from "./env";

export interface AuthorizerEvent {
  readonly type?: string;
  readonly routeKey?: string;
  readonly rawPath?: string;
  readonly headers?: Readonly<Record<string, string | undefined>>;
  readonly requestContext?: { readonly requestId?: string; readonly http?: { readonly method?: string } };
}

export interface AuthorizerResult {
  readonly isAuthorized: boolean;
  /** Passed to the integration as `requestContext.authorizer.lambda`: the key's id, never the key. */
  readonly context?: { readonly keyId: string };
}

export function makeAuthorizer(keys: KeyRing, logger: Logger) {
  return async (event: AuthorizerEvent): Promise<AuthorizerResult> => {
    const [routeMethod, routePath] = (event.routeKey ?? "").split(" ");
    const method = event.requestContext?.http?.method ?? routeMethod ?? "";
    const path = event.rawPath ?? routePath ?? "";
    const decision = keys.authorize(method, path, event.headers ?? {});
    const requestId = event.requestContext?.requestId;
    if (!decision.ok) {
      logger.log("warn", "request refused", { requestId, code: decision.code, routeKey: event.routeKey });
      return { isAuthorized: false };
    }
    return decision.keyId === undefined
      ? { isAuthorized: true }
      : { isAuthorized: true, context: { keyId: decision.keyId } };
  };
}

function keysFromEnvironment(): KeyRing {
  const json = process.env[ENV.apiKeys];
  if (!json) throw new ConfigError(`authorizer: missing environment variable ${ENV.apiKeys}`);
  try {
    return new KeyRing(parseApiKeys(json));
  } catch (error) {
    throw new ConfigError(`${ENV.apiKeys}: ${(error as Error).message}`);
  }
}

export const handler = makeAuthorizer(
  keysFromEnvironment(),
  jsonLogger((line) => process.stdout.write(line)),
);
