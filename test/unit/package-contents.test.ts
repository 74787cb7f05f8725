/**
 * What `npm pack` puts in the tarball: what users run, and nothing else. The demo and the
 * benchmarks compile into build/ (tsconfig.programs.json), which does not ship; dist/ holds the
 * package's own folders only (tsconfig.build.json).
 */
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { beforeAll, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
const run = promisify(execFile);

/** The folders of the package's code, each compiled to dist/<folder>/. */
const PACKAGE_FOLDERS = ["cli", "emulator", "native", "plugin", "policy", "provider", "sdk"];

let files: string[];

beforeAll(async () => {
  const { stdout } = await run("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], {
    cwd: root,
    maxBuffer: 64 * 1024 * 1024,
  });
  const [pack] = JSON.parse(stdout) as Array<{ files: Array<{ path: string }> }>;
  files = (pack?.files ?? []).map((f) => f.path);
}, 60_000);

it("holds the compiled package, its launchers and its data", () => {
  const tops = new Set(
    files.map((f) => (f.startsWith("dist/") ? f.split("/").slice(0, 2).join("/") : f.split("/")[0])),
  );
  expect([...tops].sort()).toEqual(
    [
      ...PACKAGE_FOLDERS.map((f) => `dist/${f}`),
      "bin",
      "data",
      "docs",
      "package.json",
      "README.md",
      "CHANGELOG.md",
      "LICENSE",
    ].sort(),
  );
});

it("holds no test, no example and no TypeScript source", () => {
  expect(files.filter((f) => /^dist\/(test|examples)\//.test(f))).toEqual([]);
  expect(files.filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"))).toEqual([]);
});

it("holds every file that package.json's main, types, exports and bin name", async () => {
  const pkg = JSON.parse(await readFile(path.join(root, "package.json"), "utf8")) as {
    main: string;
    types: string;
    bin: Record<string, string>;
    exports: Record<string, string | Record<string, string>>;
  };
  const named = [
    pkg.main,
    pkg.types,
    ...Object.values(pkg.bin),
    ...Object.values(pkg.exports).flatMap((target) =>
      typeof target === "string" ? [target] : Object.values(target),
    ),
  ]
    .filter((target) => !target.includes("*"))
    .map((target) => path.posix.normalize(target));
  expect(named.filter((target) => !files.includes(target))).toEqual([]);
  // The wildcard export serves the providers.
  expect(files).toContain("dist/provider/source.js");
});
