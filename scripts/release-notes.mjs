#!/usr/bin/env node
// Prints the CHANGELOG.md section of a release tag's version (the GitHub release's notes), and
// fails, saying why, when the tag is not `v<package.json's version>` or CHANGELOG.md has no
// section for that version. The release workflow runs it before testing anything.
// Usage: node scripts/release-notes.mjs v0.1.0
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const tag = process.argv[2] ?? "";
const { version } = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"));

if (tag !== `v${version}`) {
  console.error(
    `The tag "${tag}" does not name package.json's version ${version}: tag v${version}, or change the version first.`,
  );
  process.exit(1);
}
const changelog = readFileSync(path.join(root, "CHANGELOG.md"), "utf8");
const heading = `## [${version}]`;
const start = changelog.split("\n").findIndex((line) => line.startsWith(heading));
if (start < 0) {
  console.error(`CHANGELOG.md has no "${heading}" section: write what ${version} changes before tagging it.`);
  process.exit(1);
}
const lines = changelog.split("\n").slice(start + 1);
const end = lines.findIndex((line) => line.startsWith("## "));
process.stdout.write(`${(end < 0 ? lines : lines.slice(0, end)).join("\n").trim()}\n`);
