/**
 * The engine benchmark: prints figures and writes them to `docs/performance.md` (each profile its
 * own section between markers) with a JSON and a PNG beside it; it asserts nothing
 * (`test/e2e/call-counts.test.ts` asserts the call counts, which unlike times are stable).
 * `npm run bench -- [PROFILE] [SIZES]` runs it after the set-up:
 *
 * - `local` (the default): the emulator on this machine, answering within a millisecond; sizes
 *   50, 150 and 500 resources;
 * - `remote`: every answer delayed by `BENCH_LATENCY_MS` (default 100 ms), as Airbyte Cloud or a
 *   remote server is from a CI runner; the same sizes, plus the calls on each step's critical path,
 *   and the writing steps again at `--parallel ${BENCH_WIDE_PARALLEL:-32}`;
 * - `rate-limited`: the same, with the emulator's `rate=` budget `BENCH_RATE` (default 300/60s);
 * - `large`: a large team's stack, 500 and 2,000 resources, with `--parallel`, `--target` and
 *   `PULUMI_SKIP_CHECKPOINTS` steps (its create from empty and its destroy save the state once);
 * - `all`: the four in turn.
 *
 * For each size it deploys the same graph once per path (`engine-paths.ts`: the floor, no-op dynamic
 * resources, and this package's provider against the emulator, which runs in a child process so
 * its work is not charged to the program), each on a fresh file backend, step by step, the paths
 * taking turns: up from empty, a no-op up, preview, refresh, an up that changes 10% of the objects
 * (back and forth), the profile's extra steps, and destroy. Every step but the first up and destroy
 * runs `BENCH_REPEATS` times (default 3, 1 for `rate-limited` and `large`) and counts by its
 * median. For each step: wall time, the ratio to the floor, the API calls by method and path (the
 * emulator's request log), 429 answers, token requests, the calls on the critical path (with a
 * latency), the provider process's peak RSS, heap kept and CPU time, the emulator's CPU time, the
 * state's size and the bytes of `__provider` per resource.
 *
 * `BENCH_PATHS=floor,ours` picks paths (all by default). Investigation aids:
 * `BENCH_PROFILE_DIR=<dir>` writes a CPU profile of every provider process (`--cpu-prof`),
 * `BENCH_GRPC_DIR=<dir>` the engine's gRPC log of every step (`PULUMI_DEBUG_GRPC`),
 * `BENCH_REQUESTS_DIR=<dir>` the emulator's log of every step's calls (arrival time, status, call).
 *
 * The provider's peak RSS is what its process reports of itself when it exits (`rss-probe.ts`,
 * loaded through `NODE_OPTIONS` into the Node processes the CLI starts).
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { cpus, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { LocalWorkspace, PulumiCommand, type PulumiFn, type Stack } from "@pulumi/pulumi/automation/index.js";
import { callsByRoute, criticalPathCalls } from "./call-log.js";
import { type BenchCli, type BenchPath, type EmulatorEndpoint, pickPaths } from "./engine-paths.js";
import { pipelinesFor, resourcesFor, type Variant } from "./engine-programs.js";
import {
  type ProfileInfo,
  type RunMeta,
  renderPlot,
  renderReport,
  type StepResult,
} from "./engine-report.js";

/** The repository root (this file runs from build/test/bench/). */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

/** Loaded into the provider processes to record their peak RSS. */
const PROBE = path.join(ROOT, "build/test/bench/rss-probe.js");

/** One step of a profile. */
interface StepSpec {
  readonly name: string;
  readonly command: "up" | "preview" | "refresh" | "destroy";
  /** The variant it deploys, back and forth with the base program. */
  readonly toggles?: Exclude<Variant, "base">;
  /** Only pipeline 0's resources (`--target`). */
  readonly targetPipeline0?: true;
  /** `--parallel` for this step; the engine's default (4 × cores) otherwise. */
  readonly parallel?: number;
  /** Runs `repeats` times (it changes nothing, or changes back and forth). */
  readonly repeatable: boolean;
  /** Environment of the CLI for this step only. */
  readonly env?: Readonly<Record<string, string>>;
}

