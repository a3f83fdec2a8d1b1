/** Loads a bundle in a child `node` process, the way Lambda does, and calls its handler once. */
import { execFile } from "node:child_process";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";

/** Names and endpoints that lead nowhere: a handler must answer these requests without reaching AWS. */
export const OFFLINE_ENV: Readonly<Record<string, string>> = {
  RECO_RUNTIME: "aws",
  AWS_REGION: "eu-west-1",
  AWS_ACCESS_KEY_ID: "test",
  AWS_SECRET_ACCESS_KEY: "test",
  AWS_ENDPOINT_URL: "http://127.0.0.1:9",
  AWS_MAX_ATTEMPTS: "1",
  // The sink gives up on the unreachable endpoint quickly and reports the events as retryable.
  SINK_TIME_BUDGET_MS: "500",
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
  EVENTS_STREAM_NAME: "recommender-test-lake-events",
  CATALOG_STREAM_NAME: "recommender-test-lake-catalog",
  SCORE_TABLE_NAME: "recommender-test-scores",
  SCORE_TTL_DAYS: "14",
  ATHENA_WORKGROUP: "recommender-test-analytics",
  ATHENA_RESULTS_LOCATION: "s3://recommender-test-lake/athena-results/",
  GLUE_DATABASE: "recommender_test_catalog",
  GLUE_EVENTS_TABLE: "events",
  GLUE_CATALOG_TABLE: "catalog",
  RECO_API_KEYS: "[]",
  // The batch bundle runs one state of the state machine per function; the sample below is the first.
  RECO_BATCH_STEP: "start",
};

/** Handlers log JSON lines to stdout too: the result is the line carrying this mark. */
const RESULT_MARK = "@@bundle-result@@";

const CALL_ONCE = `const RESULT_MARK = ${JSON.stringify(RESULT_MARK)};
const mod = await import(process.env.BUNDLE_URL);
const event = JSON.parse(process.env.SAMPLE_EVENT);
const context = { awsRequestId: "smoke", functionName: "smoke", getRemainingTimeInMillis: () => 10000 };
let response = null;
let error = null;
try {
  response = event === null ? null : await mod.handler(event, context);
} catch (e) {
  error = { name: e?.name, code: e?.code, message: String(e?.message ?? e) };
}
process.stdout.write("\\n" + RESULT_MARK + JSON.stringify({ handlerType: typeof mod.handler, response, error }) + "\\n");
`;

export interface BundleRun {
  readonly handlerType: string;
  // biome-ignore lint/suspicious/noExplicitAny: the handler's response is whatever JSON it returns
  readonly response: any;
  /** Set when the handler rejected (what Lambda would record as a failed invocation). */
  readonly error: { readonly name?: string; readonly code?: string; readonly message: string } | null;
}

/** `event: null` only loads the module (cold start) without invoking it. */
export async function runBundle(file: string, event: unknown): Promise<BundleRun> {
  const { stdout } = await promisify(execFile)(process.execPath, ["--input-type=module", "-e", CALL_ONCE], {
    env: {
      ...OFFLINE_ENV,
      PATH: process.env.PATH ?? "",
      BUNDLE_URL: pathToFileURL(file).href,
      SAMPLE_EVENT: JSON.stringify(event),
    },
    timeout: 20_000,
    encoding: "utf8",
  });
  const line = stdout.split("\n").find((l) => l.startsWith(RESULT_MARK));
  if (!line) throw new Error(`bundle printed no result; stdout was:\n${stdout}`);
  return JSON.parse(line.slice(RESULT_MARK.length));
}

/** An API Gateway HTTP API (payload v2) request event. */
export function httpEvent(method: string, path: string, body?: string) {
  return {
    version: "2.0",
    routeKey: `${method} ${path}`,
    rawPath: path,
    rawQueryString: "",
    headers: {
      "content-type": "application/json",
      ...(body === undefined ? {} : { "content-length": String(body.length) }),
    },
    requestContext: {
      requestId: "smoke",
      http: { method, path, protocol: "HTTP/1.1", sourceIp: "127.0.0.1", userAgent: "smoke" },
      routeKey: `${method} ${path}`,
      stage: "$default",
      timeEpoch: Date.now(),
    },
    ...(body === undefined ? {} : { body, isBase64Encoded: false }),
    isBase64Encoded: false,
  };
}
