/**
 * A strict reader of Personalize training CSV files against a declared Avro schema, for tests: RFC 4180 fields
 * (double quotes around a field holding a comma), header equal to the schema's field names, every value of its
 * field's type, categorical values within Personalize's limit.
 */
import type { AvroSchema } from "../../../domain/personalize/schemas";

export function csvFields(line: string): string[] {
  const fields: string[] = [];
  let at = 0;
  while (at <= line.length) {
    if (line[at] === '"') {
      const end = line.indexOf('"', at + 1);
      if (end < 0) throw new Error(`unterminated quote in ${line}`);
      fields.push(line.slice(at + 1, end));
      at = end + 2;
    } else {
      const end = line.indexOf(",", at);
      fields.push(line.slice(at, end < 0 ? line.length : end));
      at = end < 0 ? line.length + 1 : end + 1;
    }
  }
  return fields;
}

const LONG = /^-?\d+$/;

/** Parses the file, throwing on the first line that does not fit; returns the records as objects. */
export function readAgainstSchema(text: string, schema: AvroSchema): Record<string, string | null>[] {
  if (!text.endsWith("\n")) throw new Error("file does not end with a line break");
  const [header, ...lines] = text.slice(0, -1).split("\n");
  const names = schema.fields.map((f) => f.name);
  if (header !== names.join(",")) throw new Error(`header ${header} is not ${names.join(",")}`);
  return lines.map((line, i) => {
    const values = csvFields(line);
    if (values.length !== names.length) throw new Error(`line ${i + 2}: ${values.length} fields: ${line}`);
    const record: Record<string, string | null> = {};
    for (const [k, field] of schema.fields.entries()) {
      const value = values[k]!;
      const types = typeof field.type === "string" ? [field.type] : field.type;
      if (value === "" && types.includes("null")) {
        record[field.name] = null;
        continue;
      }
      const type = types.find((t) => t !== "null");
      const ok =
        type === "string"
          ? value.length > 0 && (!field.categorical || value.length <= 1000)
          : type === "long"
            ? LONG.test(value) && Number.isSafeInteger(Number(value))
            : Number.isFinite(Number(value)) && value.trim() !== "";
      if (!ok) throw new Error(`line ${i + 2}: ${field.name} ${JSON.stringify(value)} is not a ${type}`);
      record[field.name] = value;
    }
    return record;
  });
}
