/**
 * Evaluates the Pulumi program once under Pulumi's unit-test mocks and captures every resource's inputs, so a
 * test file can assert policies over the whole stack. `setMocks` runs BEFORE the program is imported (a static
 * import would be hoisted above it and no output would ever resolve).
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";

export const ACCOUNT = "123456789012";
export const REGION = "eu-west-1";

export interface CapturedResource {
  readonly type: string;
  readonly name: string;
  // biome-ignore lint/suspicious/noExplicitAny: resource inputs are untyped JSON-like values under mocks
  readonly inputs: Record<string, any>;
  readonly id: string;
}

export interface EvaluatedProgram {
  readonly resources: CapturedResource[];
  readonly outputs: Record<string, unknown>;
  ofType(type: string): CapturedResource[];
  named(name: string): CapturedResource;
}

/** The flat `project:key: value` pairs of a Pulumi.<stack>.yaml (the files here hold nothing nested). */
export function readStackFile(path: string): Record<string, string> {
  const config: Record<string, string> = {};
  for (const line of readFileSync(path, "utf8").split("\n")) {
    const match = /^ {2}([\w-]+:[\w-]+):\s*(.*)$/.exec(line);
    if (match) config[match[1] as string] = (match[2] as string).replace(/^"(.*)"$/, "$1");
  }
  return config;
}

/** A bundle directory with empty stand-ins, so the program's "run npm run build first" check passes. */
export function fakeBundles(names: readonly string[]): string {
  const dir = mkdtempSync(join(tmpdir(), "reco-bundles-"));
  for (const name of names) {
    mkdirSync(join(dir, name));
    writeFileSync(join(dir, name, "index.mjs"), "export const handler = async () => ({});\n");
  }
  return dir;
}

/** What AWS would report after creation: the ARNs, names and URLs other resources reference. */
// biome-ignore lint/suspicious/noExplicitAny: see CapturedResource
function computedState(type: string, name: string, id: string, inputs: Record<string, any>) {
  const physical = inputs.name ?? name;
  const arn = (service: string, resource: string) => `arn:aws:${service}:${REGION}:${ACCOUNT}:${resource}`;
  switch (type) {
    case "aws:s3/bucket:Bucket":
      return { bucket: `${name}-0a1b2c3`, arn: `arn:aws:s3:::${name}-0a1b2c3` };
    case "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream":
      return { arn: arn("firehose", `deliverystream/${physical}`) };
    case "aws:dynamodb/table:Table":
      return { arn: arn("dynamodb", `table/${physical}`) };
    case "aws:lambda/function:Function": {
      const fnArn = arn("lambda", `function:${physical}`);
      return {
        arn: fnArn,
        invokeArn: `arn:aws:apigateway:${REGION}:lambda:path/2015-03-31/functions/${fnArn}/invocations`,
      };
    }
    case "aws:apigatewayv2/api:Api":
      return { executionArn: arn("execute-api", id), apiEndpoint: `https://${id}.execute-api.${REGION}.amazonaws.com` };
    case "aws:apigatewayv2/stage:Stage":
      return { invokeUrl: `https://${inputs.apiId}.execute-api.${REGION}.amazonaws.com/` };
    case "aws:sqs/queue:Queue":
      return { arn: arn("sqs", physical), url: `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/${physical}` };
    case "aws:glue/catalogDatabase:CatalogDatabase":
      return { arn: arn("glue", `database/${physical}`) };
    case "aws:glue/catalogTable:CatalogTable":
      return { arn: arn("glue", `table/${inputs.databaseName}/${physical}`) };
    case "aws:athena/workgroup:Workgroup":
      return { arn: arn("athena", `workgroup/${physical}`) };
    case "aws:cloudwatch/logGroup:LogGroup":
      return { arn: arn("logs", `log-group:${physical}`) };
    case "aws:iam/role:Role":
      return { arn: `arn:aws:iam::${ACCOUNT}:role/${name}`, name };
    case "aws:sns/topic:Topic":
      return { arn: arn("sns", physical) };
    case "aws:sfn/stateMachine:StateMachine":
      return { arn: arn("states", `stateMachine:${physical}`) };
    case "aws:rds/cluster:Cluster":
      return {
        arn: arn("rds", `cluster:${inputs.clusterIdentifier}`),
        masterUserSecrets: [{ secretArn: arn("secretsmanager", `secret:rds!cluster-${id}-AbCdEf`) }],
      };
    case "aws:secretsmanager/secret:Secret":
      return { arn: arn("secretsmanager", `secret:${physical}-XyZ123`) };
    case "aws:ec2/vpcEndpoint:VpcEndpoint":
      return { prefixListId: "pl-6da54004" };
    default:
      return { arn: arn(type.split(":")[1]?.split("/")[0] ?? "unknown", physical) };
  }
}

const INVOKES: Record<string, Record<string, string | string[]>> = {
  "aws:index/getCallerIdentity:getCallerIdentity": {
    accountId: ACCOUNT,
    arn: `arn:aws:iam::${ACCOUNT}:user/t`,
    userId: "t",
  },
  "aws:index/getRegion:getRegion": { region: REGION, name: REGION },
  "aws:index/getPartition:getPartition": { partition: "aws", dnsSuffix: "amazonaws.com" },
  "aws:index/getAvailabilityZones:getAvailabilityZones": { names: [`${REGION}a`, `${REGION}b`, `${REGION}c`] },
};

export async function evaluateProgram(stack: string, config: Record<string, string>): Promise<EvaluatedProgram> {
  const resources: CapturedResource[] = [];
  await pulumi.runtime.setMocks(
    {
      newResource(args) {
        const id = `${args.name}-id`;
        resources.push({ type: args.type, name: args.name, inputs: args.inputs, id });
        return { id, state: { ...args.inputs, ...computedState(args.type, args.name, id, args.inputs) } };
      },
      call: (args) => INVOKES[args.token] ?? args.inputs,
    },
    "recommender",
    stack,
    false,
  );
  pulumi.runtime.setAllConfig(config, ["recommender:apiKeys"]);
  const program: Record<string, unknown> = await import("../../../infra/index");
  const outputs: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(program)) {
    if (pulumi.Output.isInstance(value)) outputs[key] = await new Promise((r) => value.apply(r));
  }
  // Resources whose inputs wait on other outputs register later than the exports resolve: drain the queue.
  await (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
  return {
    resources,
    outputs,
    ofType: (type) => resources.filter((r) => r.type === type),
    named: (name) => {
      const found = resources.find((r) => r.name === name);
      if (!found) throw new Error(`no resource named ${name}; have ${resources.map((r) => r.name).join(", ")}`);
      return found;
    },
  };
}
