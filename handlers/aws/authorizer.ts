/**
 * Lambda entry of the HTTP API's REQUEST authorizer (payload 2.0, simple responses): the same key check and
 * route -> scope mapping as the local server (handlers/http/auth.ts). Keys come from RECO_API_KEYS (a Pulumi
 * secret: SHA-256 digests and scopes, never keys), parsed once at cold start so a bad value fails loudly.
 *
 * API Gateway caches each answer for 300 s under the identity sources (AUTHORIZER_IDENTITY: `x-api-key` and the
 * route key), so the decision reads those two values and nothing else: not `Authorization`, not the raw path.
 * API Gateway answers 401 itself when `x-api-key` is missing and 403 whenever this function says no: a
 * simple-response authorizer cannot tell "unknown key" (401 locally) from "wrong scope".
 */

import { ConfigError } from "../config";
import { KeyRing, parseApiKeys, requiredScope } from "../http/auth";
import type { Logger } from "../http/log";
import { type LambdaContext, withInvocation } from "../observability/lambda-http";
import { lambdaObservability } from "../observability/powertools";
import { AUTHORIZER_IDENTITY } from "./authorizer-identity";
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

/** `POST /v1/events` -> ["POST", "/v1/events"]; anything else (`$default`) is no route this API protects. */
const ROUTE_KEY = /^([A-Z]+) (\/\S*)$/;

export function makeAuthorizer(keys: KeyRing, logger: Logger) {
  return async (event: AuthorizerEvent): Promise<AuthorizerResult> => {
    const requestId = event.requestContext?.requestId;
    const route = ROUTE_KEY.exec(event.routeKey ?? "");
    const key = event.headers?.[AUTHORIZER_IDENTITY.header]?.trim() || undefined;
    const decision = route
      ? keys.authorizeKey(requiredScope(route[1] as string, route[2] as string), key)
      : ({ ok: false, code: "FORBIDDEN", message: "unknown route key" } as const);
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

const observability = lambdaObservability();
const authorize = makeAuthorizer(keysFromEnvironment(), observability.logger);

export const handler = async (event: AuthorizerEvent, context?: LambdaContext): Promise<AuthorizerResult> =>
  withInvocation(observability, context, event.requestContext?.requestId, () => authorize(event));
