/**
 * Physical names of the stack's resources. Every name carries the project and the stack, so two stacks in one
 * account (dev and prod, or two developers' stacks) never collide.
 */

/** Lower-case, hyphen-separated, safe for S3, Lambda, DynamoDB, Firehose and CloudWatch names. */
export function resourcePrefix(project: string, stack: string): string {
  const slug = (s: string) =>
    s
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, "-")
      .replace(/^-+|-+$/g, "");
  const prefix = `${slug(project)}-${slug(stack)}`;
  if (prefix.length > 40) throw new Error(`project and stack name too long for AWS resource names: "${prefix}"`);
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