/** `--parallel` of the wide step: beyond the engine's default of 4 per core (8 here, 16 on a 4-core runner). */
const WIDE_PARALLEL = Number(process.env.BENCH_WIDE_PARALLEL ?? 32);

const STANDARD_STEPS: readonly StepSpec[] = [
  { name: "up", command: "up", repeatable: false },
  { name: "no-op up", command: "up", repeatable: true },
  { name: "preview", command: "preview", repeatable: true },
  { name: "refresh", command: "refresh", repeatable: true },
  { name: "up 10%", command: "up", toggles: "changed", repeatable: true },
];
const DESTROY: StepSpec = { name: "destroy", command: "destroy", repeatable: false };
const WIDE: StepSpec = {
  name: `up 10% --parallel ${WIDE_PARALLEL}`,
  command: "up",
  toggles: "changed",
  parallel: WIDE_PARALLEL,
  repeatable: true,
};
/** Creates and deletes from empty again, wider: what `--parallel` does to the steps that write every object. */
const WIDE_DESTROY: StepSpec = {
  name: `destroy --parallel ${WIDE_PARALLEL}`,
  command: "destroy",
  parallel: WIDE_PARALLEL,
  repeatable: false,
};
const WIDE_UP: StepSpec = {
  name: `up --parallel ${WIDE_PARALLEL}`,
  command: "up",
  parallel: WIDE_PARALLEL,
  repeatable: false,
};
/**
 * The engine saves the state once at the end instead of after every step (`PULUMI_SKIP_CHECKPOINTS`):
 * what the floor spends at 2,000 resources is mostly those saves.
 */
const NO_CHECKPOINTS: StepSpec = {
  name: "up 10% PULUMI_SKIP_CHECKPOINTS",
  command: "up",
  toggles: "changed",
  repeatable: true,
  env: { PULUMI_SKIP_CHECKPOINTS: "true" },
};
/**
 * The large profile's create from empty and destroy, with the state saved once at the end: with a
 * save after every step, the floor itself spends time that grows with the square of N (45 s for
 * its up at 500 resources, most of it the saves), and at 2,000 the two steps would take most of an
 * hour across three paths. The 10% change and `--target` steps still save after every step.
 */
const UP_NO_CHECKPOINTS: StepSpec = {
  name: "up PULUMI_SKIP_CHECKPOINTS",
  command: "up",
  repeatable: false,
  env: { PULUMI_SKIP_CHECKPOINTS: "true" },
};
const DESTROY_NO_CHECKPOINTS: StepSpec = {
  name: "destroy PULUMI_SKIP_CHECKPOINTS",
  command: "destroy",
  repeatable: false,
  env: { PULUMI_SKIP_CHECKPOINTS: "true" },
};
const TARGETED: StepSpec = {
  name: "up --target 1 pipeline",
  command: "up",
  toggles: "one",
  targetPipeline0: true,
  repeatable: true,
};

/** A benchmark profile: where Airbyte is, which sizes and steps, and where the figures go. */
interface Profile {
  readonly info: ProfileInfo;
  readonly sizes: readonly number[];
  readonly repeats: number;
  readonly steps: readonly StepSpec[];
  /** The emulator's `--fault` specs for the whole run. */
  readonly faults: readonly string[];
}

const PROFILE_NAMES = ["local", "remote", "rate-limited", "large"] as const;
type ProfileName = (typeof PROFILE_NAMES)[number];

