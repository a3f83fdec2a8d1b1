/** Tests that need a system engine: found where a developer has it, skipped with one line, never skipped in CI. */
import { chmodSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CHROMIUM, requireSystemEngine, runsInCi } from "./system-engine";

function givenExecutable(name: string): { dir: string; path: string } {
  const dir = mkdtempSync(join(tmpdir(), "system-engine-"));
  const path = join(dir, name);
  writeFileSync(path, "#!/bin/sh\n");
  chmodSync(path, 0o755);
  return { dir, path };
}

function collectNotices() {
  const lines: string[] = [];
  return { lines, notice: (line: string) => lines.push(line) };
}

describe("requireSystemEngine with Chromium", () => {
  it("uses CHROMIUM_PATH when it names an executable, without a notice", async () => {
    const { path } = givenExecutable("my-chrome");
    const { lines, notice } = collectNotices();

    const found = await requireSystemEngine(CHROMIUM, { CHROMIUM_PATH: path, PATH: "" }, notice);

    expect(found).toBe(path);
    expect(lines).toEqual([]);
  });

  it("finds chromium on PATH when CHROMIUM_PATH is unset", async () => {
    const { dir, path } = givenExecutable("chromium");

    expect(await requireSystemEngine(CHROMIUM, { PATH: dir }, () => {})).toBe(path);
  });

  it("skips with one line saying what to install when CHROMIUM_PATH names nothing", async () => {
    const { dir } = givenExecutable("chromium");
    const { lines, notice } = collectNotices();

    const found = await requireSystemEngine(CHROMIUM, { CHROMIUM_PATH: "/nonexistent", PATH: dir }, notice);

    expect(found).toBeUndefined();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("CHROMIUM_PATH=/nonexistent");
    expect(lines[0]).toContain("apt-get install chromium");
  });

  it("fails under CI=true instead of skipping", async () => {
    const { lines, notice } = collectNotices();

    const attempt = requireSystemEngine(CHROMIUM, { CHROMIUM_PATH: "/nonexistent", CI: "true" }, notice);

    await expect(attempt).rejects.toThrow(/Chromium not found .*apt-get install chromium/);
    expect(lines).toEqual([]);
  });

  it("treats CI=false and an empty CI as a developer machine", () => {
    expect([runsInCi({ CI: "true" }), runsInCi({ CI: "1" }), runsInCi({ CI: "false" }), runsInCi({ CI: "" })]).toEqual([
      true,
      true,
      false,
      false,
    ]);
  });
});
