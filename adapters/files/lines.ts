/**
 * Splits a byte stream into lines, yielding them in batches (one batch per chunk read). A final line without a
 * line break is still a line. Decoding is streaming UTF-8, so a character split across chunks stays whole.
 */
import { StringDecoder } from "node:string_decoder";

export async function* lineBatches(chunks: AsyncIterable<Buffer | Uint8Array | string>): AsyncGenerator<string[]> {
  const decoder = new StringDecoder("utf8");
  let rest = "";
  for await (const chunk of chunks) {
    const text = rest + (typeof chunk === "string" ? chunk : decoder.write(Buffer.from(chunk)));
    const lines = text.split("\n");
    rest = lines.pop() ?? "";
    if (lines.length > 0) yield lines;
  }
  rest += decoder.end();
  if (rest !== "") yield [rest];
}