function profile(name: ProfileName): Profile {
  const latencyMs = Number(process.env.BENCH_LATENCY_MS ?? 100);
  const rate = process.env.BENCH_RATE ?? "300/60s";
  const repeats = (fallback: number) => Math.max(1, Number(process.env.BENCH_REPEATS ?? fallback));
  const delay = latencyMs > 0 ? [`* ** delay=${latencyMs}`] : [];
  switch (name) {
    case "local":
      return {
        info: { name, latencyMs: 0, marker: "bench", files: "performance" },
        sizes: [50, 150, 500],
        repeats: repeats(3),
        steps: [...STANDARD_STEPS, DESTROY],
        faults: [],
      };
    case "remote":
      return {
        info: { name, latencyMs, marker: "bench-remote", files: "performance-remote" },
        sizes: [50, 150, 500],
        repeats: repeats(3),
        steps: [...STANDARD_STEPS, WIDE, DESTROY, WIDE_UP, WIDE_DESTROY],
        faults: delay,
      };
    case "rate-limited":
      return {
        info: { name, latencyMs, rate, marker: "bench-rate-limited", files: "performance-rate-limited" },
        sizes: [50, 150, 500],
        repeats: repeats(1),
        steps: [...STANDARD_STEPS, DESTROY],
        // The budget first: a request it refuses still takes the round trip.
        faults: [`* ** rate=${rate}`, ...delay],
      };
    case "large":
      return {
        info: { name, latencyMs: 0, marker: "bench-large", files: "performance-large" },
        sizes: [500, 2000],
        repeats: repeats(1),
        steps: [
          UP_NO_CHECKPOINTS,
          ...STANDARD_STEPS.slice(1),
          WIDE,
          NO_CHECKPOINTS,
          TARGETED,
          DESTROY_NO_CHECKPOINTS,
        ],
        faults: [],
      };
  }
}

interface EmulatorProcess extends EmulatorEndpoint {
  readonly child: ChildProcess;
}

/** The emulator in a child process (its CPU time is not the program's), with the profile's faults. */
async function startEmulatorProcess(faults: readonly string[]): Promise<EmulatorProcess> {
  const args = faults.flatMap((f) => ["--fault", f]);
  const child = spawn(process.execPath, [path.join(ROOT, "bin/airbyte-emulator.js"), ...args], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const line = await new Promise<string>((resolve, reject) => {
    let buffered = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      buffered += chunk.toString();
      const end = buffered.indexOf("\n");
      if (end >= 0) resolve(buffered.slice(0, end));
    });
    child.once("exit", (code) => reject(new Error(`the emulator exited (${code}) before it listened`)));
  });
  const { url, clientId, clientSecret } = JSON.parse(line) as Record<string, string>;
  if (url === undefined || clientId === undefined || clientSecret === undefined) {
    throw new Error(`unexpected first line from the emulator: ${line}`);
  }
  return { url, clientId, clientSecret, child };
}

interface LoggedRequest {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  /** ISO time of arrival. */
  readonly time: string;
}

/** The emulator's request log (its test-control route, which is not itself logged). */
async function requestLog(emu: EmulatorProcess): Promise<LoggedRequest[]> {
  const origin = new URL(emu.url).origin;
  const res = await fetch(`${origin}/_emulator/requests`);
  if (!res.ok) throw new Error(`GET /_emulator/requests: ${res.status}`);
  return ((await res.json()) as { data: LoggedRequest[] }).data;
}

/**
 * The largest peak RSS (MiB) and the CPU time (s) of the provider processes the probe recorded in
 * `dir`; zeros when no provider ran.
 */
async function providerFigures(
  dir: string,
): Promise<{ peakRssMb: number; providerCpuS: number; retainedMb: number }> {
  let peakKb = 0;
  let cpuMicros = 0;
  let retainedKb = 0;
  for (const file of await readdir(dir).catch(() => [] as string[])) {
    const probe = JSON.parse(await readFile(path.join(dir, file), "utf8")) as {
      maxRssKb: number;
      cpuMicros: number;
      retainedKb: number;
    };
    peakKb = Math.max(peakKb, probe.maxRssKb);
    cpuMicros += probe.cpuMicros;
    retainedKb = Math.max(retainedKb, probe.retainedKb);
  }
  return { peakRssMb: peakKb / 1024, providerCpuS: cpuMicros / 1e6, retainedMb: retainedKb / 1024 };
}

/** CPU seconds a process has used so far (Linux /proc; 0 elsewhere). */
async function cpuSeconds(pid: number | undefined): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => "");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // utime and stime, fields 14 and 15 of stat, in clock ticks (100 a second on Linux).
  return (Number(fields[11] ?? 0) + Number(fields[12] ?? 0)) / 100;
}

