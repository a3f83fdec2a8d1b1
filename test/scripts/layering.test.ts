/**
 * Dependencies point inwards, towards what is deployed: infra/ may import the handlers and adapters it ships,
 * but code that runs in a Lambda or the local server never imports the Pulumi program (it would pull Pulumi
 * into a bundle, and tie runtime code to one way of deploying it). domain/ has its own, stricter check.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

const importsOfInfra = (path: string) =>
  [...readFileSync(path, "utf8").matchAll(/from\s+["']((?:\.\.\/)+infra\/[^"']*)["']/g)].map((m) => `${path}: ${m[1]}`);

describe("layering", () => {
  it.each(["handlers", "adapters", "domain"])("%s/ never imports infra/", (layer) => {
    expect(sourceFiles(layer).flatMap(importsOfInfra)).toEqual([]);
  });
});
