/**
 * A route table shared by the Lambda entry points and the local server: method + path template
 * (`/v1/users/{userId}/recommendations`). Unknown paths get 404 ROUTE_NOT_FOUND, known paths with another
 * method 405 METHOD_NOT_ALLOWED with an Allow header; every thrown error goes through handlers/http/errors.ts.
 */
import { errorResult, toErrorResult } from "./errors";
import type { Logger } from "./log";
import type { HttpRequestEvent, HttpResult, RouteHandler } from "./types";

export interface Route {
  readonly method: "GET" | "POST" | "PUT" | "DELETE";
  readonly path: string;
  readonly handle: RouteHandler;
}

interface CompiledRoute extends Route {
  readonly segments: readonly string[];
}

export type Router = (event: HttpRequestEvent) => Promise<HttpResult>;

export function makeRouter(routes: readonly Route[], logger: Logger): Router {
  const compiled = routes.map((route) => ({ ...route, segments: splitPath(route.path) }));
  return async (event) => {
    const segments = splitPath(event.rawPath);
    const matches = compiled.flatMap((route) => {
      const params = matchSegments(route, segments);
      return params ? [{ route, params }] : [];
    });
    if (matches.length === 0) {
      return errorResult("ROUTE_NOT_FOUND", `No route for ${event.rawPath}`, { path: event.rawPath });
    }
    const method = event.requestContext.http.method.toUpperCase();
    const match = matches.find((m) => m.route.method === method);
    if (!match) {
      const allow = [...new Set(matches.map((m) => m.route.method))].join(", ");
      return errorResult("METHOD_NOT_ALLOWED", `${method} is not allowed on ${event.rawPath}`, { allow }, { allow });
    }
    try {
      return await match.route.handle({ event, params: match.params, query: event.queryStringParameters ?? {} });
    } catch (error) {
      return toErrorResult(error, logger, event.requestContext.requestId);
    }
  };
}

function splitPath(path: string): string[] {
  return path.split("/").filter((segment) => segment.length > 0);
}

/** The path as the router matches it: empty segments dropped, so `/v1//events/` is `/v1/events`. */
export function canonicalPath(path: string): string {
  return `/${splitPath(path).join("/")}`;
}

function matchSegments(route: CompiledRoute, segments: readonly string[]): Record<string, string> | undefined {
  if (route.segments.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (const [i, expected] of route.segments.entries()) {
    const actual = segments[i] as string;
    if (expected.startsWith("{") && expected.endsWith("}")) {
      const value = safeDecode(actual);
      if (value === undefined) return undefined;
      params[expected.slice(1, -1)] = value;
    } else if (expected !== actual) return undefined;
  }
  return params;
}

function safeDecode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