/**
 * The run's own PULUMI_HOME, made fresh: a path's plugin is installed there at the start, so runs
 * side by side (or another checkout's) never replace a plugin another run is using.
 */
const PULUMI_HOME = await mkdtemp(path.join(tmpdir(), "pa-bench-pulumi-home-"));

/** The CLI's environment every command of the run shares: its PULUMI_HOME and PATH. */
function cliEnv(cmd: PulumiCommand): Record<string, string> {
  return {
    PULUMI_HOME,
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PATH: `${path.dirname(cmd.command)}:${process.env.PATH ?? ""}`,
  };
}

/** The benchmark's CLI for a path's {@link BenchPath.prepare}, in the environment its stacks run in. */
function benchCli(cmd: PulumiCommand): BenchCli {
  return {
    async pulumi(args) {
      await promisify(execFile)(cmd.command, [...args], {
        cwd: ROOT,
        env: { ...process.env, ...cliEnv(cmd) },
      });
    },
  };
}

interface BenchStack {
  readonly stack: Stack;
  readonly stateFile: string;
  reopen(program: PulumiFn): Promise<Stack>;
  cleanup(): Promise<void>;
}

async function newBenchStack(
  cmd: PulumiCommand,
  program: PulumiFn,
  config: Parameters<Stack["setAllConfig"]>[0],
  label: string,
): Promise<BenchStack> {
  const backendDir = await mkdtemp(path.join(tmpdir(), "pa-bench-backend-"));
  const workDir = await mkdtemp(path.join(tmpdir(), "pa-bench-work-"));
  const projectName = "pulumi-airbyte-bench";
  const stackName = label;
  const env: Record<string, string> = {
    ...cliEnv(cmd),
    PULUMI_BACKEND_URL: `file://${backendDir}`,
    PULUMI_CONFIG_PASSPHRASE: "bench-passphrase",
    // Records of in-flight creates go to a folder of this run's own.
    PULUMI_AIRBYTE_CREATE_RECORDS_DIR: path.join(workDir, "create-records"),
  };
  const open = (prog: PulumiFn): Promise<Stack> =>
    LocalWorkspace.createOrSelectStack(
      { stackName, projectName, program: prog },
      {
        workDir,
        pulumiCommand: cmd,
        projectSettings: { name: projectName, runtime: "nodejs", main: ROOT },
        envVars: env,
      },
    );
  const stack = await open(program);
  await stack.setAllConfig(config);
  return {
    stack,
    stateFile: path.join(backendDir, ".pulumi", "stacks", projectName, `${stackName}.json`),
    reopen: open,
    async cleanup() {
      await Promise.all([backendDir, workDir].map((d) => rm(d, { recursive: true, force: true })));
    },
  };
}

interface StateResource {
  readonly urn?: string;
  readonly outputs?: Record<string, unknown>;
}

async function stateResources(stateFile: string): Promise<StateResource[]> {
  const text = await readFile(stateFile, "utf8").catch(() => "");
  if (text === "") return [];
  const state = JSON.parse(text) as { checkpoint?: { latest?: { resources?: StateResource[] } } };
  return state.checkpoint?.latest?.resources ?? [];
}

/** Size of the state file, and the mean `__provider` bytes per resource, after a step. */
async function stateFigures(stateFile: string): Promise<{ stateBytes: number; providerBytes: number }> {
  const stateBytes = await stat(stateFile).then(
    (s) => s.size,
    () => 0,
  );
  if (stateBytes === 0) return { stateBytes, providerBytes: 0 };
  const sizes = (await stateResources(stateFile))
    .map((r) => r.outputs?.__provider)
    .filter((p): p is string => typeof p === "string")
    .map((p) => Buffer.byteLength(p));
  const providerBytes = sizes.length === 0 ? 0 : Math.round(sizes.reduce((a, b) => a + b, 0) / sizes.length);
  return { stateBytes, providerBytes };
}

