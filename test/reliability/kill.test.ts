/**
 * The reliability row "the CLI killed at a random point of `up` (several seeds), then `up` again",
 * with a real kill. A user's CommonJS project (this package installed from its `npm pack` tarball)
 * runs `pulumi up` under the real CLI; at a seeded point of the run the whole process tree
 * gets SIGKILL: the CLI, the Node.js language host, the program and the dynamic-provider plugin.
 * Then the test recovers with the CLI alone, as a user would, and checks Airbyte (the emulator): no
 * duplicates, nothing lost, one sync job, and no plaintext secret in the backend or in anything the
 * CLI printed.
 *
 * What the CLI needs after SIGKILL on a local file backend (found by running it, Pulumi v3.274.1):
 * 1. `pulumi up` refuses: "the stack is currently locked by 1 lock(s) … delete the lock file with
 *    `pulumi cancel`". The killed CLI's lock file stays in `.pulumi/locks/`; nothing checks whether
 *    its process still lives. `pulumi cancel --yes` removes it.
 * 2. `pulumi up` then runs, with a warning "Attempting to deploy or update resources with N pending
 *    operations from previous deployment" (the creates that were in flight at the kill). It creates
 *    those resources again, and the provider adopts the objects the killed run had already made
 *    ("made by an earlier run that stopped before Pulumi recorded it").
 * 3. The pending operations stay in the checkpoint after that `up` and every later `up` warns again;
 *    a plain `pulumi refresh --yes` does not clear them either ("`pulumi refresh` will need to be run
 *    interactively to clear pending CREATE operations"). Non-interactively,
 *    `pulumi refresh --clear-pending-creates --yes` drops them; after it the next `up` is clean.
 * 4. A kill while the file backend rewrites the checkpoint leaves `<stack>.json` or its attributes
 *    file `<stack>.json.attrs` (JSON the backend's blob store writes beside every file) cut short,
 *    and every command fails with "failed to load checkpoint: EOF". The backend copied the previous
 *    checkpoint and its attributes to `<stack>.json.bak` and `<stack>.json.bak.attrs` just before;
 *    putting both back is the fix, and the provider then adopts what Airbyte made after that
 *    checkpoint. When the backup is cut too, the newest checkpoint of the backend's history
 *    (`.pulumi/history/<project>/<stack>/`) is the one to put back (a test below proves it).
 *
 * `RELIABILITY_SEEDS` sets how many seeds run (default 3). A seed kills as Airbyte receives the k-th
 * request of the run, k drawn from the requests a whole `up` makes (counted first on the same
 * machine): the point is a step of the run, not a time, so a slow or loaded machine hits the same
 * place. The summary line of each seed says what it hit.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { copyFile, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prng } from "../../emulator/faults.js";
import type { Emulator } from "../../emulator/index.js";
import { type CliProject, newCliProject } from "../e2e/cli.js";
import { emulator, outOfBand } from "../e2e/harness.js";

const SEEDS = Number(process.env.RELIABILITY_SEEDS ?? 3);
/** `RELIABILITY_SEED_LIST=5,9` runs exactly those seeds (to replay one). */
const SEED_LIST = (process.env.RELIABILITY_SEED_LIST ?? "")
  .split(",")
  .filter((s) => s.trim() !== "")
  .map(Number);
const SOURCES = 20;
const PASSWORD = "kill-test-pw-3f9a";
const CONNECTION = "faker 0 to warehouse";

const PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import * as airbyte from "pulumi-airbyte";

