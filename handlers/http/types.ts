/**
 * The parts of API Gateway HTTP API (payload format 2.0) events and results the handlers use. Own types rather
 * than @types/aws-lambda: the local server builds the same objects, and the contract stays visible here.
 */

export interface HttpRequestEvent {
  readonly version: "2.0";
  readonly routeKey: string;
  readonly rawPath: string;
  readonly rawQueryString: string;
  /** Header names in lower case, as API Gateway delivers them; repeated headers joined by commas. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** Repeated parameters joined by commas, as API Gateway does. */
  readonly queryStringParameters?: Readonly<Record<string, string | undefined>>;
  readonly pathParameters?: Readonly<Record<string, string | undefined>>;
  readonly requestContext: {
    readonly requestId: string;
    readonly timeEpoch?: number;
    readonly http: {
      readonly method: string;
      readonly path: string;
      readonly sourceIp?: string;
      readonly userAgent?: string;
    };
  };
  readonly body?: string;
  readonly isBase64Encoded: boolean;
}

export interface HttpResult {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly isBase64Encoded?: boolean;
}

/** What a route handler receives: the raw event plus the path parameters the router matched. */
export interface HttpRequest {
  readonly event: HttpRequestEvent;
  readonly params: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, string | undefined>>;
}

export type RouteHandler = (request: HttpRequest) => Promise<HttpResult>;

/** Every API answer is JSON that no browser should sniff into anything else, and none is cached. */
export function jsonResult(statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResult {
  return {
    statusCode,
    headers: {
      "content-type": "application/json; charset=utf-8",
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
      ...headers,
    },
    body: JSON.stringify(body),
  };
}
