/** Resource types and lookups shared by the stack policy suites. */
import type { Statement } from "../../../infra/policies";
import type { CapturedResource, EvaluatedProgram } from "./mock-program";

export const T = {
  bucket: "aws:s3/bucket:Bucket",
  publicAccess: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
  encryption: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
  bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
  firehose: "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream",
  glueTable: "aws:glue/catalogTable:CatalogTable",
  table: "aws:dynamodb/table:Table",
  fn: "aws:lambda/function:Function",
  logGroup: "aws:cloudwatch/logGroup:LogGroup",
  rolePolicy: "aws:iam/rolePolicy:RolePolicy",
  role: "aws:iam/role:Role",
  route: "aws:apigatewayv2/route:Route",
  integration: "aws:apigatewayv2/integration:Integration",
  permission: "aws:lambda/permission:Permission",
  api: "aws:apigatewayv2/api:Api",
  stage: "aws:apigatewayv2/stage:Stage",
  authorizer: "aws:apigatewayv2/authorizer:Authorizer",
  schedule: "aws:scheduler/schedule:Schedule",
  invokeConfig: "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig",
  alarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
  workgroup: "aws:athena/workgroup:Workgroup",
  stateMachine: "aws:sfn/stateMachine:StateMachine",
  lifecycle: "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
} as const;

export function statementsOf(policy: CapturedResource): Statement[] {
  return JSON.parse(policy.inputs.policy).Statement;
}

/** The inline policy statements of a role, by its logical name. */
export function roleStatements(program: EvaluatedProgram, roleName: string): Statement[] {
  return program
    .ofType(T.rolePolicy)
    .filter((p) => p.inputs.role === `${roleName}-id`)
    .flatMap(statementsOf);
}

/** `arn:aws:s3:::bucket/runs/*` -> `runs/*`; a bucket ARN -> `bucket`; a table ARN -> `table/<name>`. */
export function shortArn(arn: string): string {
  const object = /^arn:aws:s3:::[^/]+\/(.+)$/.exec(arn);
  if (object) return object[1]!;
  if (/^arn:aws:s3:::[^/]+$/.test(arn)) return "bucket";
  const table = /^arn:aws:dynamodb:[^:]+:\d+:(table\/.+)$/.exec(arn);
  return table ? table[1]! : arn;
}

/** The inline policy statements of the role a function runs with. */
export function functionStatements(program: EvaluatedProgram, fnName: string): Statement[] {
  const fn = program.named(`${fnName}-function`);
  const roleName = String(fn.inputs.role).split("/").pop();
  const policies = program.ofType(T.rolePolicy).filter((p) => p.inputs.role === `${roleName}-id`);
  return policies.flatMap(statementsOf);
}