const config = new pulumi.Config();
const ws = new airbyte.Workspace("ws", { name: config.require("workspaceName") });
const sources = Array.from({ length: ${SOURCES} }, (_, i) =>
  new airbyte.Source(\`faker-\${i}\`, {
    workspaceId: ws.workspaceId, name: \`faker \${i}\`, definition: "faker",
    configuration: { count: 10, seed: i },
  }),
);
const warehouse = new airbyte.Destination("warehouse", {
  workspaceId: ws.workspaceId, name: "warehouse", definition: "postgres",
  configuration: {
    host: "warehouse.internal", port: 5432, database: "analytics", schema: "raw", username: "loader",
    password: config.requireSecret("warehousePassword"),
  },
});
const tag = new airbyte.Tag("finance", { workspaceId: ws.workspaceId, name: "finance", color: "FF5733" });
const conn = new airbyte.Connection("conn", {
  sourceId: sources[0].sourceId,
  destinationId: warehouse.destinationId,
  name: ${JSON.stringify(CONNECTION)},
  schedule: { scheduleType: "cron", cronExpression: "0 0 2 * * ?" },
  streams: [{ name: "users", syncMode: "full_refresh_overwrite" }],
  tags: [tag.tagId],
});
// One trigger that never changes: one sync job, ever.
const job = new airbyte.Job("first-load", {
  connectionId: conn.connectionId, triggers: ["1"], wait: { pollIntervalSeconds: 0.5 },
});

export const jobStatus = job.status;
`;

/** The names the program declares, per kind: each must exist exactly once. */
const DECLARED = {
  sources: Array.from({ length: SOURCES }, (_, i) => `faker ${i}`),
  destinations: ["warehouse"],
  tags: ["finance"],
  connections: [CONNECTION],
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A process's parent and run state ("R", "S", "T" stopped, "Z" zombie…), from /proc; undefined once gone. */
async function procStat(pid: number): Promise<{ ppid: number; state: string } | undefined> {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => undefined);
  if (stat === undefined) return undefined;
  // "pid (comm) state ppid …": comm may hold spaces and parentheses, so split after the last ")".
  const [state = "?", ppid = "0"] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return { ppid: Number(ppid), state };
}

/** Every descendant of a process, whatever process group it put itself in. */
async function descendants(root: number): Promise<number[]> {
  const parent = new Map<number, number>();
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await procStat(Number(entry));
    if (stat !== undefined) parent.set(Number(entry), stat.ppid);
  }
  const out: number[] = [];
  const walk = (pid: number) => {
    for (const [child, ppid] of parent) {
      if (ppid !== pid) continue;
      out.push(child);
      walk(child);
    }
  };
  walk(root);
  return out;
}

const signal = (pid: number, sig: NodeJS.Signals) => {
  try {
    process.kill(pid, sig);
  } catch {
    // Already gone.
  }
};

/**
 * SIGKILLs the CLI and everything it started, at one instant. Pulumi starts its plugins (the
 * language host, the dynamic provider) in process groups of their own, so killing the CLI's group
 * alone leaves them to notice its death by themselves. Everything is stopped first (a stopped
 * process cannot start another or finish a request), then killed. Returns the killed processes.
 */
async function killTree(pid: number): Promise<number[]> {
  signal(-pid, "SIGSTOP");
  const seen = new Set<number>();
  for (;;) {
    const fresh = (await descendants(pid)).filter((p) => !seen.has(p));
    if (fresh.length === 0) break;
    for (const p of fresh) {
      seen.add(p);
      signal(p, "SIGSTOP");
    }
  }
  signal(-pid, "SIGKILL");
  for (const p of seen) signal(p, "SIGKILL");
  // SIGKILL cannot be caught: each process is gone, or a zombie, within moments.
  const deadline = Date.now() + 5000;
  for (const p of [pid, ...seen]) {
    while (Date.now() < deadline && ((await procStat(p))?.state ?? "Z") !== "Z") await sleep(20);
    const left = await procStat(p);
    if (left !== undefined && left.state !== "Z") throw new Error(`process ${p} survived SIGKILL`);
  }
  return [pid, ...seen];
}

/** Starts `pulumi up` as a process group of its own, recording what it prints. */
function spawnUp(project: CliProject, stack: string, printed: string[]): ChildProcess {
  const bin = path.join(process.env.PULUMI_AIRBYTE_CLI_ROOT ?? "", "bin", "pulumi");
  const child = spawn(bin, ["up", "--yes", "--skip-preview", "--non-interactive", "--stack", stack], {
    cwd: project.dir,
    env: project.env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (d: Buffer) => printed.push(d.toString()));
  child.stderr?.on("data", (d: Buffer) => printed.push(d.toString()));
  return child;
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once("exit", (code) => resolve(code));
  });

interface Named {
  readonly name: string;
}

/** The objects of the test's workspace(s) (every one of its name), and their jobs. */
async function live(emu: Emulator, workspaceName: string) {
  const list = async <T>(p: string) => ((await outOfBand(emu, "GET", p)) as { data: T[] }).data;
  const workspaces = (await list<Named & { workspaceId: string }>("/workspaces?limit=100")).filter(
    (w) => w.name === workspaceName,
  );
  const ids = workspaces.map((w) => w.workspaceId).join(",");
  if (ids === "") {
    return { workspaces, sources: [], destinations: [], tags: [], connections: [], jobs: [] };
  }
  return {
    workspaces,
    sources: await list<Named>(`/sources?workspaceIds=${ids}&limit=100`),
    destinations: await list<Named>(`/destinations?workspaceIds=${ids}&limit=100`),
    tags: await list<Named>(`/tags?workspaceIds=${ids}`),
    connections: (
      await list<Named & { status: string }>(`/connections?workspaceIds=${ids}&limit=100`)
    ).filter((c) => c.status !== "deprecated"),
    jobs: await list<{ jobId: number; jobType: string }>(`/jobs?workspaceIds=${ids}&limit=100`),
  };
}

type Live = Awaited<ReturnType<typeof live>>;

/** Objects beyond one per name, and declared names missing, over every kind. */
function tally(l: Live, workspaceName: string) {
  const duplicates: string[] = [];
  const lost: string[] = [];
  const kinds: Array<[string, readonly Named[], readonly string[]]> = [
    ["workspace", l.workspaces, [workspaceName]],
    ["source", l.sources, DECLARED.sources],
    ["destination", l.destinations, DECLARED.destinations],
    ["tag", l.tags, DECLARED.tags],
    ["connection", l.connections, DECLARED.connections],
  ];
  for (const [kind, items, declared] of kinds) {
    const byName = new Map<string, Named[]>();
    for (const i of items) byName.set(i.name, [...(byName.get(i.name) ?? []), i]);
    for (const [name, same] of byName)
      if (same.length > 1) duplicates.push(`${same.length}× ${kind} "${name}"`);
    for (const name of declared) if (!byName.has(name)) lost.push(`${kind} "${name}"`);
  }
  return { duplicates, lost, objects: kinds.reduce((n, [, items]) => n + items.length, 0) };
}

/** The lines of the "Resources:" block of an `up`'s output. */
function resourceSummary(output: string): string[] {
  const block = /\nResources:\n((?:[^\n]*\S[^\n]*\n)+)/.exec(output)?.[1] ?? "";
  return block
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "");
}

