/**
 * Drives the Pulumi CLI itself (not the Automation API) on user-shaped projects: a folder with
 * Pulumi.yaml, package.json, tsconfig.json and index.ts, with this package installed from its
 * `npm pack` tarball the way `pulumi-airbyte install --from <tarball>` installs a release's.
 */
import { execFile } from "node:child_process";
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { vendorPackage } from "../../cli/install.js";
import { REPO_ROOT } from "./harness.js";

const run = promisify(execFile);

/** The shapes of project the tests make: what `pulumi new typescript` makes, and an ES-module one. */
export type ProjectKind = "commonjs" | "esm";

let tarball: Promise<string> | undefined;

/** Packs the built package once per test process and returns the tarball's path. */
export function packTarball(): Promise<string> {
  tarball ??= (async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "pa-pack-"));
    const { stdout } = await run("npm", ["pack", "--silent", "--pack-destination", dir], {
      cwd: REPO_ROOT,
      maxBuffer: 16 * 1024 * 1024,
    });
    const name = stdout.trim().split("\n").at(-1) ?? "";
    return path.join(dir, name);
  })();
  return tarball;
}

/** A user's project on disk, with its own backend, driven by the CLI. */
export interface CliProject {
  readonly dir: string;
  /** The file backend's folder; "" when the backend is not a folder (`backendUrl`). */
  readonly backendDir: string;
  /** The environment every command of the project runs with. */
  readonly env: NodeJS.ProcessEnv;
  /**
   * Runs `pulumi <args>` in the project; resolves with what it printed, rejects on a non-zero exit.
   * A command still running after `timeoutMs` (default 5 minutes) is killed and counts as failed,
   * so a hang shows up as that command's error with what it printed, not as a silent test timeout.
   */
  pulumi(args: string[], options?: { allowFailure?: boolean; timeoutMs?: number }): Promise<CliResult>;
  /** Everything the CLI printed so far, across all commands. */
  readonly transcript: string[];
  cleanup(): Promise<void>;
}

/** What one CLI command printed, and how it exited. */
export interface CliResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly code: number;
}

/**
 * Makes a project from examples/quickstart in a fresh folder (nothing of this repository
 * beside it), installs its dependencies with this package from the tarball, and creates the
 * stack `dev` on a file backend of its own.
 */
export async function newCliProject(
  kind: ProjectKind,
  options: { program?: string } & ProjectOptions = {},
): Promise<CliProject> {
  const dir = await mkdtemp(path.join(tmpdir(), `pa-user-${kind}-`));
  await copyQuickstart(dir, ["Pulumi.yaml", "index.ts", "package.json", "tsconfig.json"]);
  if (options.program !== undefined) await writeFile(path.join(dir, "index.ts"), options.program);
  if (kind === "esm") await makeEsm(dir);
  const project = await cliProjectAt(dir, options);
  await project.pulumi(["stack", "init", "dev"]);
  return project;
}

/** Copies files of examples/quickstart (the project `pulumi new typescript` makes) into `dir`. */
export async function copyQuickstart(dir: string, files: readonly string[]): Promise<void> {
  const quickstart = path.join(REPO_ROOT, "examples", "quickstart");
  for (const file of files) await cp(path.join(quickstart, file), path.join(dir, file));
}

/**
 * Installs a project's dependencies, with this package from its `npm pack` tarball, the way
 * `pulumi-airbyte install --from <tarball>` does.
 */
export async function installFromTarball(dir: string): Promise<void> {
  const pack = await packTarball();
  // The other dependencies come from npm's cache when it has them (the tests install many projects).
  process.env.npm_config_prefer_offline ??= "true";
  await vendorPackage(dir, { from: pack });
}

/** Where a project's state lives, and the environment its commands run with. */
export interface ProjectOptions {
  /** A file backend's folder shared with another checkout, as a team shares one. */
  readonly backendDir?: string;
  /** Any other backend (an `s3://` URL); the folder backend is then not made. */
  readonly backendUrl?: string;
  /**
   * More environment for every command (a CI runner's own HOME and TMPDIR, the object store's
   * credentials). The dependencies are installed with the test's environment all the same.
   */
  readonly env?: Record<string, string>;
}

/** The folder holding the CLI under test (bin/pulumi), which scripts/test.sh exports. */
export function cliRoot(): string {
  const root = process.env.PULUMI_AIRBYTE_CLI_ROOT;
  if (root === undefined || root === "") {
    throw new Error("PULUMI_AIRBYTE_CLI_ROOT is not set: run the tests with `npm test` (scripts/test.sh)");
  }
  return root;
}

/**
 * A project already on disk (Pulumi.yaml, package.json, index.ts), with its dependencies installed
 * and this package installed from the tarball, on a file backend of its own (or on `backendDir` or
 * `backendUrl`). Its PULUMI_HOME is a folder of its own inside it. Creates no stack.
 */