/** One deployment of one path's program through the steps, a step at a time. */
interface Deployment {
  /** Runs one step and measures it. */
  run(step: StepSpec): Promise<StepResult>;
  cleanup(): Promise<void>;
}

async function deploy(
  cmd: PulumiCommand,
  emu: EmulatorProcess,
  benchPath: BenchPath,
  n: number,
  latencyMs: number,
): Promise<Deployment> {
  const pipelines = pipelinesFor(n);
  const resources = resourcesFor(pipelines);
  const label = `${benchPath.name}-${n}-${randomUUID().slice(0, 8)}`;
  const bench = await newBenchStack(cmd, benchPath.program(pipelines, "base"), benchPath.config(emu), label);
  let stack = bench.stack;
  let deployed: Variant = "base";
  const redeploy = async (variant: Variant) => {
    stack = await bench.reopen(benchPath.program(pipelines, variant));
    deployed = variant;
  };
  // Pipeline 0's resources, for a targeted step.
  const pipeline0 = async (): Promise<string[]> => {
    const types = (["Source", "Destination", "Connection"] as const).map((t) => benchPath.resourceType(t));
    return (await stateResources(bench.stateFile))
      .map((r) => r.urn ?? "")
      .filter((urn) => types.some((t) => urn.includes(`::${t}::`)) && /::(src|dst|conn)-0$/.test(urn));
  };
  return {
    cleanup: () => bench.cleanup(),
    async run(step) {
      if (step.toggles !== undefined) {
        // Back and forth, so that each run changes the same objects: from the base program to the
        // variant, and back. A different variant deployed goes back to the base first, untimed.
        if (deployed !== "base" && deployed !== step.toggles) {
          await redeploy("base");
          await stack.up();
        }
        await redeploy(deployed === "base" ? step.toggles : "base");
      }
      const target = step.targetPipeline0 === true ? await pipeline0() : undefined;
      // The workspace's environment is read at each command: the probe reaches this step's provider.
      const rssDir = await mkdtemp(path.join(tmpdir(), "pa-bench-rss-"));
      stack.workspace.envVars.PULUMI_AIRBYTE_BENCH_RSS_DIR = rssDir;
      stack.workspace.envVars.PULUMI_AIRBYTE_BENCH_PROCESS = benchPath.providerProcess;
      const slug = `${benchPath.name}-${resources}-${step.name.replace(/\W+/g, "-")}-${Date.now()}`;
      const profileDir = process.env.BENCH_PROFILE_DIR;
      stack.workspace.envVars.NODE_OPTIONS = [
        `--import=${pathToFileURL(PROBE).href}`,
        ...(profileDir ? ["--cpu-prof", `--cpu-prof-dir=${path.join(profileDir, slug)}`] : []),
      ].join(" ");
      const grpc = process.env.BENCH_GRPC_DIR;
      if (grpc) stack.workspace.envVars.PULUMI_DEBUG_GRPC = path.join(grpc, `${slug}.json`);
      const options = {
        ...(step.parallel !== undefined && { parallel: step.parallel }),
        ...(target !== undefined && { target }),
      };
      for (const [key, value] of Object.entries(step.env ?? {})) stack.workspace.envVars[key] = value;
      const before = (await requestLog(emu)).length;
      const emuCpuBefore = await cpuSeconds(emu.child.pid);
      const started = performance.now();
      let changes = "";
      switch (step.command) {
        case "up": {
          const r = await stack.up(options);
          changes = JSON.stringify(r.summary.resourceChanges ?? {});
          break;
        }
        case "preview": {
          const r = await stack.preview(options);
          changes = JSON.stringify(r.changeSummary);
          break;
        }
        case "refresh": {
          const r = await stack.refresh(options);
          changes = JSON.stringify(r.summary.resourceChanges ?? {});
          break;
        }
        case "destroy": {
          const r = await stack.destroy(options);
          changes = JSON.stringify(r.summary.resourceChanges ?? {});
          break;
        }
      }
      const seconds = (performance.now() - started) / 1000;
      for (const key of Object.keys(step.env ?? {})) delete stack.workspace.envVars[key];
      const { peakRssMb, providerCpuS, retainedMb } = await providerFigures(rssDir);
      const emulatorCpuS = benchPath.callsApi ? (await cpuSeconds(emu.child.pid)) - emuCpuBefore : 0;
      await rm(rssDir, { recursive: true, force: true });
      const requests = benchPath.callsApi ? (await requestLog(emu)).slice(before) : [];
      const calls = callsByRoute(requests);
      const tokens = calls["POST /applications/token"] ?? 0;
      delete calls["POST /applications/token"];
      const arrivals = requests.map((r) => Date.parse(r.time)).sort((a, b) => a - b);
      const requestsDir = process.env.BENCH_REQUESTS_DIR;
      if (requestsDir && benchPath.callsApi) {
        await mkdir(requestsDir, { recursive: true });
        const lines = requests.map((r) => `${r.time} ${r.status} ${r.method} ${r.path}`);
        await writeFile(path.join(requestsDir, `${slug}.log`), `${lines.join("\n")}\n`);
      }
      const figures = await stateFigures(bench.stateFile);
      const result: StepResult = {
        n,
        resources,
        who: benchPath.name,
        step: step.name,
        seconds,
        samples: [seconds],
        calls,
        tokens,
        throttled: requests.filter((r) => r.status === 429).length,
        ...(latencyMs > 0 && benchPath.callsApi && { criticalPath: criticalPathCalls(arrivals, latencyMs) }),
        peakRssMb,
        retainedMb,
        providerCpuS,
        emulatorCpuS,
        ...figures,
        changes,
      };
      const total = Object.values(calls).reduce((a, b) => a + b, 0);
      console.log(
        `${benchPath.name.padEnd(5)} N=${String(resources).padEnd(4)} ${step.name.padEnd(22)} ${seconds.toFixed(2).padStart(7)} s  ` +
          `calls ${String(total).padStart(4)}${result.criticalPath !== undefined ? ` (critical path ${result.criticalPath})` : ""}  429s ${result.throttled}  tokens ${tokens}  ` +
          `rss ${peakRssMb.toFixed(0)} MiB (heap kept ${retainedMb.toFixed(0)} MiB)  ` +
          `cpu ${providerCpuS.toFixed(2)} s (emulator ${emulatorCpuS.toFixed(2)} s)  ` +
          `state ${figures.stateBytes} B  __provider ${figures.providerBytes} B  ${changes}  load ${loadavg()[0]?.toFixed(1)}`,
      );
      return result;
    },
  };
}

