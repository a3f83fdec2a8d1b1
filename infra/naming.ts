/**
 * Physical names of the stack's resources. Every name carries the project and the stack, so two stacks in one
 * account (dev and prod, or two developers' stacks) never collide.
 */

/** Characters Pulumi appends when it auto-names a resource that has no explicit name (`-` and 7 hex digits). */
export const AUTONAME_SUFFIX_LENGTH = 8;

/**
 * The names the program derives from the prefix that leave it the least room: what follows the prefix, the
 * service's limit, and whether Pulumi auto-names it (IAM roles and the lake bucket carry no explicit name).
 * test/infra/name-limits.test.ts checks every resource at the longest accepted prefix, so a longer name added
 * later fails there until it is listed here.
 */
export const BINDING_NAMES = [
  { example: "IAM role of the batch schedule", suffix: "-batch-schedule-role", limit: 64, autonamed: true },
  { example: "IAM role of a batch function", suffix: "-run-release-role", limit: 64, autonamed: true },
  { example: "IAM role of a Firehose stream", suffix: "-lake-catalog-role", limit: 64, autonamed: true },
  { example: "IAM role Personalize assumes", suffix: "-personalize-role", limit: 64, autonamed: true },
  { example: "IAM role of the training schedule", suffix: "-train-schedule-role", limit: 64, autonamed: true },
  { example: "IAM role of a training function", suffix: "-train-solution-role", limit: 64, autonamed: true },
  { example: "S3 bucket of the lake", suffix: "-lake-bucket", limit: 63, autonamed: true },
  { example: "Lambda function", suffix: "-authorizer", limit: 64, autonamed: false },
] as const;

/** The longest prefix with which every generated name fits its limit. */
export const MAX_PREFIX_LENGTH = Math.min(
  ...BINDING_NAMES.map((n) => n.limit - n.suffix.length - (n.autonamed ? AUTONAME_SUFFIX_LENGTH : 0)),
);

/** Lower-case, hyphen-separated, safe for S3, Lambda, DynamoDB, Firehose and CloudWatch names. */
export function resourcePrefix(project: string, stack: string): string {
  const slug = (s: string) =>
    s
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, "-")
      .replace(/^-+|-+$/g, "");
  const prefix = `${slug(project)}-${slug(stack)}`;
  if (prefix.length > MAX_PREFIX_LENGTH) {
    const binding = BINDING_NAMES.map((n) => `${n.example} "${prefix}${n.suffix}"`).join(", ");
    throw new Error(
      `project and stack name too long for AWS resource names: "${prefix}" has ${prefix.length} characters, at most ${MAX_PREFIX_LENGTH} fit (${binding})`,
    );
  }
  return prefix;
}

/** Glue and Athena prefer names of lower-case letters, digits and underscores (a hyphen needs quoting in SQL). */
export function glueName(prefix: string): string {
  return prefix.replace(/-/g, "_");
}

/** `recommender-dev` + `ingest` -> `recommender-dev-ingest`. */
export function childName(prefix: string, part: string): string {
  return `${prefix}-${part}`;
}