export async function cliProjectAt(dir: string, options: ProjectOptions = {}): Promise<CliProject> {
  cliRoot();
  const backendDir =
    options.backendUrl !== undefined
      ? ""
      : (options.backendDir ?? (await mkdtemp(path.join(tmpdir(), "pa-cli-backend-"))));
  await installFromTarball(dir);

  const pulumiHome = path.join(dir, ".pulumi-home");
  await mkdir(pulumiHome, { recursive: true });
  return cliProjectWith(
    dir,
    { dir: backendDir, ...(options.backendUrl !== undefined && { url: options.backendUrl }) },
    {
      ...process.env,
      PULUMI_HOME: pulumiHome,
      // Credentials come from the stack's config only.
      AIRBYTE_SERVER_URL: "",
      AIRBYTE_CLIENT_ID: "",
      AIRBYTE_CLIENT_SECRET: "",
      AIRBYTE_BEARER_TOKEN: "",
      ...options.env,
    },
  );
}

/**
 * The CLI driver of a project in `dir` on a backend (the file backend in `backend.dir`, or
 * `backend.url`): every command runs with
 * `env` plus what makes it offline, quiet and non-interactive (backend, passphrase, no update check,
 * no plugin download, no colour). The TypeScript projects above and the plugin's language projects
 * (test/e2e/plugin-projects.ts) share it.
 */
export function cliProjectWith(
  dir: string,
  backend: { readonly dir: string; readonly url?: string },
  env: NodeJS.ProcessEnv,
): CliProject {
  const root = cliRoot();
  const backendDir = backend.dir;
  const fullEnv: NodeJS.ProcessEnv = {
    ...env,
    PULUMI_BACKEND_URL: backend.url ?? `file://${backendDir}`,
    PULUMI_CONFIG_PASSPHRASE: "cli-test-passphrase",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_SKIP_CONFIRMATIONS: "true",
    NO_COLOR: "1",
  };
  const transcript: string[] = [];
  const project: CliProject = {
    dir,
    backendDir,
    env: fullEnv,
    transcript,
    async pulumi(args, options = {}) {
      try {
        const { stdout, stderr } = await run(
          path.join(root, "bin", "pulumi"),
          [...args, "--non-interactive"],
          {
            cwd: dir,
            env: fullEnv,
            maxBuffer: 64 * 1024 * 1024,
            timeout: options.timeoutMs ?? 300_000,
            killSignal: "SIGKILL",
          },
        );
        transcript.push(stdout, stderr);
        return { stdout, stderr, code: 0 };
      } catch (error) {
        const e = error as {
          stdout?: string;
          stderr?: string;
          code?: number;
          killed?: boolean;
          signal?: string;
        };
        const timedOut = e.killed === true && e.signal === "SIGKILL";
        const result = {
          stdout: e.stdout ?? "",
          stderr: `${e.stderr ?? ""}${timedOut ? `\n[test] killed after ${options.timeoutMs ?? 300_000} ms` : ""}`,
          code: typeof e.code === "number" ? e.code : 1,
        };
        transcript.push(result.stdout, result.stderr);
        if (options.allowFailure === true) return result;
        throw new Error(
          `pulumi ${args.join(" ")} exited ${result.code}:\n${result.stdout}\n${result.stderr}`,
        );
      }
    },
    async cleanup() {
      // A plugin of a killed command may still be writing its log for a moment.
      await rm(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
      if (backendDir !== "")
        await rm(backendDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
    },
  };
  return project;
}

/** Turns the quickstart (CommonJS, as `pulumi new typescript` makes it) into an ES-module project. */
async function makeEsm(dir: string): Promise<void> {
  const pkgPath = path.join(dir, "package.json");
  const pkg = JSON.parse(await readFile(pkgPath, "utf8")) as Record<string, unknown>;
  pkg.type = "module";
  await writeFile(pkgPath, `${JSON.stringify(pkg, null, 2)}\n`);
  const tsconfigPath = path.join(dir, "tsconfig.json");
  const tsconfig = JSON.parse(await readFile(tsconfigPath, "utf8")) as {
    compilerOptions: Record<string, unknown>;
  };
  tsconfig.compilerOptions.module = "ES2022";
  tsconfig.compilerOptions.moduleResolution = "bundler";
  await writeFile(tsconfigPath, `${JSON.stringify(tsconfig, null, 2)}\n`);
}

/** The per-operation counts of a `pulumi preview --json` (e.g. `{ same: 4, update: 1 }`). */
export function previewOps(json: string): Record<string, number> {
  const parsed = JSON.parse(json) as { changeSummary?: Record<string, number> };
  return parsed.changeSummary ?? {};
}

/**
 * The operation of each resource that changes in a `pulumi preview --json`, keyed by resource
 * name (the stack, its providers and the resources that stay the same are left out).
 */
export function previewStepOps(json: string): Record<string, string> {
  const parsed = JSON.parse(json) as { steps?: Array<{ op: string; urn: string }> };
  const out: Record<string, string> = {};
  for (const step of parsed.steps ?? []) {
    if (step.op === "same" || /::pulumi:(pulumi:Stack|providers:)/.test(step.urn)) continue;
    const name = step.urn.split("::").at(-1) ?? step.urn;
    out[name] = step.op;
  }
  return out;
}

/** Every file under a folder, concatenated: a backend's state, history and backups, to scan for secrets. */
export async function allFiles(dir: string): Promise<string> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const texts = await Promise.all(
    entries.filter((e) => e.isFile()).map((e) => readFile(path.join(e.parentPath, e.name), "utf8")),
  );
  return texts.join("\n");
}