const median = (xs: readonly number[]): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

/**
 * Every path at one size, step by step: the paths take turns (the order rotating each round), so
 * a burst of load from elsewhere on the machine hits them alike; a repeatable step runs `repeats`
 * times each and its median counts.
 */
async function runSize(
  cmd: PulumiCommand,
  emu: EmulatorProcess,
  paths: readonly BenchPath[],
  p: Profile,
  n: number,
): Promise<StepResult[]> {
  const deployments: Deployment[] = [];
  const results: StepResult[] = [];
  try {
    for (const benchPath of paths) deployments.push(await deploy(cmd, emu, benchPath, n, p.info.latencyMs));
    for (const step of p.steps) {
      const rounds = step.repeatable ? p.repeats : 1;
      const samples = new Map<string, StepResult[]>();
      for (let round = 0; round < rounds; round++) {
        const shift = round % deployments.length;
        for (const d of [...deployments.slice(shift), ...deployments.slice(0, shift)]) {
          const r = await d.run(step);
          samples.set(r.who, [...(samples.get(r.who) ?? []), r]);
        }
      }
      for (const benchPath of paths) {
        const all = samples.get(benchPath.name) ?? [];
        const last = all.at(-1);
        if (last === undefined) continue;
        const times = all.map((r) => r.seconds);
        results.push({ ...last, seconds: median(times), samples: times });
      }
    }
  } finally {
    for (const d of deployments) await d.cleanup();
  }
  return results;
}

