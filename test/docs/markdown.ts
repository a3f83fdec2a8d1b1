/**
 * What the documentation tests read out of Markdown: shell commands of fenced `bash`/`sh` blocks, inline code
 * spans, links, and the anchors GitHub gives headings. Enough Markdown for our pages, not a general parser.
 */

const SHELL_FENCE = /^```(bash|sh|shell)\s*$/;

/** Each command line of the shell blocks, continuations joined, comments removed. */
export function shellCommands(markdown: string): string[] {
  const commands: string[] = [];
  let inShell = false;
  let inFence = false;
  let pending = "";
  for (const line of markdown.split("\n")) {
    if (line.startsWith("```")) {
      inShell = !inFence && SHELL_FENCE.test(line);
      inFence = !inFence;
      continue;
    }
    if (!inShell) continue;
    const text = withoutComment(line);
    if (text.trimEnd().endsWith("\\")) {
      pending += `${text.trimEnd().slice(0, -1)} `;
      continue;
    }
    const command = (pending + text).trim();
    pending = "";
    if (command !== "") commands.push(command);
  }
  return commands;
}

/** The simple commands of a command line (split on `&&`, `||`, `;` and `|` outside quotes). */
export function simpleCommands(line: string): string[][] {
  const commands: string[][] = [[]];
  for (const token of tokens(line)) {
    if (["&&", "||", ";", "|"].includes(token)) commands.push([]);
    else commands[commands.length - 1]!.push(token);
  }
  return commands.filter((words) => words.length > 0);
}

/** Words of a shell line with quotes removed; operators are their own words. */
function tokens(line: string): string[] {
  const words: string[] = [];
  let word = "";
  let quote: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === quote) quote = null;
      else word += c;
    } else if (c === "'" || c === '"') {
      quote = c;
    } else if (/\s/.test(c)) {
      if (word) words.push(word);
      word = "";
    } else if ("&|;".includes(c)) {
      if (word) words.push(word);
      word = "";
      const double = line[i + 1] === c && c !== ";";
      words.push(double ? c + c : c);
      if (double) i++;
    } else {
      word += c;
    }
  }
  if (word) words.push(word);
  return words;
}

/** A shell comment starts with `#` at a word start outside quotes. */
function withoutComment(line: string): string {
  let quote: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === "'" || c === '"') {
      quote = c;
    } else if (c === "#" && (i === 0 || /\s/.test(line[i - 1]!))) {
      return line.slice(0, i);
    }
  }
  return line;
}

/** Markdown without fenced blocks: what inline code and links are looked for in. */
function prose(markdown: string): string {
  let inFence = false;
  return markdown
    .split("\n")
    .filter((line) => {
      if (line.startsWith("```")) inFence = !inFence;
      return !inFence && !line.startsWith("```");
    })
    .join("\n");
}

export function inlineCode(markdown: string): string[] {
  return [...prose(markdown).matchAll(/`([^`\n]+)`/g)].map((m) => m[1]!);
}

/** Targets of `[text](target)` links, outside code. */
export function linkTargets(markdown: string): string[] {
  const text = prose(markdown).replace(/`[^`\n]*`/g, "");
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!);
}

/** The anchors GitHub derives from a page's headings (`## The trained model (EASE)` → `the-trained-model-ease`). */
export function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const match of prose(markdown).matchAll(/^#{1,6} (.+)$/gm)) {
    const base = match[1]!
      .trim()
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, "")
      .replace(/\s/g, "-");
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  return anchors;
}
