/**
 * User-shaped projects of the native plugin (airbyte-native) in the languages other than
 * TypeScript, driven by the Pulumi CLI: a folder outside the repository holding what a user writes
 * (Pulumi.yaml; __main__.py and a virtualenv; main.go and go.mod), the SDK installed as a user
 * installs it (the Python wheel with pip; the Go module by go.mod), and the plugin installed from
 * its archive with `pulumi plugin install --file` into the project's own PULUMI_HOME.
 *
 * What each language needs is set up once per test process, on demand: its language host and SDK
 * (scripts/setup-languages.sh), the plugin archive (scripts/package-plugin.mjs) and, for Python,
 * the wheel (scripts/package-python.sh).
 */
import { execFile, spawn } from "node:child_process";
import { chmod, cp, mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import type { Emulator } from "../../emulator/index.js";
import { pin } from "../pulumi-pins.js";
import { type CliProject, cliProjectWith, cliRoot, copyQuickstart, installFromTarball } from "./cli.js";
import { REPO_ROOT } from "./harness.js";

const run = promisify(execFile);

/** The languages the helpers make projects in (TypeScript: the plugin's own SDK, `pulumi-airbyte/native`). */
export type PluginLanguage = "yaml" | "python" | "go" | "typescript";

/**
 * Which plugin archive a project installs: the bundle that runs on the Node.js on PATH, or the
 * single executable that needs none (Node's single executable applications).
 */
export type PluginBuild = "node" | "single-file";

/** The package's (and so the plugin's and the SDKs') version. */
export async function pluginVersion(): Promise<string> {
  const pkg = JSON.parse(await readFile(path.join(REPO_ROOT, "package.json"), "utf8")) as { version: string };
  return pkg.version;
}

/** Runs a command of the repository's, its progress lines on this process's stderr; resolves with its stdout. */
function script(command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "inherit"] });
    let stdout = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) resolve(stdout);
      else reject(new Error(`${command} ${args.join(" ")} exited ${code}: see the lines above`));
    });
  });
}

/** What scripts/setup-languages.sh answers for a language. */
export interface LanguageSetup {
  /** The folders to put on PATH for its language host. */
  readonly pathDirs: readonly string[];
  /** The virtualenv holding the Python SDK (Python only). */
  readonly pythonVenv?: string;
}

const setups = new Map<PluginLanguage, Promise<LanguageSetup>>();

/** The language's host and SDK, built or installed once (scripts/setup-languages.sh). */
export function setUpLanguage(language: PluginLanguage): Promise<LanguageSetup> {
  // The Node.js host comes with the CLI (`npm test`'s set-up).
  if (language === "typescript") return Promise.resolve({ pathDirs: [] });
  let setup = setups.get(language);
  if (setup === undefined) {
    setup = script("bash", [path.join(REPO_ROOT, "scripts", "setup-languages.sh"), language]).then((out) => {
      const lines = out.split("\n").map((l) => l.split("=", 2) as [string, string | undefined]);
      const venv = lines.find(([k]) => k === "python-venv")?.[1];
      return {
        pathDirs: lines.filter(([k, v]) => k === "path" && v !== undefined).map(([, v]) => v as string),
        ...(venv !== undefined && { pythonVenv: venv }),
      };
    });
    setups.set(language, setup);
  }
  return setup;
}

const archives = new Map<PluginBuild, Promise<string>>();

/** The plugin archive of a build, packed once per process into a folder of its own. */
export function pluginArchive(build: PluginBuild): Promise<string> {
  let archive = archives.get(build);
  if (archive === undefined) {
    archive = mkdtemp(path.join(tmpdir(), "pa-plugin-")).then(async (out) => {
      const args = [path.join(REPO_ROOT, "scripts", "package-plugin.mjs"), "--out", out];
      return (await script(process.execPath, build === "single-file" ? [...args, "--sea"] : args)).trim();
    });
    archives.set(build, archive);
  }
  return archive;
}

let wheel: Promise<string> | undefined;

