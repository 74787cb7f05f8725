/**
 * The emulator's command line built on its own into a scratch folder laid out like the package
 * (`bin/` next to `dist/`, the shipped data at `data/` as package.json "files" lists it),
 * for tests that run it as a separate process.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { copyFileSync, cpSync, mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";

const root = resolve(import.meta.dirname, "../..");

/** Builds `emulator/cli.ts` and its modules into `dir`; dependencies resolve from the project's. */
export function buildEmulatorCli(dir: string): void {
  const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
  execFileSync(process.execPath, [
    tsc,
    ...["--outDir", join(dir, "dist/emulator"), "--rootDir", join(root, "emulator")],
    ...["--module", "NodeNext", "--moduleResolution", "NodeNext", "--target", "ES2023", "--types", "node"],
    ...["--strict", "--skipLibCheck", "--verbatimModuleSyntax"],
    join(root, "emulator/cli.ts"),
  ]);
  mkdirSync(join(dir, "bin"));
  copyFileSync(join(root, "bin/airbyte-emulator.js"), join(dir, "bin/airbyte-emulator.js"));
  cpSync(join(root, "data"), join(dir, "data"), { recursive: true });
  writeFileSync(join(dir, "package.json"), JSON.stringify({ type: "module" }));
  execFileSync("ln", ["-s", join(root, "node_modules"), join(dir, "node_modules")]);
}

/** What the command line prints once it listens. */
export interface CliInfo {
  url: string;
  selfManagedUrl: string;
  clientId: string;
  clientSecret: string;
}

/** Starts the built command line with `args` and resolves with the process and its first line. */
export async function runEmulatorCli(
  dir: string,
  args: readonly string[],
): Promise<{ child: ChildProcess; info: CliInfo }> {
  const child = spawn(process.execPath, [join(dir, "bin/airbyte-emulator.js"), ...args], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const line = await new Promise<string>((res, rej) => {
    createInterface({ input: child.stdout! }).once("line", res);
    child.once("exit", (code) => rej(new Error(`emulator exited ${code}`)));
  });
  return { child, info: JSON.parse(line) as CliInfo };
}
