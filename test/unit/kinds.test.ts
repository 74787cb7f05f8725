import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { RESOURCE_KINDS } from "../../provider/kinds.js";

const root = path.resolve(import.meta.dirname, "../..");

describe.each(RESOURCE_KINDS)("resource kind %s", (kind) => {
  it("has a dynamic provider as the default export of provider/<kind>.ts", async () => {
    const file = path.join(root, "provider", `${kind}.ts`);
    const m = (await import(/* @vite-ignore */ file)) as { default: Record<string, unknown> };
    for (const method of ["check", "diff", "create", "read", "update", "delete", "configure"]) {
      expect(typeof m.default[method], method).toBe("function");
    }
  });

  it("has a resource class in sdk/<kind>.ts built on the stub of that kind", async () => {
    const source = await readFile(path.join(root, "sdk", `${kind}.ts`), "utf8");
    expect(source).toContain(`providerStub("${kind}")`);
  });
});

it("the package exports map serves every kind's provider by name", async () => {
  const pkg = JSON.parse(await readFile(path.join(root, "package.json"), "utf8")) as {
    exports: Record<string, unknown>;
  };
  expect(pkg.exports["./provider/*"]).toBe("./dist/provider/*.js");
});
