import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  type ConfigMap,
  LocalWorkspace,
  PulumiCommand,
  type PulumiFn,
  type Stack,
} from "@pulumi/pulumi/automation/index.js";
import { type Emulator, startEmulator } from "../../emulator/index.js";

/** The repository root: the folder with package.json, dist/ and node_modules/. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

const cliRoot = process.env.PULUMI_AIRBYTE_CLI_ROOT;

/** The Pulumi CLI found by scripts/test.sh (a compatible one on PATH, or the one built from Go). */
export async function pulumiCommand(): Promise<PulumiCommand> {
  if (cliRoot === undefined || cliRoot === "") {
    throw new Error("PULUMI_AIRBYTE_CLI_ROOT is not set: run the tests with `npm test` (scripts/test.sh)");
  }
  return PulumiCommand.get({ root: cliRoot });
}

/** What a test gets from {@link newStack}. */
export interface TestStack {
  readonly stack: Stack;
  /** The file backend's folder (holds the state). */
  readonly backendDir: string;
  /** Re-opens the same stack with another program, or from another project folder. */
  reopen(program: PulumiFn, projectDir?: string): Promise<Stack>;
  /** Removes the stack's temporary folders. */
  cleanup(): Promise<void>;
}

/** Options of {@link newStack}. */
export interface StackOptions {
  /** The folder the dynamic provider runs in (needs dist/ and node_modules/); defaults to the repo. */
  projectDir?: string;
  /** Extra stack config; Airbyte credentials for the emulator are set unless `credentials: false`. */
  config?: ConfigMap;
  credentials?: boolean;
  /** Extra environment for the CLI and the provider. */
  env?: Record<string, string>;
}

/**
 * A fresh stack on a temporary file backend, with the emulator's URL and credentials in its
 * config (the secret as a secret). Runs the real Pulumi engine through the Automation API.
 */
export async function newStack(
  emulator: Emulator,
  program: PulumiFn,
  options: StackOptions = {},
): Promise<TestStack> {
  const backendDir = await mkdtemp(path.join(tmpdir(), "pa-backend-"));
  // Stack config lives in <workDir>/Pulumi.<stack>.yaml, so every reopening shares one workDir.
  const workDir = await mkdtemp(path.join(tmpdir(), "pa-work-"));
  const dirs: string[] = [backendDir, workDir];
  const stackName = "test";
  const projectName = "pulumi-airbyte-test";
  const cmd = await pulumiCommand();
  const open = async (prog: PulumiFn, projectDir: string): Promise<Stack> => {
    return LocalWorkspace.createOrSelectStack(
      { stackName, projectName, program: prog },
      {
        workDir,
        pulumiCommand: cmd,
        projectSettings: { name: projectName, runtime: "nodejs", main: projectDir },
        envVars: {
          PULUMI_BACKEND_URL: `file://${backendDir}`,
          PULUMI_CONFIG_PASSPHRASE: "test-passphrase",
          PULUMI_HOME: path.join(REPO_ROOT, ".pulumi-home"),
          PULUMI_SKIP_UPDATE_CHECK: "true",
          PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
          PATH: `${path.join(cliRoot ?? "", "bin")}:${process.env.PATH ?? ""}`,
          // The provider must get its credentials from stack config, never from the test's env.
          AIRBYTE_SERVER_URL: "",
          AIRBYTE_CLIENT_ID: "",
          AIRBYTE_CLIENT_SECRET: "",
          AIRBYTE_BEARER_TOKEN: "",
          ...options.env,
        },
      },
    );
  };
  const stack = await open(program, options.projectDir ?? REPO_ROOT);
  const config: ConfigMap = {};
  if (options.credentials !== false) {
    config["airbyte:serverUrl"] = { value: emulator.url };
    config["airbyte:clientId"] = { value: emulator.clientId };
    config["airbyte:clientSecret"] = { value: emulator.clientSecret, secret: true };
  }
  Object.assign(config, options.config);
  await stack.setAllConfig(config);
  return {
    stack,
    backendDir,
    reopen: (prog, projectDir) => open(prog, projectDir ?? options.projectDir ?? REPO_ROOT),
    async cleanup() {
      await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
    },
  };
}

/** Starts an emulator for a test file; the caller closes it in `afterAll`. */
export function emulator(options: Parameters<typeof startEmulator>[0] = {}): Promise<Emulator> {
  return startEmulator(options);
}

/** The requests of one verb and path pattern in the emulator's log. */
export function requestsTo(emu: Emulator, method: string, pathPattern: RegExp) {
  return emu.requests.filter((r) => r.method === method && pathPattern.test(r.path));
}

/** Calls the emulator's API directly, as someone changing things out of band would. */
export async function outOfBand(
  emu: Emulator,
  method: string,
  apiPath: string,
  body?: unknown,
): Promise<unknown> {
  const response = await fetch(`${emu.url}${apiPath}`, {
    method,
    headers: { authorization: `Bearer ${emu.issueToken()}`, "content-type": "application/json" },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${apiPath}: ${response.status} ${text}`);
  return text === "" ? undefined : JSON.parse(text);
}

/**
 * The stack's state exactly as the backend stores it (secrets encrypted), unlike
 * `exportStack()`, which decrypts them.
 */
export async function rawState(
  t: TestStack,
  projectName = "pulumi-airbyte-test",
  stackName = "test",
): Promise<string> {
  const { readFile } = await import("node:fs/promises");
  return readFile(path.join(t.backendDir, ".pulumi", "stacks", projectName, `${stackName}.json`), "utf8");
}

/** A resource's outputs in the (decrypted) exported state, by type name such as "Workspace". */
export async function outputsOf(stack: Stack, type: string, name?: string): Promise<Record<string, unknown>> {
  const resources = (await stack.exportStack()).deployment.resources as Array<{
    type: string;
    urn: string;
    outputs: Record<string, unknown>;
  }>;
  const found = resources.find(
    (r) =>
      r.type === `pulumi-nodejs:dynamic/airbyte:${type}` &&
      (name === undefined || r.urn.endsWith(`::${name}`)),
  );
  if (found === undefined) throw new Error(`no ${type} ${name ?? ""} in state`);
  // Exported secrets come as {<sig>: ..., plaintext: "<json>"}: unwrap them.
  const unwrap = (v: unknown): unknown =>
    v !== null && typeof v === "object" && "plaintext" in v
      ? JSON.parse(String((v as { plaintext: unknown }).plaintext))
      : v;
  return Object.fromEntries(Object.entries(found.outputs).map(([k, v]) => [k, unwrap(v)]));
}