/** The machine's state while it ran: the benchmark shares its cores with other work. */
function machine(): string {
  const [one, five, fifteen] = loadavg();
  return `load average ${one?.toFixed(1)} / ${five?.toFixed(1)} / ${fifteen?.toFixed(1)} (1, 5, 15 min) at the end`;
}

async function runProfile(cmd: PulumiCommand, paths: readonly BenchPath[], p: Profile): Promise<void> {
  console.log(
    `profile ${p.info.name}: sizes ${p.sizes.join(", ")}, ${p.repeats} repeat(s), paths ${paths.map((x) => x.name).join(", ")}${p.faults.length > 0 ? `, emulator faults ${p.faults.map((f) => `"${f}"`).join(" ")}` : ""}`,
  );
  const emu = await startEmulatorProcess(p.faults);
  const results: StepResult[] = [];
  const started = Date.now();
  const loadBefore = loadavg()[0] ?? 0;
  try {
    for (const n of p.sizes) results.push(...(await runSize(cmd, emu, paths, p, n)));
  } finally {
    emu.child.kill("SIGTERM");
  }
  const docs = path.join(ROOT, "docs");
  await mkdir(docs, { recursive: true });
  const meta: RunMeta = {
    date: new Date().toISOString().slice(0, 10),
    minutes: (Date.now() - started) / 60_000,
    repeats: p.repeats,
    cpus: cpus().length,
    node: process.version,
    pulumi: cmd.version?.toString() ?? "?",
    machine: `load average ${loadBefore.toFixed(1)} at the start, ${machine()}`,
    paths: paths.map((x) => ({ name: x.name, description: x.description })),
  };
  const reportPath = path.join(docs, "performance.md");
  const existing = await readFile(reportPath, "utf8").catch(() => "");
  await writeFile(reportPath, renderReport(existing, results, meta, p.info));
  const png = `${p.info.files}.png`;
  await writeFile(path.join(docs, png), await renderPlot(results, p.info));
  await writeFile(
    path.join(docs, `${p.info.files}.json`),
    `${JSON.stringify({ meta, profile: p.info, results }, null, 2)}\n`,
  );
  console.log(
    `wrote docs/performance.md (section ${p.info.marker}), docs/${png} and docs/${p.info.files}.json`,
  );
}

/** `[PROFILE] [SIZES]`: a profile name, or `all`; sizes as `50,150` (also alone, for `local`). */
function parseArgs(argv: readonly string[]): { names: ProfileName[]; sizes: number[] | undefined } {
  let [first, second] = argv;
  if (first !== undefined && /^[\d,\s]+$/.test(first)) [first, second] = [undefined, first];
  const asked = first ?? "local";
  const names =
    asked === "all"
      ? [...PROFILE_NAMES]
      : (PROFILE_NAMES as readonly string[]).includes(asked)
        ? [asked as ProfileName]
        : undefined;
  if (names === undefined) {
    throw new Error(`unknown profile "${asked}": use one of ${PROFILE_NAMES.join(", ")} or all`);
  }
  const sizeText = second ?? process.env.BENCH_N;
  const sizes = sizeText
    ?.split(",")
    .map((s) => Number(s.trim()))
    .filter((x) => Number.isFinite(x) && x > 0);
  return { names, sizes: sizes !== undefined && sizes.length > 0 ? sizes : undefined };
}

async function main(): Promise<void> {
  const { names, sizes } = parseArgs(process.argv.slice(2));
  const cliRoot = process.env.PULUMI_AIRBYTE_CLI_ROOT;
  if (cliRoot === undefined || cliRoot === "") {
    throw new Error("PULUMI_AIRBYTE_CLI_ROOT is not set: run the benchmark with `npm run bench`");
  }
  const cmd = await PulumiCommand.get({ root: cliRoot });
  const paths = pickPaths(process.env.BENCH_PATHS);
  try {
    for (const p of paths) await p.prepare?.(benchCli(cmd));
    for (const name of names) {
      const p = profile(name);
      await runProfile(cmd, paths, sizes === undefined ? p : { ...p, sizes });
    }
  } finally {
    await rm(PULUMI_HOME, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