const PENDING = /with (\d+) pending operations? from previous deployment/;

describe("the CLI killed (SIGKILL) at a random point of `up`, then `up` again", () => {
  let project: CliProject;
  let fullUpMs = 0;
  let firstCallMs = 0;
  let requestsPerUp = 0;
  const emulators: Emulator[] = [];
  const emulatorLog: string[] = [];
  const summaries: string[] = [];

  const newEmulator = async () => {
    const emu = await emulator({ jobDurationMs: 300, log: (line) => emulatorLog.push(line) });
    emulators.push(emu);
    return emu;
  };
  const newStack = async (stack: string, emu: Emulator, workspaceName: string) => {
    if (stack !== "dev") await project.pulumi(["stack", "init", stack]);
    await project.pulumi([
      ...["config", "set-all", "--stack", stack],
      ...["--plaintext", `airbyte:serverUrl=${emu.url}`],
      ...["--plaintext", `airbyte:clientId=${emu.clientId}`],
      ...["--secret", `airbyte:clientSecret=${emu.clientSecret}`],
      ...["--secret", `warehousePassword=${PASSWORD}`],
      ...["--plaintext", `workspaceName=${workspaceName}`],
    ]);
  };
  const pulumi = async (stack: string, ...args: string[]) => {
    const t = Date.now();
    console.log(`[kill] ${new Date().toISOString()} pulumi ${args.join(" ")} --stack ${stack}`);
    const r = await project.pulumi([...args, "--stack", stack], { allowFailure: true, timeoutMs: 150_000 });
    console.log(`[kill] ... exit ${r.code} after ${Date.now() - t} ms`);
    return r;
  };

  beforeAll(async () => {
    project = await newCliProject("commonjs", { program: PROGRAM });
    // When a whole `up` first calls Airbyte and when it ends, to kill anywhere in between. The first
    // `up` of a project is slower (the CLI and the language host load cold), so the second is timed.
    for (const stack of ["dev", "measure"]) {
      const emu = await newEmulator();
      await newStack(stack, emu, stack);
      const printed: string[] = [];
      const start = Date.now();
      const code = await exited(spawnUp(project, stack, printed));
      fullUpMs = Date.now() - start;
      firstCallMs = Date.parse(emu.requests[0]?.time ?? "") - start;
      requestsPerUp = emu.requests.length;
      project.transcript.push(...printed);
      expect(code, printed.join("")).toBe(0);
    }
  }, 240_000);

  afterAll(async () => {
    if (summaries.length > 0) {
      console.log(
        `\nCLI killed during \`up\` (a whole up: ${fullUpMs} ms and ${requestsPerUp} requests, the first at ${firstCallMs} ms):\n${summaries.join("\n")}\n`,
      );
    }
    await project?.cleanup();
    await Promise.all(emulators.map((e) => e.close()));
  });

  it.each(SEED_LIST.length > 0 ? SEED_LIST : Array.from({ length: SEEDS }, (_, i) => i + 1))(
    "seed %i: no duplicates, nothing lost, one sync, no leak, and a converged second up",
    async (seed) => {
      const emu = await newEmulator();
      const stack = `kill-${seed}`;
      const workspaceName = `kill seed ${seed}`;
      await newStack(stack, emu, workspaceName);

      // The kill: as Airbyte receives the k-th request of the run, k from 1 to all but the last few
      // of a whole up's requests (the sync's last polls vary in number from run to run).
      const k = 1 + Math.floor(prng(seed)() * Math.max(1, requestsPerUp - 4));
      const printed: string[] = [];
      const started = Date.now();
      const child = spawnUp(project, stack, printed);
      while (emu.requests.length < k && child.exitCode === null) await sleep(1);
      const reachedAirbyte = emu.requests.length > 0;
      const finishedFirst = child.exitCode !== null;
      const killed = finishedFirst ? [] : await killTree(child.pid ?? 0);
      const killedAt = Date.now() - started;
      await exited(child);
      project.transcript.push(...printed);
      const atKill = tally(await live(emu, workspaceName), workspaceName).objects;
      const lastLine =
        printed
          .join("")
          .split("\n")
          .map((l) => l.trim())
          .filter((l) => /dynamic\/airbyte:.* creat(ing|ed)/.test(l))
          .at(-1)
          ?.replace(/^\+\s+pulumi-nodejs:dynamic\/airbyte:/, "") ?? "nothing";

      // The recovery, as the CLI asks for it. A kill leaves two failures, each named here and fixed
      // once, as the CLI's message says; any other failure, or one that comes back after its fix,
      // fails the seed.
      const steps: string[] = [];
      const fixed = new Set<"lock" | "checkpoint">();
      let failure: string | undefined;
      for (;;) {
        const up = await pulumi(stack, "up", "--yes");
        const out = up.stdout + up.stderr;
        if (up.code !== 0) {
          const cause = /the stack is currently locked/.test(out)
            ? "lock"
            : /failed to load checkpoint/.test(out)
              ? "checkpoint"
              : undefined;
          if (cause === undefined || fixed.has(cause)) {
            const error =
              out
                .split("\n")
                .find((l) => /error:/.test(l))
                ?.trim() ?? `exit ${up.code}`;
            steps.push(`up failed (${error})`);
            console.log(`seed ${seed}: up failed after the kill:\n${out}`);
            failure =
              cause === undefined
                ? `up failed with a failure no kill explains: ${error}`
                : `up failed again (${cause}) after its fix: ${error}`;
            break;
          }
          fixed.add(cause);
          if (cause === "lock") {
            // The killed CLI's lock file stays; nothing checks whether its process still lives.
            steps.push("up refused (lock)");
            const cancel = await pulumi(stack, "cancel", "--yes");
            expect(cancel.code, cancel.stdout + cancel.stderr).toBe(0);
            steps.push("cancel");
          } else {
            // The kill hit the file backend while it rewrote the checkpoint: it copies the previous
            // one to <stack>.json.bak, then writes the new file and its .attrs, and the kill left one
            // of them empty. The user's fix is to put the previous checkpoint back with its
            // attributes; the provider then adopts what Airbyte made after it (the next up's "made
            // by an earlier run").
            const file = await stackFile(project.backendDir, stack);
            const good = await lastGoodCheckpoint(project.backendDir, stack, `${file}.bak`);
            steps.push(
              `up failed (checkpoint cut by the kill) → restore ${good?.endsWith(".bak") === true ? "<stack>.json.bak" : "the last checkpoint of the history"}`,
            );
            if (good === undefined) {
              failure = "no readable checkpoint to restore (backup and history)";
              break;
            }
            await restoreCheckpoint(good, file);
          }
          continue;
        }
        const adopted = new Set(out.match(/[0-9a-f-]{36}(?=: made by an earlier run)/g) ?? []).size;
        const pending = PENDING.exec(out)?.[1];
        const what = [pending !== undefined && `${pending} pending creates`, `${adopted} adopted`];
        steps.push(`up (${[...what, ...resourceSummary(out)].filter(Boolean).join(", ")})`);
        if (pending !== undefined) {
          const refresh = await pulumi(stack, "refresh", "--clear-pending-creates", "--yes");
          expect(refresh.code, refresh.stdout + refresh.stderr).toBe(0);
          steps.push("refresh --clear-pending-creates");
        }
        break;
      }
      // And the next `up` changes nothing, with nothing left pending.
      const again = await pulumi(stack, "up", "--yes");
      const againOut = again.stdout + again.stderr;
      const unchanged = again.code === 0 ? resourceSummary(againOut) : [`failed: ${againOut.slice(-500)}`];
      steps.push(`up (${unchanged.join(", ")})`);

      const found = await live(emu, workspaceName);
      const { duplicates, lost } = tally(found, workspaceName);
      const syncs = found.jobs.filter((j) => j.jobType === "sync").length;
      const leaks = await leaked(project, emulatorLog, [PASSWORD, emu.clientSecret]);
      const summary =
        `seed ${seed}: killed at request ${k} of ${requestsPerUp} (${killedAt} ms after the start; ` +
        `${killed.length} processes; Airbyte had ${atKill}/${SOURCES + 4} objects; last seen: ${lastLine}) | ` +
        `recovery: ${steps.join(" → ")} | duplicates: ${duplicates.length === 0 ? 0 : duplicates.join(", ")}, ` +
        `lost: ${lost.length === 0 ? 0 : lost.join(", ")}, sync jobs: ${syncs}, leaked: ${leaks.length}` +
        (failure === undefined ? "" : ` | ${failure}`);
      summaries.push(summary);
      console.log(summary);

      expect(reachedAirbyte, printed.join("")).toBe(true);
      // The scan looks for the real value: the program did send it to Airbyte.
      expect(JSON.stringify(emu.requests.map((r) => r.body))).toContain(PASSWORD);
      expect(finishedFirst, `seed ${seed}: the up ended before its request ${k}`).toBe(false);
      expect(failure).toBeUndefined();
      expect({ duplicates, lost, syncs, leaks }).toEqual({ duplicates: [], lost: [], syncs: 1, leaks: [] });
      expect(again.code, againOut).toBe(0);
      expect(unchanged).toEqual([`${SOURCES + 6} unchanged`]);
      expect(againOut).not.toMatch(PENDING);
    },
    // Six CLI commands of 26 resources each; on a loaded 2-core runner one `up` has taken 30 s.
    400_000,
  );

  // A kill cannot be timed to cut the checkpoint, its backup and both attributes files at once, so
  // the last resort of the recovery above is proven here on purpose: on the stack whose `up` ended.
  it("a checkpoint cut together with its backup is restored from the backend's history, and up changes nothing", async () => {
    const file = await stackFile(project.backendDir, "measure");
    for (const f of [file, `${file}.attrs`, `${file}.bak`, `${file}.bak.attrs`]) await writeFile(f, "");
    const broken = await pulumi("measure", "stack", "export");
    expect(broken.code).not.toBe(0);
    expect(broken.stdout + broken.stderr).toMatch(/failed to load checkpoint/);

    const good = await lastGoodCheckpoint(project.backendDir, "measure", `${file}.bak`);
    expect(good).toMatch(/\.pulumi[/\\]history[/\\].*\.checkpoint\.json$/);
    await restoreCheckpoint(good ?? "", file);
    const again = await pulumi("measure", "up", "--yes");
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(resourceSummary(again.stdout)).toEqual([`${SOURCES + 6} unchanged`]);
  }, 300_000);
});