/** The Python SDK's wheel, built once per process; resolves with its folder (pip's --find-links). */
export function pythonWheelDir(): Promise<string> {
  wheel ??= mkdtemp(path.join(tmpdir(), "pa-wheel-")).then(async (out) => {
    await script("bash", [path.join(REPO_ROOT, "scripts", "package-python.sh"), out]);
    return out;
  });
  return wheel;
}

/** A project of the native plugin, driven by the CLI. */
export interface PluginProject extends CliProject {
  readonly language: PluginLanguage;
  /** Replaces the program: Pulumi.yaml's sections after name and runtime, __main__.py or main.go. */
  writeProgram(program: string): Promise<void>;
  /** Points the stack's provider settings at an emulator (the client secret as a config secret). */
  useEmulator(emu: Emulator): Promise<void>;
}

/** Where each language's program lives. */
const PROGRAM_FILE: Record<PluginLanguage, string> = {
  yaml: "Pulumi.yaml",
  python: "__main__.py",
  go: "main.go",
  typescript: "index.ts",
};

/** Pulumi.yaml's head for a language (YAML programs continue in the same file). */
function projectHead(language: PluginLanguage, name: string): string {
  switch (language) {
    case "yaml":
      return `name: ${name}\nruntime: yaml\n`;
    case "python":
      return `name: ${name}\nruntime:\n  name: python\n  options:\n    virtualenv: venv\n`;
    case "go":
      return `name: ${name}\nruntime: go\n`;
    case "typescript":
      return `name: ${name}\nruntime:\n  name: nodejs\n  options:\n    packagemanager: npm\n`;
  }
}

/** A folder whose `node` fails loudly: first on PATH, it proves the single-file plugin runs without one. */
async function noNodeDir(project: string): Promise<string> {
  const dir = path.join(project, ".no-node");
  await mkdir(dir);
  const node = path.join(dir, "node");
  await writeFile(node, '#!/bin/sh\necho "node was called, but this project has no Node.js" >&2\nexit 97\n');
  await chmod(node, 0o755);
  return dir;
}

/**
 * Makes a project of `language` from a program text in a fresh folder outside the repository,
 * installs the plugin from its archive (`build`, default "node") into the project's PULUMI_HOME and
 * the SDK (Python: the wheel into the project's virtualenv; Go: the module, by go.mod; TypeScript:
 * this package from its `npm pack` tarball, as `pulumi-airbyte install` vendors it), and
 * creates the stack `stack` (default "dev") on a file backend of its own. Commands run with the
 * language host on PATH and, for the node build, the Node.js running the tests; for the single-file
 * build, a `node` that fails stands first on PATH.
 */
export async function newPluginProject(
  language: PluginLanguage,
  program: string,
  options: { build?: PluginBuild; stack?: string; name?: string } = {},
): Promise<PluginProject> {
  const build = options.build ?? "node";
  const name = options.name ?? `airbyte-${language}`;
  const [setup, archive, version] = await Promise.all([
    setUpLanguage(language),
    pluginArchive(build),
    pluginVersion(),
  ]);
  const dir = await mkdtemp(path.join(tmpdir(), `pa-user-${language}-`));
  const backendDir = await mkdtemp(path.join(tmpdir(), "pa-cli-backend-"));
  const pulumiHome = path.join(dir, ".pulumi-home");
  await mkdir(pulumiHome);

  const runtimeDir = build === "single-file" ? await noNodeDir(dir) : path.dirname(process.execPath);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: [runtimeDir, ...setup.pathDirs, path.join(cliRoot(), "bin"), process.env.PATH ?? ""].join(
      path.delimiter,
    ),
    PULUMI_HOME: pulumiHome,
    // Credentials come from the stack's config only.
    AIRBYTE_SERVER_URL: "",
    AIRBYTE_CLIENT_ID: "",
    AIRBYTE_CLIENT_SECRET: "",
    AIRBYTE_BEARER_TOKEN: "",
    GOTOOLCHAIN: "local",
  };

  const writeProgram = async (text: string): Promise<void> => {
    const head = projectHead(language, name);
    await writeFile(path.join(dir, "Pulumi.yaml"), language === "yaml" ? `${head}${text}` : head);
    if (language !== "yaml") await writeFile(path.join(dir, PROGRAM_FILE[language]), text);
  };
  await writeProgram(program);
  if (language === "python") await installPythonSdk(dir, setup);
  if (language === "go") await installGoSdk(dir, env, name);
  if (language === "typescript") await installNodeSdk(dir);

  const cli = cliProjectWith(dir, { dir: backendDir }, env);
  await cli.pulumi(["plugin", "install", "resource", "airbyte-native", version, "--file", archive]);
  await cli.pulumi(["stack", "init", options.stack ?? "dev"]);
  return {
    ...cli,
    language,
    writeProgram,
    async useEmulator(emu) {
      await cli.pulumi(["config", "set", "airbyte-native:serverUrl", emu.url]);
      await cli.pulumi(["config", "set", "airbyte-native:clientId", emu.clientId]);
      await cli.pulumi(["config", "set", "--secret", "airbyte-native:clientSecret", emu.clientSecret]);
    },
  };
}

