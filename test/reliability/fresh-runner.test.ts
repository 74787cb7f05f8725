/**
 * The reliability rows for CI: two "runners" (two checkouts of a user's project, each with its own
 * HOME, TMPDIR and PULUMI_HOME, so nothing on one is seen by the other) deploy one stack whose
 * state lives in an S3-compatible object store (moto's server, see `test/e2e/object-store.ts`),
 * with a passphrase as the secrets provider, as a team's CI does.
 *
 * - A run killed between Airbyte's answer to a create and Pulumi's checkpoint, for each kind, is
 *   re-run on the other runner: no duplicate, nothing lost, with default settings. The kill is
 *   placed, not timed: the emulator holds its answer to the create (a `latency` fault, which
 *   applies after the write), the CLI is frozen (SIGSTOP) so it cannot checkpoint, the provider
 *   gets the answer and records the id, and then the whole process tree is killed.
 * - Airbyte's answer held back and the runner killed before it came (the provider never saw the id).
 * - The CLI alone killed (its provider lives on, in a process group of its own), re-run on the same
 *   runner: the orphaned provider ends itself and the re-run adopts what it made.
 * - Concurrent `up`s on the shared backend: the second is refused by the stack's lock.
 * - The object store lost mid-update (stopped and started again).
 *
 * Every row checks duplicates, lost objects, leaked secrets and that a last `up` changed nothing,
 * and prints the rows in the reliability table's form.
 */
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../../emulator/index.js";
import { type CliProject, type CliResult, cliProjectAt } from "../e2e/cli.js";
import { emulator, REPO_ROOT } from "../e2e/harness.js";
import { type ObjectStore, startObjectStore } from "../e2e/object-store.js";
import {
  descendants,
  exited,
  killTree,
  liveObjects,
  type Named,
  PENDING,
  procStat,
  resourceSummary,
  sleep,
  spawnUp,
} from "./cli-runs.js";
import { type Outcome, table } from "./scenarios.js";

const PASSWORD = "fresh-runner-pw-71c3";
const BUCKET = "team-pulumi-state";
const PROJECT = "airbyte-quickstart";

const PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import * as airbyte from "pulumi-airbyte";

