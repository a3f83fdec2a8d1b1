import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AUTHORIZER_IDENTITY } from "../../handlers/aws/authorizer-identity";
import type { InfraConfig } from "../config";
import { ACCESS_LOG_FORMAT, ROUTES, type RouteScope, type RouteTarget, routeSlug, routeSourceArn } from "../routes";
import type { BundledFunction } from "./bundled-function";

export interface HttpApiArgs {
  readonly functions: Readonly<Record<RouteTarget, BundledFunction>>;
  /** The REQUEST authorizer function, required when `auth.mode` is `apiKey`. */
  readonly authorizerFunction?: BundledFunction;
  readonly config: Pick<InfraConfig, "auth" | "corsOrigins" | "throttle" | "logRetentionDays">;
}

type RouteAuth = Pick<aws.apigatewayv2.RouteArgs, "authorizationType" | "authorizerId" | "authorizationScopes">;

/** The HTTP API: one route per endpoint, a throttled and access-logged stage, auth chosen by config. */
export class HttpApi extends pulumi.ComponentResource {
  public readonly url: pulumi.Output<string>;
  public readonly apiId: pulumi.Output<string>;

  constructor(name: string, args: HttpApiArgs, opts?: pulumi.ComponentResourceOptions) {
    super("recommender:api:HttpApi", name, {}, opts);
    const parent = { parent: this };
    const { config } = args;
    const api = new aws.apigatewayv2.Api(
      `${name}-api`,
      {
        name,
        protocolType: "HTTP",
        ...(config.corsOrigins.length > 0
          ? {
              corsConfiguration: {
                allowOrigins: config.corsOrigins,
                allowMethods: ["GET", "POST", "OPTIONS"],
                allowHeaders: ["content-type", "authorization", "x-api-key"],
                maxAge: 3600,
              },
            }
          : {}),
      },
      parent,
    );
    const accessLogs = new aws.cloudwatch.LogGroup(
      `${name}-access-logs`,
      { name: `/aws/apigateway/${name}`, retentionInDays: config.logRetentionDays },
      parent,
    );
    const stage = new aws.apigatewayv2.Stage(
      `${name}-stage`,
      {
        apiId: api.id,
        name: "$default",
        autoDeploy: true,
        accessLogSettings: { destinationArn: accessLogs.arn, format: ACCESS_LOG_FORMAT },
        defaultRouteSettings: {
          throttlingRateLimit: config.throttle.rateLimit,
          throttlingBurstLimit: config.throttle.burstLimit,
        },
      },
      parent,
    );
    const authFor = this.authorization(name, api, args);
    for (const target of ["ingest", "serve"] as const) {
      const fn = args.functions[target];
      const integration = new aws.apigatewayv2.Integration(
        `${name}-${target}-integration`,
        { apiId: api.id, integrationType: "AWS_PROXY", integrationUri: fn.invokeArn, payloadFormatVersion: "2.0" },
        parent,
      );
      for (const route of ROUTES.filter((r) => r.target === target)) {
        const slug = routeSlug(route.key);
        new aws.apigatewayv2.Route(
          `${name}-${slug}`,
          {
            apiId: api.id,
            routeKey: route.key,
            target: pulumi.interpolate`integrations/${integration.id}`,
            ...authFor(route.scope),
          },
          parent,
        );
        new aws.lambda.Permission(
          `${name}-${slug}-invoke`,
          {
            action: "lambda:InvokeFunction",
            function: fn.functionName,
            principal: "apigateway.amazonaws.com",
            sourceArn: api.executionArn.apply((arn) => routeSourceArn(arn, route.key)),
          },
          parent,
        );
      }
    }
    this.apiId = api.id;
    this.url = stage.invokeUrl;
    this.registerOutputs({ url: this.url });
  }

  /** Creates the authorizer the config asks for and returns how each route scope is protected by it. */
  private authorization(name: string, api: aws.apigatewayv2.Api, args: HttpApiArgs): (s: RouteScope) => RouteAuth {
    const auth = args.config.auth;
    const open: RouteAuth = { authorizationType: "NONE" };
    if (auth.mode === "none") return () => open;
    if (auth.mode === "jwt") {
      const authorizer = new aws.apigatewayv2.Authorizer(
        `${name}-jwt`,
        {
          apiId: api.id,
          name: `${name}-jwt`,
          authorizerType: "JWT",
          identitySources: ["$request.header.Authorization"],
          jwtConfiguration: { issuer: auth.issuer, audiences: auth.audiences },
        },
        { parent: this },
      );
      return (scope) =>
        scope === "public"
          ? open
          : { authorizationType: "JWT", authorizerId: authorizer.id, authorizationScopes: [auth.scopes[scope]] };
    }
    const fn = args.authorizerFunction;
    if (!fn) throw new Error('authMode "apiKey" needs the authorizer function (handlers/aws/authorizer.ts)');
    const authorizer = new aws.apigatewayv2.Authorizer(
      `${name}-api-key`,
      {
        apiId: api.id,
        name: `${name}-api-key`,
        authorizerType: "REQUEST",
        authorizerUri: fn.invokeArn,
        authorizerPayloadFormatVersion: "2.0",
        enableSimpleResponses: true,
        // The cache key: the route is part of it (a key allowed to read must not be cached as allowed to ingest),
        // and the authorizer decides on exactly these values, so no cached answer is replayed to another caller.
        identitySources: [...AUTHORIZER_IDENTITY.sources],
        authorizerResultTtlInSeconds: 300,
      },
      { parent: this },
    );
    new aws.lambda.Permission(
      `${name}-api-key-invoke`,
      {
        action: "lambda:InvokeFunction",
        function: fn.functionName,
        principal: "apigateway.amazonaws.com",
        sourceArn: pulumi.interpolate`${api.executionArn}/authorizers/${authorizer.id}`,
      },
      { parent: this },
    );
    return (scope) => (scope === "public" ? open : { authorizationType: "CUSTOM", authorizerId: authorizer.id });
  }
}
