/**
 * Running the Pulumi CLI as a CI job does, and killing it as a dead runner would: `pulumi up` as a
 * process group of its own, and SIGKILL for it and every process it started (Pulumi starts its
 * plugins in process groups of their own, so the group alone is not the whole tree).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { Emulator } from "../../emulator/index.js";
import type { CliProject } from "../e2e/cli.js";
import { outOfBand } from "../e2e/harness.js";

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A process's parent and run state ("R", "S", "T" stopped, "Z" zombie…), from /proc; undefined once gone. */
export async function procStat(pid: number): Promise<{ ppid: number; state: string } | undefined> {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => undefined);
  if (stat === undefined) return undefined;
  // "pid (comm) state ppid …": comm may hold spaces and parentheses, so split after the last ")".
  const [state = "?", ppid = "0"] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return { ppid: Number(ppid), state };
}

/** Every descendant of a process, whatever process group it put itself in. */
export async function descendants(root: number): Promise<number[]> {
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
export async function killTree(pid: number): Promise<number[]> {
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
export function spawnUp(project: CliProject, stack: string, printed: string[]): ChildProcess {
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

export const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once("exit", (code) => resolve(code));
  });

/** The lines of the "Resources:" block of an `up`'s output. */
export function resourceSummary(output: string): string[] {
  const block = /\nResources:\n((?:[^\n]*\S[^\n]*\n)+)/.exec(output)?.[1] ?? "";
  return block
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "");
}

export const PENDING = /with (\d+) pending operations? from previous deployment/;

/** Anything Airbyte lists with a name. */
export interface Named {
  readonly name: string;
}

/** The objects of the test's workspace(s) (every one of its name), and their jobs. */
export async function liveObjects(emu: Emulator, workspaceName: string) {
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

/** What {@link liveObjects} found. */
export type LiveObjects = Awaited<ReturnType<typeof liveObjects>>;
