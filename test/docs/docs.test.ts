/**
 * The README and docs/ say what a newcomer will type: every `npm run <script>` they show exists, every
 * repository path they name exists, the cheap commands (`--help`) run, and every relative link resolves (to a
 * file, and to a heading when it names one).
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, normalize } from "node:path";
import { describe, expect, it } from "vitest";
import { headingAnchors, inlineCode, linkTargets, shellCommands, simpleCommands } from "./markdown";

const PAGES = [
  "README.md",
  ...readdirSync("docs")
    .filter((name) => name.endsWith(".md"))
    .map((name) => `docs/${name}`),
];
const text = (page: string) => readFileSync(page, "utf8");
const scripts = Object.keys((JSON.parse(readFileSync("package.json", "utf8")) as { scripts: object }).scripts);

/** Top-level entries of the repository, so `infra/index.ts` is a path and `.data/demo` or `dist/` are not. */
const IGNORED = new Set(
  readFileSync(".gitignore", "utf8")
    .split("\n")
    .map((line) => line.trim().replace(/\/$/, ""))
    .filter((line) => line !== "" && !line.includes("*")),
);
const TOP_LEVEL = readdirSync(".").filter((name) => name !== ".git" && !IGNORED.has(name));

/** A word naming a file or folder of the repository (placeholders such as `Pulumi.<stack>.yaml` excepted). */
function repositoryPath(word: string): string | undefined {
  const path = word.replace(/^\.\//, "").replace(/[),.:;]+$/, "");
  if (/[<>{}$*]/.test(path) || path.includes("://")) return undefined;
  const first = path.split("/")[0]!;
  return TOP_LEVEL.includes(first) && (path.includes("/") || first === path) ? path : undefined;
}

/** `npm start`, `npm test`, `npm run x` → the package.json script they need. */
function npmScript(words: readonly string[]): string | undefined {
  if (words[0] !== "npm") return undefined;
  if (words[1] === "start" || words[1] === "test") return words[1];
  return words[1] === "run" || words[1] === "run-script"
    ? words.find((w, i) => i > 1 && !w.startsWith("-"))
    : undefined;
}

describe.each(PAGES)("%s", (page) => {
  const commands = shellCommands(text(page)).flatMap(simpleCommands);

  it("shows only npm scripts that exist", () => {
    const named = commands.map(npmScript).filter((name) => name !== undefined);

    expect(named.filter((name) => !scripts.includes(name))).toEqual([]);
  });

  it("names only repository paths that exist, in its commands and its inline code", () => {
    const words = [...commands.flat(), ...inlineCode(text(page)).flatMap((code) => code.split(/\s+/))];
    const paths = [...new Set(words.map(repositoryPath).filter((path) => path !== undefined))];

    expect(paths.filter((path) => !existsSync(path))).toEqual([]);
  });

  it("links only to files and headings that exist", () => {
    const broken = linkTargets(text(page))
      .filter((target) => !/^[a-z]+:/.test(target))
      .filter((target) => {
        const [file, anchor] = target.split("#");
        const path = file ? normalize(join(dirname(page), file)) : page;
        if (!existsSync(path)) return true;
        return anchor !== undefined && path.endsWith(".md") && !headingAnchors(text(path)).has(anchor);
      });

    expect(broken).toEqual([]);
  });
});

describe("README.md", () => {
  const commands = shellCommands(text("README.md")).flatMap(simpleCommands);

  it("shows the two commands a newcomer starts with", () => {
    expect(commands).toContainEqual(["npm", "ci"]);
    expect(commands).toContainEqual(["npm", "start", "--", "--demo"]);
    expect(commands).toContainEqual(["npm", "test"]);
  });

  const helpCommands = [...commands, ...inlineCode(text("README.md")).flatMap(simpleCommands)].filter(
    (words) => words[0] === "npm" && words.at(-1) === "--help",
  );

  it.each(helpCommands.map((words) => [words.join(" "), words]))("runs %s", (_, words) => {
    const output = execFileSync(words[0]!, [...words.slice(1)], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });

    expect(output).toMatch(/--\w/);
  });
});
