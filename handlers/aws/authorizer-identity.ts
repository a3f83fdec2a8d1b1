/**
 * What API Gateway caches a REQUEST authorizer's answer under (its identity sources), shared by the authorizer,
 * which must decide on exactly these values, and the Pulumi program, which declares them: an answer that
 * depended on anything else would be replayed for 300 s to requests that differ in it.
 */
export const AUTHORIZER_IDENTITY = {
  /** The one credential header the authorizer reads; `Authorization: Bearer` is not consulted in AWS. */
  header: "x-api-key",
  sources: ["$request.header.x-api-key", "$context.routeKey"],
} as const;
