import { mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
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

/**
 * Gives every gRPC channel an inline program opens to its engine a subchannel pool of its own.
 *
 * Why: each inline run's channels to its engine are never closed (@pulumi/pulumi 3.276.0 keeps them
 * in the run's own store, which `disconnect` does not close). After a run the engine refused, its
 * resource-monitor channel keeps reconnecting to the dead engine's port, in TRANSIENT_FAILURE.
 * grpc-js shares subchannels between channels to one address, so when a later engine of the same
 * test process listens on that port, the new run's first call fails at once with "14 UNAVAILABLE:
 * No connection established", and the Automation API's language server takes that gRPC error for
 * the program's end: the run registers nothing, so its preview passes and its `up` deletes the
 * stack's objects. `test/e2e/inline-runs.test.ts` reproduces it. Programs run by the CLI (a
 * process per run) never share a channel, so users of the package are not affected.
 */
export function isolateEngineChannels(): void {
  const settings = createRequire(import.meta.url)("@pulumi/pulumi/runtime/settings.js") as {
    grpcClientOptions?: Record<string, unknown>;
  };
  if (settings.grpcClientOptions === undefined) {
    throw new Error(
      "@pulumi/pulumi/runtime/settings.js no longer exports grpcClientOptions: see isolateEngineChannels in test/e2e/harness.ts",
    );
  }
  settings.grpcClientOptions["grpc.use_local_subchannel_pool"] = 1;
}

isolateEngineChannels();

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
  const started = { runs: 0 };
  const open = async (prog: PulumiFn, projectDir: string): Promise<Stack> => {
    const counted: PulumiFn = () => {
      started.runs++;
      return prog();
    };
    const stack = await LocalWorkspace.createOrSelectStack(
      { stackName, projectName, program: counted },
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
    return programMustRun(stack, started);
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

/** Thrown when an `up` or a `preview` succeeded without running the program. */
export class ProgramNotRunError extends Error {
  constructor(operation: string) {
    super(
      `${operation} succeeded, but the inline program never ran: the run's first calls to its engine failed, and the Automation API's language server (@pulumi/pulumi 3.276.0) takes a gRPC error for the program's end. The engine then plans to delete every resource the program did not register.`,
    );
    this.name = "ProgramNotRunError";
  }
}

/**
 * The stack, with `up` and `preview` failing with {@link ProgramNotRunError} when they succeeded
 * but the program never started (`started.runs` did not move): a run that registered nothing
 * would otherwise pass as a preview of deletes, or as an `up` that deleted the stack's objects.
 */
export function programMustRun(stack: Stack, started: { readonly runs: number }): Stack {
  return new Proxy(stack, {
    get(target, key, receiver) {
      const value: unknown = Reflect.get(target, key, receiver);
      if ((key !== "up" && key !== "preview") || typeof value !== "function") return value;
      return async (...args: unknown[]) => {
        const before = started.runs;
        const result: unknown = await value.apply(target, args);
        if (started.runs === before) throw new ProgramNotRunError(key);
        return result;
      };
    },
  });
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
