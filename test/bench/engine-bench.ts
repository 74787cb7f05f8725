/**
 * The engine benchmark: prints figures and writes them to `docs/performance.md` and
 * `docs/performance.png`; it asserts nothing (`test/e2e/call-counts.test.ts` asserts the call
 * counts, which unlike times are stable). `npm run bench` runs it after the set-up;
 * `npm run bench -- 20,60` picks the sizes (default 50, 150, 500 resources).
 *
 * For each size it deploys the same graph twice through the same Pulumi CLI (Automation API,
 * inline programs), each on a fresh file backend: this package's resources against the emulator
 * (run in a child process, so its work is not charged to the program), and the floor, no-op dynamic
 * resources with the same inputs. Each runs up from empty, a no-op up, preview, refresh, an up
 * that changes 10% of the objects, and destroy, the two taking turns step by step; every step but
 * the first up and destroy runs `BENCH_REPEATS` times (default 3; the 10% change goes back and
 * forth) and counts by its median. For each step:
 * wall time, the ratio to the floor, the API calls by method and path (the emulator's request log),
 * token requests, the provider process's peak RSS, heap kept and CPU time, the emulator's CPU time,
 * the state's size and the bytes of `__provider` per resource.
 *
 * Investigation aids: `BENCH_PROFILE_DIR=<dir>` writes a CPU profile of every provider process
 * (`--cpu-prof`), `BENCH_GRPC_DIR=<dir>` the engine's gRPC log of every step (`PULUMI_DEBUG_GRPC`).
 *
 * The provider's peak RSS is what the dynamic-provider process reports of itself when it exits
 * (`rss-probe.ts`, loaded through `NODE_OPTIONS` into the Node processes the CLI starts).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { LocalWorkspace, PulumiCommand, type PulumiFn, type Stack } from "@pulumi/pulumi/automation/index.js";
import {
  floorProgram,
  oursProgram,
  type Variant as ProgramVariant,
  pipelinesFor,
  resourcesFor,
} from "./engine-programs.js";
import { renderPlot, renderReport, type StepResult } from "./engine-report.js";

/** The repository root (this file runs from build/test/bench/). */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

/** Loaded into the dynamic-provider process to record its peak RSS. */
const PROBE = path.join(ROOT, "build/test/bench/rss-probe.js");

const STEPS = ["up", "no-op up", "preview", "refresh", "up 10%", "destroy"] as const;
type Step = (typeof STEPS)[number];

interface EmulatorProcess {
  readonly url: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly child: ChildProcess;
}

