/**
 * `npm run demo`: starts the Airbyte API emulator with a data folder, then runs `pulumi up` on
 * this repository's Pulumi project (Pulumi.yaml → examples/demo) with the Pulumi CLI, as a user
 * runs it, against that emulator, and leaves the stack in place. `npm run demo -- destroy` tears it
 * down, `npm run demo -- preview` shows the plan. Where no Node.js language host can be had, the
 * same program runs through the Automation API instead, which needs none.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { LocalWorkspace, PulumiCommand } from "@pulumi/pulumi/automation/index.js";
import { type Emulator, startEmulator } from "pulumi-airbyte/emulator";
import { pipeline } from "./program.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const port = Number(process.env.DEMO_EMULATOR_PORT ?? 18_080);
const action = process.argv[2] ?? "up";
const STACK = "demo";
// The emulator's data and the stack's files live in .demo/ (DEMO_DIR), not in the repository:
// the CLI runs on a copy of the repository's Pulumi.yaml there (its `main` made absolute), so
// the stack's config file, which holds this machine's emulator credentials, stays out of git.
const demoDir = process.env.DEMO_DIR ?? path.join(root, ".demo");
const dataDir = path.join(demoDir, "emulator");
const projectDir = path.join(demoDir, "project");

/** Copies the repository's Pulumi.yaml into the demo's project folder, with an absolute `main`. */
async function prepareProject(): Promise<void> {
  const text = await readFile(path.join(root, "Pulumi.yaml"), "utf8");
  await mkdir(projectDir, { recursive: true });
  await writeFile(
    path.join(projectDir, "Pulumi.yaml"),
    text.replace(/^main: (.*)$/m, (_line, main: string) => `main: ${path.join(root, main.trim())}`),
  );
}

/** Runs the Pulumi CLI on the demo project, its output going straight to the terminal. */
function pulumi(cliRoot: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(cliRoot, "bin", "pulumi"), args, { cwd: projectDir, stdio: "inherit" });
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`pulumi ${args.join(" ")} exited with ${code}`)),
    );
  });
}

/** True when `pulumi up` on a project folder can start a Node.js program. */
function haveLanguageHost(): boolean {
  return spawnSync("sh", ["-c", "command -v pulumi-language-nodejs"], { stdio: "ignore" }).status === 0;
}

async function withCli(cliRoot: string, emulator: Emulator): Promise<void> {
  await prepareProject();
  await pulumi(cliRoot, ["stack", "select", "--create", STACK, "--non-interactive"]);
  const config = ["--stack", STACK];
  await pulumi(cliRoot, ["config", "set", ...config, "airbyte:serverUrl", emulator.url]);
  await pulumi(cliRoot, ["config", "set", ...config, "airbyte:clientId", emulator.clientId]);
  await pulumi(cliRoot, [
    "config",
    "set",
    ...config,
    "--secret",
    "airbyte:clientSecret",
    emulator.clientSecret,
  ]);
  const verb =
    action === "destroy" ? ["destroy", "--yes"] : action === "preview" ? ["preview"] : ["up", "--yes"];
  await pulumi(cliRoot, [...verb, ...config, "--non-interactive"]);
  if (action === "up") {
    await pulumi(cliRoot, ["stack", "output", "--stack", STACK]);
    console.log(
      "\nThe stack stays deployed. Inspect it with `npm run pulumi -- stack output --stack demo`;" +
        " remove it with `npm run demo -- destroy`.",
    );
  }
}

async function withAutomationApi(cliRoot: string, emulator: Emulator): Promise<void> {
  const stack = await LocalWorkspace.createOrSelectStack(
    { stackName: STACK, projectName: "pulumi-airbyte-demo", program: async () => pipeline() },
    { workDir: demoDir, pulumiCommand: await PulumiCommand.get({ root: cliRoot }) },
  );
  await stack.setAllConfig({
    "airbyte:serverUrl": { value: emulator.url },
    "airbyte:clientId": { value: emulator.clientId },
    "airbyte:clientSecret": { value: emulator.clientSecret, secret: true },
  });
  const onOutput = (line: string) => process.stdout.write(line.endsWith("\n") ? line : `${line}\n`);
  if (action === "destroy") await stack.destroy({ onOutput });
  else if (action === "preview") await stack.preview({ onOutput });
  else await stack.up({ onOutput });
}

async function main(): Promise<void> {
  const cliRoot = process.env.PULUMI_AIRBYTE_CLI_ROOT;
  if (cliRoot === undefined) throw new Error("run the demo with `npm run demo` (scripts/demo.sh)");
  if (!["up", "preview", "destroy"].includes(action)) {
    throw new Error(`unknown action "${action}": use up (default), preview or destroy`);
  }
  const emulator = await startEmulator({ port, dataDir });
  console.log(`Airbyte API emulator at ${emulator.url} (state in ${path.relative(root, dataDir)})`);
  try {
    if (haveLanguageHost()) {
      await withCli(cliRoot, emulator);
    } else {
      console.log(
        "No Node.js language host (pulumi-language-nodejs) on PATH: running the same program through the Automation API instead of `pulumi up`.",
      );
      await withAutomationApi(cliRoot, emulator);
    }
  } finally {
    await emulator.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
