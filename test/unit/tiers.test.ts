/**
 * Every test file runs in exactly one tier (vitest.config.ts): a file outside every tier's
 * `include` would never run, not even in CI.
 */
import { globSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import config from "../../vitest.config.js";

const root = path.resolve(import.meta.dirname, "../..");

it("puts every test file in exactly one tier", () => {
  const tiers = (config.test?.projects ?? []).map((project) => {
    if (typeof project !== "object" || project instanceof Promise || typeof project === "function") {
      throw new Error("vitest.config.ts declares its tiers inline");
    }
    return { name: project.test?.name, include: project.test?.include ?? [] };
  });
  expect(tiers.map((t) => t.name)).toEqual(["fast", "engine", "slow"]);
  const tierOf = new Map<string, string[]>();
  for (const tier of tiers) {
    for (const file of tier.include.flatMap((pattern) => globSync(pattern, { cwd: root }))) {
      tierOf.set(file, [...(tierOf.get(file) ?? []), String(tier.name)]);
    }
  }
  const files = globSync("test/**/*.test.ts", { cwd: root });
  expect(files.length).toBeGreaterThan(50);
  expect(files.filter((f) => tierOf.get(f)?.length !== 1)).toEqual([]);
});