/**
 * Where a secret appears in plaintext: the backend's files, the stack config, everything the CLI
 * printed (the killed run included) and the emulator's request log.
 */
async function leaked(
  project: CliProject,
  emulatorLog: readonly string[],
  secrets: readonly string[],
): Promise<string[]> {
  const texts: Array<[string, string]> = [];
  for (const f of await readdir(project.backendDir, { recursive: true, withFileTypes: true })) {
    if (!f.isFile()) continue;
    const file = path.join(f.parentPath, f.name);
    texts.push([file, await readFile(file, "utf8")]);
  }
  for (const f of await readdir(project.dir)) {
    if (/^Pulumi\..+\.yaml$/.test(f)) texts.push([f, await readFile(path.join(project.dir, f), "utf8")]);
  }
  project.transcript.forEach((t, i) => {
    texts.push([`CLI output #${i}`, t]);
  });
  texts.push(["the emulator's log", emulatorLog.join("\n")]);
  const found: string[] = [];
  for (const [where, text] of texts) {
    for (const s of secrets) if (text.includes(s)) found.push(`${s.slice(0, 4)}… in ${where}`);
  }
  return found;
}

/** Whether a file and its blob-store attributes (`<file>.attrs`, when there is one) read as JSON. */
async function readable(file: string): Promise<boolean> {
  const parses = async (f: string, missing: boolean) => {
    try {
      return (JSON.parse(await readFile(f, "utf8")) as unknown) !== null;
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === "ENOENT" && missing;
    }
  };
  return (await parses(file, false)) && (await parses(`${file}.attrs`, true));
}

