/**
 * The client knows nothing of Pulumi: it may be used from any program, so no file of provider/api names a
 * stack-config key or the provider's environment variables, and none imports from outside provider/api.
 * Advice that names them is the provider's (provider/settings.ts hands it in as `errorHint`).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";

const dir = join(import.meta.dirname, "../../provider/api");
const files = readdirSync(dir).filter((f) => f.endsWith(".ts"));

it("has files to check", () => {
  expect(files.length).toBeGreaterThan(10);
});

it.each(files)("%s names no Pulumi setting", (file) => {
  const text = readFileSync(join(dir, file), "utf8");
  expect(text).not.toMatch(/airbyte:[a-zA-Z]|AIRBYTE_[A-Z]|@pulumi\//);
});

it.each(files)("%s imports only its siblings and packages", (file) => {
  const text = readFileSync(join(dir, file), "utf8");
  const relative = [...text.matchAll(/from "(\.[^"]*)"/g)].map((m) => m[1]);
  expect(relative.filter((p) => !p?.startsWith("./"))).toEqual([]);
});
