/**
 * The ways the engine benchmark deploys its graph, side by side through the same Pulumi CLI: the
 * floor (no-op dynamic resources, the engine's own cost), this package's dynamic provider ("ours")
 * and its native plugin ("plugin"). A path is a program, the stack config it needs, the process its
 * provider runs in and what it needs installed first; another path is one more entry in
 * {@link BENCH_PATHS}, and the reports add its columns by themselves.
 */
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { ConfigMap, PulumiFn } from "@pulumi/pulumi/automation/index.js";
import { floorProgram, oursProgram, pluginProgram, type Variant } from "./engine-programs.js";

/** The repository root (this file runs from build/test/bench/). */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

/** The benchmark's Pulumi CLI, with the environment every stack of the run shares (its PULUMI_HOME). */
export interface BenchCli {
  /** Runs `pulumi <args>`; rejects with its output when it fails. */
  pulumi(args: readonly string[]): Promise<void>;
}

/** Where the emulator answers, and the credentials it issued. */
export interface EmulatorEndpoint {
  readonly url: string;
  readonly clientId: string;
  readonly clientSecret: string;
}

/** One way of deploying the benchmark's graph. */
export interface BenchPath {
  /** Its name in the figures: `floor`, `ours`, … */
  readonly name: string;
  /** What it is, for the report. */
  readonly description: string;
  /** True when it calls Airbyte (the emulator): its calls are counted, its latency felt. */
  readonly callsApi: boolean;
  /**
   * Picks its provider process out of the Node processes the CLI starts (a substring of the
   * process's arguments), for the peak RSS and CPU the probe records.
   */
  readonly providerProcess: string;
  /** The program of `pipelines` pipelines, in the given variant. */
  program(pipelines: number, variant: Variant): PulumiFn;
  /** Its stack config (Airbyte's URL and credentials, for a path that calls it). */
  config(emulator: EmulatorEndpoint): ConfigMap;
  /**
   * The URN type of its resource of a benchmark type (`Source`, …), so that a step can target one
   * resource (`--target`).
   */
  resourceType(type: "Workspace" | "Source" | "Destination" | "Connection"): string;
  /** What the path needs once before a run, through the benchmark's CLI (a plugin installed). */
  prepare?(cli: BenchCli): Promise<void>;
}

/** The emulator's URL and credentials as the stack config of a package (`airbyte`, `airbyte-native`). */
function credentials(pkg: string, emu: EmulatorEndpoint): ConfigMap {
  return {
    [`${pkg}:serverUrl`]: { value: emu.url },
    [`${pkg}:clientId`]: { value: emu.clientId },
    [`${pkg}:clientSecret`]: { value: emu.clientSecret, secret: true },
  };
}

/** The floor: the same graph and inputs through a provider that does nothing. */
const floor: BenchPath = {
  name: "floor",
  description: "the same graph and inputs through a no-op dynamic provider: the engine's own cost",
  callsApi: false,
  providerProcess: "dynamic-provider",
  program: floorProgram,
  config: () => ({}),
  resourceType: (type) => `pulumi-nodejs:dynamic/bench:${type}`,
};

/** This package's resources, through the dynamic provider. */
const ours: BenchPath = {
  name: "ours",
  description: "this package's resources through its dynamic provider, against the emulator",
  callsApi: true,
  providerProcess: "dynamic-provider",
  program: oursProgram,
  config: (emu) => credentials("airbyte", emu),
  resourceType: (type) => `pulumi-nodejs:dynamic/airbyte:${type}`,
};

/**
 * The native plugin (package `airbyte-native`) through its TypeScript SDK. It runs as a user runs
 * it: the archive of `npm run package:plugin` (the launcher and the esbuild bundle `plugin.mjs`,
 * on the Node.js on PATH) installed with `pulumi plugin install --file` into the benchmark's
 * PULUMI_HOME (a fresh one each run), so the figures are of the code built.
 */
const plugin: BenchPath = {
  name: "plugin",
  description:
    "the same resources through the native plugin `airbyte-native` (its TypeScript SDK; the plugin archive installed with `pulumi plugin install --file`), against the emulator",
  callsApi: true,
  providerProcess: "plugin.mjs",
  program: pluginProgram,
  config: (emu) => credentials("airbyte-native", emu),
  resourceType: (type) => `airbyte-native:index:${type}`,
  async prepare(cli) {
    const pkg = JSON.parse(await readFile(path.join(ROOT, "package.json"), "utf8")) as { version: string };
    const out = await mkdtemp(path.join(tmpdir(), "pa-bench-plugin-"));
    try {
      const { stdout } = await promisify(execFile)(process.execPath, [
        path.join(ROOT, "scripts", "package-plugin.mjs"),
        "--out",
        out,
      ]);
      const archive = stdout.trim();
      await cli.pulumi(["plugin", "install", "resource", "airbyte-native", pkg.version, "--file", archive]);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  },
};

/** Every path, the floor first (the one the others are measured against). */
export const BENCH_PATHS: readonly BenchPath[] = [floor, ours, plugin];

/** The paths named in `names` (comma-separated; all when empty), the floor always first. */
export function pickPaths(names: string | undefined): BenchPath[] {
  if (names === undefined || names.trim() === "") return [...BENCH_PATHS];
  const wanted = names.split(",").map((s) => s.trim());
  for (const name of wanted) {
    if (!BENCH_PATHS.some((p) => p.name === name)) {
      throw new Error(
        `BENCH_PATHS: no path named "${name}"; the paths are ${BENCH_PATHS.map((p) => p.name).join(", ")}`,
      );
    }
  }
  return BENCH_PATHS.filter((p) => p.name === "floor" || wanted.includes(p.name));
}