/** The emulator in a child process, so its CPU time is not the program's. */
async function startEmulatorProcess(): Promise<EmulatorProcess> {
  const child = spawn(process.execPath, [path.join(ROOT, "bin/airbyte-emulator.js")], {
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
}

/** The emulator's request log (its test-control route, which is not itself logged). */
async function requestLog(emu: EmulatorProcess): Promise<LoggedRequest[]> {
  const origin = new URL(emu.url).origin;
  const res = await fetch(`${origin}/_emulator/requests`);
  if (!res.ok) throw new Error(`GET /_emulator/requests: ${res.status}`);
  return ((await res.json()) as { data: LoggedRequest[] }).data;
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

/** Calls grouped by method and path, ids replaced by `{id}`. */
function groupCalls(requests: readonly LoggedRequest[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of requests) {
    const key = `${r.method} ${r.path.replace(UUID, "{id}").replace(/\/\d+$/, "/{id}")}`;
    out[key] = (out[key] ?? 0) + 1;
  }
  return out;
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

interface BenchStack {
  readonly stack: Stack;
  readonly stateFile: string;
  reopen(program: PulumiFn): Promise<Stack>;
  cleanup(): Promise<void>;
}

async function newBenchStack(
  cmd: PulumiCommand,
  program: PulumiFn,
  emu: EmulatorProcess,
  label: string,
): Promise<BenchStack> {
  const backendDir = await mkdtemp(path.join(tmpdir(), "pa-bench-backend-"));
  const workDir = await mkdtemp(path.join(tmpdir(), "pa-bench-work-"));
  const projectName = "pulumi-airbyte-bench";
  const stackName = label;
  const env: Record<string, string> = {
    PULUMI_BACKEND_URL: `file://${backendDir}`,
    PULUMI_CONFIG_PASSPHRASE: "bench-passphrase",
    PULUMI_HOME: path.join(ROOT, ".pulumi-home"),
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PATH: `${path.dirname(cmd.command)}:${process.env.PATH ?? ""}`,
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
  await stack.setAllConfig({
    "airbyte:serverUrl": { value: emu.url },
    "airbyte:clientId": { value: emu.clientId },
    "airbyte:clientSecret": { value: emu.clientSecret, secret: true },
  });
  return {
    stack,
    stateFile: path.join(backendDir, ".pulumi", "stacks", projectName, `${stackName}.json`),
    reopen: open,
    async cleanup() {
      await Promise.all([backendDir, workDir].map((d) => rm(d, { recursive: true, force: true })));
    },
  };
}

/** Size of the state file, and the mean `__provider` bytes per resource, after a step. */
async function stateFigures(stateFile: string): Promise<{ stateBytes: number; providerBytes: number }> {
  const stateBytes = await stat(stateFile).then(
    (s) => s.size,
    () => 0,
  );
  if (stateBytes === 0) return { stateBytes, providerBytes: 0 };
  const state = JSON.parse(await readFile(stateFile, "utf8")) as {
    checkpoint?: { latest?: { resources?: Array<{ outputs?: Record<string, unknown> }> } };
  };
  const sizes = (state.checkpoint?.latest?.resources ?? [])
    .map((r) => r.outputs?.__provider)
    .filter((p): p is string => typeof p === "string")
    .map((p) => Buffer.byteLength(p));
  const providerBytes = sizes.length === 0 ? 0 : Math.round(sizes.reduce((a, b) => a + b, 0) / sizes.length);
  return { stateBytes, providerBytes };
}

/** One deployment of one program through the steps, a step at a time. */
interface Variant {
  /** Runs one step and measures it. */
  run(step: Step): Promise<StepResult>;
  cleanup(): Promise<void>;
}

async function openVariant(
  cmd: PulumiCommand,
  emu: EmulatorProcess,
  who: "ours" | "floor",
  n: number,
): Promise<Variant> {
  const pipelines = pipelinesFor(n);
  const resources = resourcesFor(pipelines);
  const programOf = (variant: ProgramVariant) =>
    who === "ours" ? oursProgram(pipelines, variant) : floorProgram(pipelines, variant);
  const label = `${who}-${n}-${randomUUID().slice(0, 8)}`;
  const bench = await newBenchStack(cmd, programOf("base"), emu, label);
  let stack = bench.stack;
  let changed = false;
  return {
    cleanup: () => bench.cleanup(),
    async run(step) {
      if (step === "up 10%") {
        // Back and forth: each run changes the same 10% of the objects, so it can be repeated.
        changed = !changed;
        stack = await bench.reopen(programOf(changed ? "changed" : "base"));
      }
      // The workspace's environment is read at each command: the probe reaches this step's provider.
      const rssDir = await mkdtemp(path.join(tmpdir(), "pa-bench-rss-"));
      stack.workspace.envVars.PULUMI_AIRBYTE_BENCH_RSS_DIR = rssDir;
      const slug = `${who}-${resources}-${step.replace(/\W+/g, "-")}-${Date.now()}`;
      const profile = process.env.BENCH_PROFILE_DIR;
      stack.workspace.envVars.NODE_OPTIONS = [
        `--import=${pathToFileURL(PROBE).href}`,
        ...(profile ? ["--cpu-prof", `--cpu-prof-dir=${path.join(profile, slug)}`] : []),
      ].join(" ");
      const grpc = process.env.BENCH_GRPC_DIR;
      if (grpc) stack.workspace.envVars.PULUMI_DEBUG_GRPC = path.join(grpc, `${slug}.json`);
      const before = (await requestLog(emu)).length;
      const emuCpuBefore = await cpuSeconds(emu.child.pid);
      const started = performance.now();
      let changes = "";
      switch (step) {
        case "up":
        case "no-op up":
        case "up 10%": {
          const r = await stack.up();
          changes = JSON.stringify(r.summary.resourceChanges ?? {});
          break;
        }
        case "preview": {
          const r = await stack.preview();
          changes = JSON.stringify(r.changeSummary);
          break;
        }
        case "refresh": {
          const r = await stack.refresh();
          changes = JSON.stringify(r.summary.resourceChanges ?? {});
          break;
        }
        case "destroy": {
          const r = await stack.destroy();
          changes = JSON.stringify(r.summary.resourceChanges ?? {});
          break;
        }
      }
      const seconds = (performance.now() - started) / 1000;
      const { peakRssMb, providerCpuS, retainedMb } = await providerFigures(rssDir);
      const emulatorCpuS = who === "ours" ? (await cpuSeconds(emu.child.pid)) - emuCpuBefore : 0;
      await rm(rssDir, { recursive: true, force: true });
      const requests = (await requestLog(emu)).slice(before);
      const calls = who === "ours" ? groupCalls(requests) : {};
      const tokens = calls["POST /applications/token"] ?? 0;
      delete calls["POST /applications/token"];
      const figures = await stateFigures(bench.stateFile);
      const result: StepResult = {
        n,
        resources,
        who,
        step,
        seconds,
        samples: [seconds],
        calls,
        tokens,
        peakRssMb,
        retainedMb,
        providerCpuS,
        emulatorCpuS,
        ...figures,
        changes,
      };
      const total = Object.values(calls).reduce((a, b) => a + b, 0);
      console.log(
        `${who.padEnd(5)} N=${String(resources).padEnd(4)} ${step.padEnd(9)} ${seconds.toFixed(2).padStart(7)} s  ` +
          `calls ${String(total).padStart(4)}  tokens ${tokens}  rss ${peakRssMb.toFixed(0)} MiB (heap kept ${retainedMb.toFixed(0)} MiB)  ` +
          `cpu ${providerCpuS.toFixed(2)} s (emulator ${emulatorCpuS.toFixed(2)} s)  ` +
          `state ${figures.stateBytes} B  __provider ${figures.providerBytes} B  ${changes}`,
      );
      return result;
    },
  };
}

/** Steps that can run again at once: they change nothing, or (up 10%) change back and forth. */
const REPEATABLE: ReadonlySet<Step> = new Set(["no-op up", "preview", "refresh", "up 10%"]);

const median = (xs: readonly number[]): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

/**
 * Both programs of one size, step by step: the floor and ours take turns (the order alternating),
 * so a burst of load from elsewhere on the machine hits both alike; a repeatable step runs
 * `repeats` times each and its median counts.
 */
async function runSize(
  cmd: PulumiCommand,
  emu: EmulatorProcess,
  n: number,
  repeats: number,
): Promise<StepResult[]> {
  const floor = await openVariant(cmd, emu, "floor", n);
  const ours = await openVariant(cmd, emu, "ours", n);
  const results: StepResult[] = [];
  try {
    for (const step of STEPS) {
      const rounds = REPEATABLE.has(step) ? repeats : 1;
      const samples: Record<"floor" | "ours", StepResult[]> = { floor: [], ours: [] };
      for (let round = 0; round < rounds; round++) {
        const order = round % 2 === 0 ? ([floor, ours] as const) : ([ours, floor] as const);
        for (const variant of order) {
          const r = await variant.run(step);
          samples[r.who].push(r);
        }
      }
      for (const who of ["floor", "ours"] as const) {
        const all = samples[who];
        const last = all.at(-1);
        if (last === undefined) continue;
        const times = all.map((r) => r.seconds);
        results.push({ ...last, seconds: median(times), samples: times });
      }
    }
  } finally {
    await floor.cleanup();
    await ours.cleanup();
  }
  return results;
}

async function main(): Promise<void> {
  const sizes = (process.argv[2] ?? process.env.BENCH_N ?? "50,150,500")
    .split(",")
    .map((s) => Number(s.trim()))
    .filter((x) => Number.isFinite(x) && x > 0);
  const repeats = Math.max(1, Number(process.env.BENCH_REPEATS ?? 3));
  const cliRoot = process.env.PULUMI_AIRBYTE_CLI_ROOT;
  if (cliRoot === undefined || cliRoot === "") {
    throw new Error("PULUMI_AIRBYTE_CLI_ROOT is not set: run the benchmark with `npm run bench`");
  }
  const cmd = await PulumiCommand.get({ root: cliRoot });
  const emu = await startEmulatorProcess();
  const results: StepResult[] = [];
  const started = Date.now();
  try {
    for (const n of sizes) results.push(...(await runSize(cmd, emu, n, repeats)));
  } finally {
    emu.child.kill("SIGTERM");
  }
  const docs = path.join(ROOT, "docs");
  await mkdir(docs, { recursive: true });
  const meta = {
    date: new Date().toISOString().slice(0, 10),
    minutes: (Date.now() - started) / 60_000,
    repeats,
    cpus: (await import("node:os")).cpus().length,
    node: process.version,
    pulumi: cmd.version?.toString() ?? "?",
  };
  const reportPath = path.join(docs, "performance.md");
  const existing = await readFile(reportPath, "utf8").catch(() => "");
  await writeFile(reportPath, renderReport(existing, results, meta));
  await writeFile(path.join(docs, "performance.png"), await renderPlot(results));
  await writeFile(path.join(docs, "performance.json"), `${JSON.stringify({ meta, results }, null, 2)}\n`);
  console.log(
    `wrote ${path.relative(process.cwd(), reportPath)}, docs/performance.png and docs/performance.json`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