const config = new pulumi.Config();
const ws = new airbyte.Workspace("ws", { name: config.require("workspaceName") });
const source = new airbyte.Source("orders", {
  workspaceId: ws.workspaceId, name: "orders", definition: "faker", configuration: { count: 10, seed: 1 },
});
const warehouse = new airbyte.Destination("warehouse", {
  workspaceId: ws.workspaceId, name: "warehouse", definition: "postgres",
  configuration: {
    host: "warehouse.internal", port: 5432, database: "analytics", schema: "raw", username: "loader",
    password: config.requireSecret("warehousePassword"),
  },
});
const tag = new airbyte.Tag("finance", { workspaceId: ws.workspaceId, name: "finance", color: "FF5733" });
const conn = new airbyte.Connection("conn", {
  sourceId: source.sourceId, destinationId: warehouse.destinationId, name: "orders to warehouse",
  schedule: { scheduleType: "manual" },
  streams: [{ name: "users", syncMode: "full_refresh_overwrite" }],
  tags: [tag.tagId],
});
const job = new airbyte.Job("first-load", {
  connectionId: conn.connectionId, triggers: ["1"], wait: { pollIntervalSeconds: 0.5 },
});
export const jobStatus = job.status;
`;

/** The collection each kind's create posts to, and the name its create records carry. */
const KINDS = [
  { kind: "workspace", path: "/workspaces" },
  { kind: "source", path: "/sources" },
  { kind: "destination", path: "/destinations" },
  { kind: "tag", path: "/tags" },
  { kind: "connection", path: "/connections" },
  { kind: "job", path: "/jobs" },
] as const;

/** Resources the program declares, the stack included. */
const RESOURCES = 7;

/** Duplicates and losses among the stack's objects in Airbyte, and its sync jobs. */
async function tally(emu: Emulator, workspaceName: string) {
  const l = await liveObjects(emu, workspaceName);
  const kinds: Array<[string, readonly Named[], string]> = [
    ["workspace", l.workspaces, workspaceName],
    ["source", l.sources, "orders"],
    ["destination", l.destinations, "warehouse"],
    ["tag", l.tags, "finance"],
    ["connection", l.connections, "orders to warehouse"],
  ];
  const duplicates: string[] = [];
  const lost: string[] = [];
  for (const [kind, items, name] of kinds) {
    const same = items.filter((i) => i.name === name).length;
    if (same > 1) duplicates.push(`${same}× ${kind}`);
    if (same === 0) lost.push(kind);
  }
  const syncs = l.jobs.filter((j) => j.jobType === "sync").length;
  if (syncs > 1) duplicates.push(`${syncs} sync jobs`);
  if (syncs === 0) lost.push("the sync job");
  return { duplicates, lost };
}

describe("fresh CI runners on a shared S3 backend", () => {
  let store: ObjectStore;
  let backendUrl: string;
  let root: string;
  let runnerA: CliProject;
  let runnerB: CliProject;
  const emulators: Emulator[] = [];
  const emulatorLog: string[] = [];
  const outcomes: Outcome[] = [];

  /** A runner: a checkout of the project with a HOME, TMPDIR and PULUMI_HOME of its own. */
  const runner = async (name: string): Promise<CliProject> => {
    const base = path.join(root, name);
    const dir = path.join(base, "checkout");
    await mkdir(dir, { recursive: true });
    for (const sub of ["home", "tmp"]) await mkdir(path.join(base, sub), { recursive: true });
    const quickstart = path.join(REPO_ROOT, "examples", "quickstart");
    for (const file of ["Pulumi.yaml", "package.json", "tsconfig.json"]) {
      await cp(path.join(quickstart, file), path.join(dir, file));
    }
    await writeFile(path.join(dir, "index.ts"), PROGRAM);
    return cliProjectAt(dir, {
      backendUrl,
      env: {
        ...store.env,
        HOME: path.join(base, "home"),
        TMPDIR: path.join(base, "tmp"),
        // Where earlier tests put records: never here. The runners find them beside the state.
        PULUMI_AIRBYTE_CREATE_RECORDS_DIR: "",
      },
    });
  };

  const run = async (who: CliProject, stack: string, ...args: string[]): Promise<CliResult> => {
    const t = Date.now();
    const r = await who.pulumi([...args, "--stack", stack], { allowFailure: true, timeoutMs: 180_000 });
    console.log(
      // The command's first words only: config values are secrets.
      `[fresh] ${who === runnerA ? "A" : "B"}: pulumi ${args.slice(0, 2).join(" ")} --stack ${stack}: exit ${r.code} after ${Date.now() - t} ms`,
    );
    return r;
  };

  /** A new stack on runner A, its config committed (copied) to runner B's checkout. */
  const newStack = async (stack: string, workspaceName: string): Promise<Emulator> => {
    const emu = await emulator({ jobDurationMs: 300, log: (line) => emulatorLog.push(line) });
    emulators.push(emu);
    expect((await run(runnerA, stack, "stack", "init")).code).toBe(0);
    const set = await run(
      runnerA,
      stack,
      ...["config", "set-all"],
      ...["--plaintext", `airbyte:serverUrl=${emu.url}`],
      ...["--plaintext", `airbyte:clientId=${emu.clientId}`],
      ...["--secret", `airbyte:clientSecret=${emu.clientSecret}`],
      ...["--secret", `warehousePassword=${PASSWORD}`],
      ...["--plaintext", `workspaceName=${workspaceName}`],
    );
    expect(set.code, set.stderr).toBe(0);
    await cp(path.join(runnerA.dir, `Pulumi.${stack}.yaml`), path.join(runnerB.dir, `Pulumi.${stack}.yaml`));
    return emu;
  };

  /**
   * The recovery a user runs after a killed `up`, here on `who`: `up` (refused while the dead
   * run's lock stays: `cancel`), and when it warns of pending creates,
   * `refresh --clear-pending-creates`; then a last `up` must change nothing.
   */
  const recover = async (who: CliProject, stack: string) => {
    const steps: string[] = [];
    let adopted = 0;
    for (let attempt = 1; attempt <= 3; attempt++) {
      const up = await run(who, stack, "up", "--yes");
      const out = up.stdout + up.stderr;
      // What the user sees, printed for docs/reliability.md (the lines that name the state).
      const said = out.split("\n").filter((l) => /lock|pending|interrupted while|refresh/i.test(l));
      console.log(`[fresh] pulumi up said:\n${said.join("\n")}`);
      if (up.code !== 0 && /the stack is currently locked/.test(out)) {
        steps.push("up refused (lock)");
        expect((await run(who, stack, "cancel", "--yes")).code).toBe(0);
        steps.push("cancel");
        continue;
      }
      expect(up.code, out).toBe(0);
      // Any id: a sync job's is a number.
      adopted += new Set(out.match(/\S+(?=: made by an earlier run)/g) ?? []).size;
      const pending = PENDING.exec(out)?.[1];
      steps.push(`up (${pending === undefined ? "" : `${pending} pending, `}${adopted} adopted)`);
      if (pending !== undefined) {
        const refresh = await run(who, stack, "refresh", "--clear-pending-creates", "--yes");
        expect(refresh.code, refresh.stdout + refresh.stderr).toBe(0);
        steps.push("refresh --clear-pending-creates");
      }
      break;
    }
    const again = await run(who, stack, "up", "--yes");
    const againOut = again.stdout + again.stderr;
    const converged =
      again.code === 0 &&
      resourceSummary(again.stdout).join() === `${RESOURCES} unchanged` &&
      !PENDING.test(againOut);
    steps.push(`up (${again.code === 0 ? resourceSummary(again.stdout).join(", ") : "failed"})`);
    return { steps, adopted, converged };
  };

  /** Places a secret was found in plaintext: the bucket, every CLI output, the emulator's log. */
  const leaks = async (): Promise<string[]> => {
    const texts: Array<[string, string]> = [];
    for (const key of await store.keys(BUCKET)) texts.push([key, await store.read(BUCKET, key)]);
    for (const who of [runnerA, runnerB]) {
      for (const [i, t] of who.transcript.entries()) texts.push([`CLI output #${i}`, t]);
    }
    texts.push(["the emulator's log", emulatorLog.join("\n")]);
    const secrets = [PASSWORD, ...emulators.map((e) => e.clientSecret)];
    return texts.flatMap(([where, text]) =>
      secrets.filter((s) => text.includes(s)).map((s) => `${s.slice(0, 4)}… in ${where}`),
    );
  };

  /** A create record of `kind` in the bucket that holds the id Airbyte answered. */
  const recordWithId = async (stack: string, kind: string): Promise<boolean> => {
    const prefix = `.pulumi-airbyte/create-records/${PROJECT}/${stack}/`;
    for (const key of await store.keys(BUCKET, prefix)) {
      const record = JSON.parse(await store.read(BUCKET, key)) as { kind?: string; id?: string };
      if (record.kind === kind && record.id !== undefined) return true;
    }
    return false;
  };

  /** Waits until the emulator has applied a `POST <path>` (its answer may still be held). */
  const applied = async (emu: Emulator, p: string, child: { exitCode: number | null }) => {
    while (!emu.requests.some((r) => r.method === "POST" && r.path === p) && child.exitCode === null) {
      await sleep(1);
    }
  };

  const record = async (
    scenario: string,
    faults: string,
    emu: Emulator,
    workspaceName: string,
    recovery: { steps: string[]; converged: boolean },
    note = "",
  ) => {
    const { duplicates, lost } = await tally(emu, workspaceName);
    const leaked = await leaks();
    const outcome: Outcome = {
      scenario,
      seed: 0,
      faults,
      operations: recovery.steps.join(", "),
      duplicates: duplicates.length,
      lost: lost.length,
      leaked: leaked.length,
      rateLimited: emu.requests.filter((r) => r.status === 429).length,
      converged: recovery.converged,
      accepted: true,
      note: [note, ...duplicates, ...lost.map((l) => `lost ${l}`), ...leaked].filter(Boolean).join("; "),
    };
    outcomes.push(outcome);
    console.log(table([outcome]).split("\n").at(-1));
    expect({ duplicates, lost, leaked, converged: recovery.converged }).toEqual({
      duplicates: [],
      lost: [],
      leaked: [],
      converged: true,
    });
  };

  beforeAll(async () => {
    store = await startObjectStore();
    backendUrl = await store.bucket(BUCKET);
    root = await mkdtemp(path.join(tmpdir(), "pa-runners-"));
    runnerA = await runner("runner-a");
    runnerB = await runner("runner-b");
  }, 300_000);

  afterAll(async () => {
    if (outcomes.length > 0) console.log(`\nFresh runners on a shared S3 backend:\n${table(outcomes)}\n`);
    for (const who of [runnerA, runnerB]) await who?.cleanup();
    await Promise.all(emulators.map((e) => e.close()));
    await store?.close();
    if (root !== undefined) await rm(root, { recursive: true, force: true });
  });

  it.each(KINDS)(
    "$kind: killed between Airbyte's answer and Pulumi's checkpoint, re-run on a fresh runner",
    async ({ kind, path: collection }) => {
      const stack = `fresh-${kind}`;
      const workspaceName = `fresh runner ${kind}`;
      const emu = await newStack(stack, workspaceName);
      emu.faults.inject({ kind: "latency", method: "POST", path: collection, ms: 1500, times: 1 });
      const printed: string[] = [];
      const child = spawnUp(runnerA, stack, printed);
      await applied(emu, collection, child);
      expect(child.exitCode, printed.join("")).toBeNull();
      // The CLI frozen: it cannot save a checkpoint. Its provider (its own process group) gets
      // Airbyte's answer and records the id; then the runner dies whole.
      process.kill(child.pid ?? 0, "SIGSTOP");
      const deadline = Date.now() + 20_000;
      while (!(await recordWithId(stack, kind)) && Date.now() < deadline) await sleep(50);
      const hadId = await recordWithId(stack, kind);
      await killTree(child.pid ?? 0);
      await exited(child);
      runnerA.transcript.push(...printed);
      expect(hadId, `the ${kind}'s record got Airbyte's id before the kill`).toBe(true);

      const recovery = await recover(runnerB, stack);
      expect(recovery.adopted).toBeGreaterThanOrEqual(1);
      await record(
        `killed after Airbyte answered POST ${collection}, before Pulumi's checkpoint; re-run on a fresh runner`,
        `POST ${collection} answer held 1.5 s, CLI frozen, tree killed`,
        emu,
        workspaceName,
        recovery,
      );
    },
    400_000,
  );

  it("Airbyte's answer to POST /sources held back and the runner killed before it came: a fresh runner adopts the source", async () => {
    const stack = "held-back";
    const workspaceName = "fresh runner held back";
    const emu = await newStack(stack, workspaceName);
    emu.faults.inject({ kind: "latency", method: "POST", path: "/sources", ms: 5000, times: 1 });
    const printed: string[] = [];
    const child = spawnUp(runnerA, stack, printed);
    await applied(emu, "/sources", child);
    await killTree(child.pid ?? 0);
    await exited(child);
    runnerA.transcript.push(...printed);
    expect(await recordWithId(stack, "source")).toBe(false);
    const recovery = await recover(runnerB, stack);
    await record(
      "answer to POST /sources held back, runner killed; re-run on a fresh runner",
      "POST /sources answer held 5 s, tree killed",
      emu,
      workspaceName,
      recovery,
    );
  }, 400_000);

  it("the CLI alone killed, its provider living on: the provider ends itself and a re-run on the same runner adopts", async () => {
    const stack = "cli-only";
    const workspaceName = "fresh runner cli only";
    const emu = await newStack(stack, workspaceName);
    emu.faults.inject({ kind: "latency", method: "POST", path: "/sources", ms: 1500, times: 1 });
    const printed: string[] = [];
    const child = spawnUp(runnerA, stack, printed);
    await applied(emu, "/sources", child);
    const plugins = await descendants(child.pid ?? 0);
    // The CLI's process group only: the language host and the provider are in groups of their own.
    process.kill(-(child.pid ?? 0), "SIGKILL");
    await exited(child);
    runnerA.transcript.push(...printed);
    // Re-run at once, while the orphaned provider may still be ending.
    const recovery = await recover(runnerA, stack);
    const left = [];
    for (const pid of plugins) {
      const stat = await procStat(pid);
      if (stat !== undefined && stat.state !== "Z") left.push(pid);
    }
    await record(
      "the CLI alone killed (its provider lives on); re-run on the same runner",
      "POST /sources answer held 1.5 s, CLI's process group killed",
      emu,
      workspaceName,
      recovery,
      left.length === 0 ? "" : `processes of the killed run still running: ${left.join(", ")}`,
    );
    // The provider ended itself; a language host of a killed CLI is Pulumi's own matter.
    const provider = [];
    for (const pid of left) {
      const cmdline = await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "");
      if (cmdline.includes("dynamic-provider")) provider.push(pid);
    }
    expect(provider).toEqual([]);
  }, 400_000);

  it("concurrent ups from two runners: the second is refused by the lock, the state stays whole, and it converges", async () => {
    const stack = "concurrent";
    const workspaceName = "fresh runner concurrent";
    const emu = await newStack(stack, workspaceName);
    const printed: string[] = [];
    const first = spawnUp(runnerA, stack, printed);
    // The first holds the lock once it calls Airbyte.
    while (emu.requests.length === 0 && first.exitCode === null) await sleep(5);
    const second = await run(runnerB, stack, "up", "--yes");
    const firstCode = await exited(first);
    runnerA.transcript.push(...printed);
    expect(firstCode, printed.join("")).toBe(0);
    expect(second.code).not.toBe(0);
    expect(second.stdout + second.stderr).toMatch(/the stack is currently locked by 1 lock\(s\)/);
    const exported = await run(runnerB, stack, "stack", "export");
    expect(exported.code).toBe(0);
    expect(
      (JSON.parse(exported.stdout) as { deployment: { resources: unknown[] } }).deployment.resources,
    ).toHaveLength(RESOURCES + 1);
    const recovery = await recover(runnerB, stack);
    await record(
      "concurrent ups from two runners on a shared backend",
      "a second up while the first holds the lock",
      emu,
      workspaceName,
      { ...recovery, steps: ["up (A)", "up (B, refused: locked)", ...recovery.steps] },
    );
  }, 400_000);

  it("the object store lost mid-update (stopped, then started again): the next run converges", async () => {
    const stack = "store-lost";
    const workspaceName = "fresh runner store lost";
    const emu = await newStack(stack, workspaceName);
    const printed: string[] = [];
    const child = spawnUp(runnerA, stack, printed);
    await applied(emu, "/sources", child);
    await store.stop();
    // The CLI cannot save its checkpoint; it gives up on its own, or is ended as a CI timeout would.
    const deadline = Date.now() + 150_000;
    while (child.exitCode === null && Date.now() < deadline) await sleep(200);
    const gaveUp = child.exitCode !== null;
    if (!gaveUp) await killTree(child.pid ?? 0);
    await exited(child);
    runnerA.transcript.push(...printed);
    await store.start();
    const recovery = await recover(runnerB, stack);
    await record(
      "the object store lost mid-update (stopped, started again)",
      "store unreachable from the first source create on",
      emu,
      workspaceName,
      recovery,
      gaveUp
        ? `the run failed: ${
            printed
              .join("")
              .split("\n")
              .find((l) => /error:/.test(l))
              ?.trim() ?? ""
          }`
        : "the run hung and was killed after 150 s",
    );
  }, 500_000);
});
