/**
 * The Personalize resources the stack owns, as a CloudFormation template (the Pulumi AWS provider has no
 * Personalize resources; CloudFormation has AWS::Personalize::DatasetGroup, Schema and Dataset). The schemas are
 * the ones the training step writes its CSV files for (domain/personalize/schemas.ts). The solution is not here:
 * the training step creates it with automatic training off (adapters/aws/personalize-service.ts).
 */
import { DATASET_SCHEMAS } from "../domain/personalize/schemas";

const DATASET_TYPES = { interactions: "Interactions", items: "Items" } as const;

/** Personalize names: letters, digits, `-` and `_`, at most 63 characters. */
export function personalizeName(prefix: string, part?: string): string {
  const name = (part ? `${prefix}-${part}` : prefix).replace(/[^A-Za-z0-9_-]/g, "-");
  if (name.length > 63) throw new Error(`Personalize name too long (${name.length} > 63): ${name}`);
  return name;
}

export function personalizeTemplate(prefix: string) {
  const group = personalizeName(prefix);
  const resources: Record<string, unknown> = {
    DatasetGroup: { Type: "AWS::Personalize::DatasetGroup", Properties: { Name: group } },
  };
  for (const [dataset, type] of Object.entries(DATASET_TYPES) as [keyof typeof DATASET_TYPES, string][]) {
    resources[`${type}Schema`] = {
      Type: "AWS::Personalize::Schema",
      Properties: { Name: personalizeName(prefix, dataset), Schema: JSON.stringify(DATASET_SCHEMAS[dataset]) },
    };
    resources[`${type}Dataset`] = {
      Type: "AWS::Personalize::Dataset",
      Properties: {
        Name: personalizeName(prefix, dataset),
        DatasetType: type,
        DatasetGroupArn: { "Fn::GetAtt": ["DatasetGroup", "DatasetGroupArn"] },
        SchemaArn: { "Fn::GetAtt": [`${type}Schema`, "SchemaArn"] },
      },
    };
  }
  return {
    AWSTemplateFormatVersion: "2010-09-09",
    Description: `Amazon Personalize datasets of ${prefix}`,
    Resources: resources,
  };
}

/** ARNs as Personalize forms them (developer guide: dataset-group/<name>, dataset/<group>/<TYPE>, solution/<name>). */
export function personalizeArns(partition: string, region: string, account: string, prefix: string) {
  const base = `arn:${partition}:personalize:${region}:${account}`;
  const group = personalizeName(prefix);
  return {
    datasetGroupArn: `${base}:dataset-group/${group}`,
    datasetArns: { interactions: `${base}:dataset/${group}/INTERACTIONS`, items: `${base}:dataset/${group}/ITEMS` },
    solutionName: group,
    solutionArn: `${base}:solution/${group}`,
  };
}
