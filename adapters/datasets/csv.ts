/**
 * A small RFC 4180 reader: comma-separated fields, double-quoted fields may hold commas, quotes ("") and
 * line breaks (MovieLens titles such as "American President, The (1995)"). Enough for the data sets we read;
 * no dependency for it.
 */

/** Every record of `text` as its fields; blank lines are skipped, CRLF and LF both end a record. */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let fields: string[] = [];
  let field = "";
  let quoted = false;
  let i = 0;
  const endRecord = () => {
    fields.push(field);
    if (fields.length > 1 || fields[0] !== "") records.push(fields);
    fields = [];
    field = "";
  };
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === "") quoted = true;
    else if (c === ",") {
      fields.push(field);
      field = "";
    } else if (c === "\n") endRecord();
    else if (c !== "\r") field += c;
    i++;
  }
  if (field !== "" || fields.length > 0) endRecord();
  return records;
}

/** Records as objects keyed by the header row's names. */
export function parseCsvWithHeader(text: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text);
  if (!header) return [];
  return rows.map((row) => Object.fromEntries(header.map((name, i) => [name.trim(), row[i] ?? ""])));
}

/** A tag from free text: lower case, apostrophes dropped, every other run of non-alphanumerics one dash. */
export function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/'/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}
