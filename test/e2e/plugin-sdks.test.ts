/**
 * The native plugin's SDKs in sdk-native/ are what the Pulumi CLI's generator makes from
 * plugin/schema.json today (test/unit/plugin-schema.test.ts proves the schema current): generated
 * again into a temporary folder by the same script, every file must be there with the same text.
 */
import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, it } from "vitest";
import { REPO_ROOT } from "./harness.js";

const run = promisify(execFile);
const committed = path.join(REPO_ROOT, "sdk-native");
let generated: string;

/** The files under a folder, by path relative to it, with their text. */
async function tree(dir: string): Promise<Map<string, string>> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
  return new Map(
    await Promise.all(
      files.map(async (f) => [path.relative(dir, f), await readFile(f, "utf8")] as [string, string]),
    ),
  );
}

beforeAll(async () => {
  generated = await mkdtemp(path.join(tmpdir(), "pa-sdks-"));
  await run("bash", [path.join(REPO_ROOT, "scripts", "generate-plugin-sdks.sh"), generated], {
    cwd: REPO_ROOT,
  });
}, 120_000);

afterAll(async () => {
  if (generated !== undefined) await rm(generated, { recursive: true, force: true });
});

it.each(["python", "go", "nodejs"])(
  "sdk-native/%s is what `pulumi package gen-sdk` makes from plugin/schema.json (else: npm run generate:plugin)",
  async (lang) => {
    const want = await tree(path.join(generated, lang));
    const have = await tree(path.join(committed, lang));
    expect([...have.keys()].sort()).toEqual([...want.keys()].sort());
    const stale = [...want].filter(([file, text]) => have.get(file) !== text).map(([file]) => file);
    expect(stale).toEqual([]);
    expect(want.size).toBeGreaterThan(10);
  },
);
