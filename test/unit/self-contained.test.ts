/**
 * The project must work from a fresh clone with nothing beside it: no source, test or script may
 * reach into a `shared` folder next to the repository. Data the project needs is copied in
 * (data/) instead.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../..");
// Spelled in pieces so that this file does not match itself.
const FORBIDDEN = [`..${"/"}shared`, `/shared${"/"}airbyte-api`];
// CI's entry point may use a Go module proxy kept beside the clone when there is one, and works
// without it; nothing else may look there.
const ALLOWED = new Set([".ci/run"]);

it("no tracked or new file reads from a folder outside the repository", () => {
  // Untracked files count too (unless ignored), so the guard fires before the commit.
  const files = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
    cwd: root,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  })
    .split("\0")
    .filter((f) => f !== "" && !/(^|\/)(node_modules|dist)\//.test(f) && !ALLOWED.has(f));
  expect(files.length).toBeGreaterThan(50);
  const offenders = files.filter((f) => {
    let text: string;
    try {
      text = readFileSync(join(root, f), "utf8");
    } catch {
      return false; // listed but gone (deleted in the work tree): nothing to read
    }
    return FORBIDDEN.some((s) => text.includes(s));
  });
  expect(offenders).toEqual([]);
});
