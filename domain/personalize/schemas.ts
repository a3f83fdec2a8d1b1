/**
 * The dataset schemas the stack declares in Amazon Personalize (Avro JSON, as the developer guide's "custom
 * dataset and schema requirements" describe them) and the CSV header each training file starts with. One
 * declaration, so the files the training step writes and the schemas infra creates cannot drift apart.
 */

export interface AvroField {
  readonly name: string;
  readonly type: string | readonly string[];
  /** Personalize's flag for a categorical string field (values split on `|`). */
  readonly categorical?: boolean;
}

export interface AvroSchema {
  readonly type: "record";
  readonly name: string;
  readonly namespace: "com.amazonaws.personalize.schema";
  readonly fields: readonly AvroField[];
  readonly version: "1.0";
}

const schema = (name: string, fields: readonly AvroField[]): AvroSchema => ({
  type: "record",
  name,
  namespace: "com.amazonaws.personalize.schema",
  fields,
  version: "1.0",
});

/** USER_ID, ITEM_ID and TIMESTAMP (epoch seconds) are required; EVENT_TYPE must be a plain string. */
export const INTERACTIONS_SCHEMA = schema("Interactions", [
  { name: "USER_ID", type: "string" },
  { name: "ITEM_ID", type: "string" },
  { name: "TIMESTAMP", type: "long" },
  { name: "EVENT_TYPE", type: "string" },
  { name: "EVENT_VALUE", type: "float" },
]);

/** Tags as one categorical field; an item without tags has a null TAGS. */
export const ITEMS_SCHEMA = schema("Items", [
  { name: "ITEM_ID", type: "string" },
  { name: "TAGS", type: ["null", "string"], categorical: true },
]);

export type PersonalizeDataset = "interactions" | "items";

export const DATASET_SCHEMAS: Readonly<Record<PersonalizeDataset, AvroSchema>> = {
  interactions: INTERACTIONS_SCHEMA,
  items: ITEMS_SCHEMA,
};

/** The first line of every CSV file: the schema's field names in order, unquoted (Personalize wants them bare). */
export const csvHeader = (dataset: PersonalizeDataset): string =>
  DATASET_SCHEMAS[dataset].fields.map((f) => f.name).join(",");

/**
 * The recipe the stack trains (its IAM policy allows this one only). Recommended by the developer guide over the
 * first User-Personalization: up to 5 million items, faster training.
 */
export const USER_PERSONALIZATION_V2 = "arn:aws:personalize:::recipe/aws-user-personalization-v2";