/**
 * Puts a checkpoint back as `target`, with its attributes file: the backend reads `<file>.attrs`
 * as JSON before the checkpoint, so a cut one fails the load as surely as a cut checkpoint, and a
 * missing one reads as defaults.
 */
async function restoreCheckpoint(source: string, target: string): Promise<void> {
  await copyFile(source, target);
  await copyFile(`${source}.attrs`, `${target}.attrs`).catch(async (error: NodeJS.ErrnoException) => {
    if (error.code !== "ENOENT") throw error;
    await rm(`${target}.attrs`, { force: true });
  });
}

/**
 * The newest checkpoint of `stack` that reads as JSON, attributes included: the backup the backend
 * wrote before the cut write, or else the newest of the backend's history
 * (`.pulumi/history/<project>/<stack>/`), which the backend keeps for every update (a kill can cut
 * the backup's copy too).
 */
async function lastGoodCheckpoint(
  backendDir: string,
  stack: string,
  backup: string,
): Promise<string | undefined> {
  if (await readable(backup)) return backup;
  const root = path.join(backendDir, ".pulumi", "history");
  const files = (await readdir(root, { recursive: true }).catch(() => [] as string[]))
    .filter((f) => f.split(path.sep).includes(stack) && f.endsWith(".checkpoint.json"))
    .map((f) => path.join(root, f));
  const dated = await Promise.all(files.map(async (f) => ({ f, t: (await stat(f)).mtimeMs })));
  for (const { f } of dated.sort((a, b) => b.t - a.t)) if (await readable(f)) return f;
  return undefined;
}

/** The checkpoint file of `stack` in a file backend (`.pulumi/stacks/<project>/<stack>.json`). */
async function stackFile(backendDir: string, stack: string): Promise<string> {
  const root = path.join(backendDir, ".pulumi", "stacks");
  for (const project of await readdir(root)) {
    const file = path.join(root, project, `${stack}.json`);
    const siblings = await readdir(path.join(root, project));
    if (siblings.includes(`${stack}.json.bak`)) return file;
  }
  throw new Error(`no checkpoint backup of stack ${stack} under ${root}`);
}