/**
 * The project's virtualenv (`venv`, as Pulumi.yaml names it): the `pulumi` SDK and what the generated
 * SDK requires come from the set-up's virtualenv through a .pth file (offline and fast), and pip
 * installs pulumi_airbyte_native from its wheel, checking those requirements are met.
 */
async function installPythonSdk(dir: string, setup: LanguageSetup): Promise<void> {
  const base = setup.pythonVenv;
  if (base === undefined) throw new Error("scripts/setup-languages.sh python named no virtualenv");
  const purelib = async (python: string) =>
    (await run(python, ["-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"])).stdout.trim();
  const venv = path.join(dir, "venv");
  await run(path.join(base, "bin", "python"), ["-m", "venv", venv]);
  const python = path.join(venv, "bin", "python");
  await writeFile(
    path.join(await purelib(python), "pulumi-airbyte-base.pth"),
    `${await purelib(path.join(base, "bin", "python"))}\n`,
  );
  await writeFile(path.join(dir, "requirements.txt"), "pulumi_airbyte_native\n");
  await run(python, [
    "-m",
    "pip",
    "install",
    "--quiet",
    "--disable-pip-version-check",
    "--no-index",
    "--find-links",
    await pythonWheelDir(),
    "-r",
    path.join(dir, "requirements.txt"),
  ]);
}

/**
 * The project's go.mod: the Pulumi Go SDK at its pin and the generated SDK's module, which is not
 * published, so go.mod replaces it by a copy in the project (a module of its own, which the
 * program's build leaves out; a user's `go get` fetches it from the repository). `go mod tidy` then
 * writes go.sum, and a first build fills Go's cache, so the language host's build at each command
 * takes seconds (the first on a machine takes minutes: the Pulumi Go SDK compiles).
 */
async function installGoSdk(dir: string, env: NodeJS.ProcessEnv, name: string): Promise<void> {
  const sdk = path.join(dir, "airbyte-native-go");
  await cp(path.join(REPO_ROOT, "sdk-native", "go"), sdk, { recursive: true });
  const module = "github.com/pulumi-airbyte/pulumi-airbyte/sdk-native/go";
  const go = (args: string[]) =>
    run("go", args, { cwd: dir, env: { ...env, GOFLAGS: "-mod=mod" }, maxBuffer: 16 * 1024 * 1024 });
  await go(["mod", "init", `example.com/${name}`]);
  await go(["mod", "edit", `-require=github.com/pulumi/pulumi/sdk/v3@${pin("PULUMI_GO_SDK")}`]);
  await go([
    "mod",
    "edit",
    `-require=${module}@v${await pluginVersion()}`,
    `-replace=${module}=./airbyte-native-go`,
  ]);
  await go(["mod", "tidy"]);
  // The flags the Go language host builds with (a different -trimpath would miss Go's cache).
  await go(["build", "-buildvcs=false", "-trimpath", "-ldflags", "-w -s", "-o", "/dev/null", "."]);
}

/**
 * The project's package.json and tsconfig.json (the quickstart's, as `pulumi new` makes them), with
 * this package vendored from its tarball: the program imports the plugin's SDK from
 * `pulumi-airbyte/native`.
 */
async function installNodeSdk(dir: string): Promise<void> {
  await copyQuickstart(dir, ["package.json", "tsconfig.json"]);
  await installFromTarball(dir);
}
