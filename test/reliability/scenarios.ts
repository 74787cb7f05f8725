/**
 * The reliability matrix: deployments on the real Pulumi engine (Automation API) against the
 * emulator while it injects faults — answers lost after Airbyte wrote, 429 storms, 5xx bursts,
 * short-lived tokens, interrupted runs, changes made elsewhere between preview and up. Each
 * scenario reports what it did and what it found: duplicates, lost objects, leaked secrets, and
 * whether a second `up` converged. `test/reliability/reliability.test.ts` runs it in CI with one
 * fixed seed and prints the table; `npm run reliability` runs it with more seeds.
 */
import { spawnSync } from "node:child_process";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { PulumiFn } from "@pulumi/pulumi/automation/index.js";
import type { Emulator } from "../../emulator/index.js";
import { actorSpec } from "../../provider/actor.js";
import { createKey } from "../../provider/framework/create-once.js";
import { writeRecord } from "../../provider/framework/create-records.js";
import { emulator, newStack, outOfBand, type TestStack } from "../e2e/harness.js";
import * as airbyte from "../e2e/sdk.js";

/** The secrets every scenario watches for. */
export const WAREHOUSE_PASSWORD = "reliability-pw-8c2e";

/** What one scenario found. */
export interface Outcome {
  readonly scenario: string;
  readonly seed: number;
  readonly faults: string;
  readonly operations: string;
  /** Objects of one kind with the same name (more than the program declares). */
  readonly duplicates: number;
  /** Declared objects missing afterwards. */
  readonly lost: number;
  /** Places a secret was found in plaintext (state files, engine output, emulator log). */
  readonly leaked: number;
  /** 429 answers the client got (bounded when it slows down). */
  readonly rateLimited: number;
  /** True when the last `up` made no change: the deployment converged. */
  readonly converged: boolean;
  /**
   * True when the faulted steps succeeded, or failed with the one failure the scenario accepts
   * ({@link Scenario.accepts}).
   */
  readonly accepted: boolean;
  /** What went wrong, if anything did. */
  readonly note: string;
}

/** The program every scenario deploys, `sources` faker sources and one full pipeline. */
function pipeline(opts: { sources?: number; name?: string; cron?: string; jdbc?: boolean } = {}): PulumiFn {
  return async () => {
    const ws = new airbyte.Workspace("ws", { name: "reliability" });
    const source = new airbyte.Source("orders", {
      workspaceId: ws.workspaceId,
      name: opts.name ?? "orders",
      definition: "faker",
      configuration: { count: 10, seed: 1 },
    });
    for (let i = 0; i < (opts.sources ?? 0); i++) {
      new airbyte.Source(`extra-${i}`, {
        workspaceId: ws.workspaceId,
        name: `extra ${i}`,
        definition: "faker",
        configuration: { count: 10, seed: i },
      });
    }
    const warehouse = new airbyte.Destination("warehouse", {
      workspaceId: ws.workspaceId,
      name: "warehouse",
      definition: "postgres",
      configuration: {
        host: "dwh",
        port: 5432,
        database: "analytics",
        schema: "raw",
        username: "loader",
        password: WAREHOUSE_PASSWORD,
        ...(opts.jdbc !== false && { jdbc_url_params: "connectTimeout=10" }),
      },
    });
    const tag = new airbyte.Tag("finance", { workspaceId: ws.workspaceId, name: "finance", color: "FF5733" });
    const connection = new airbyte.Connection("sync", {
      sourceId: source.sourceId,
      destinationId: warehouse.destinationId,
      name: "orders to warehouse",
      schedule: { scheduleType: "cron", cronExpression: opts.cron ?? "0 0 2 * * ?" },
      streams: [{ name: "users", syncMode: "full_refresh_overwrite" }],
      tags: [tag.tagId],
    });
    const job = new airbyte.Job("first-load", { connectionId: connection.connectionId, triggers: ["1"] });
    return { workspaceId: ws.workspaceId, jobStatus: job.status };
  };
}

interface Live {
  workspaces: Array<{ name: string }>;
  sources: Array<{ name: string }>;
  destinations: Array<{ name: string }>;
  tags: Array<{ name: string }>;
  connections: Array<{ name: string; status: string }>;
  jobs: number;
}

async function live(emu: Emulator): Promise<Live> {
  const list = async <T>(p: string) => ((await outOfBand(emu, "GET", p)) as { data: T[] }).data;
  const workspaces = (await list<{ name: string; workspaceId: string }>("/workspaces?limit=100")).filter(
    (w) => w.name === "reliability",
  );
  const ids = workspaces.map((w) => w.workspaceId).join(",");
  if (ids === "") return { workspaces, sources: [], destinations: [], tags: [], connections: [], jobs: 0 };
  const connections = (
    await list<{ name: string; status: string; connectionId: string }>(
      `/connections?workspaceIds=${ids}&limit=100`,
    )
  ).filter((c) => c.status !== "deprecated");
  let jobs = 0;
  for (const c of connections) jobs += (await list(`/jobs?connectionId=${c.connectionId}&limit=100`)).length;
  return {
    workspaces,
    sources: await list(`/sources?workspaceIds=${ids}&limit=100`),
    destinations: await list(`/destinations?workspaceIds=${ids}&limit=100`),
    tags: await list(`/tags?workspaceIds=${ids}`),
    connections,
    jobs,
  };
}

/** Objects beyond one per declared name, and declared names missing. */
function count(l: Live, expected: { sources: number; present: boolean; jobs?: number }) {
  const extra = (items: Array<{ name: string }>) => items.length - new Set(items.map((i) => i.name)).size;
  const duplicates =
    extra(l.workspaces) +
    extra(l.sources) +
    extra(l.destinations) +
    extra(l.tags) +
    extra(l.connections) +
    (expected.jobs !== undefined ? Math.max(0, l.jobs - expected.jobs) : 0);
  const want = expected.present ? 1 : 0;
  const lost = expected.present
    ? Math.max(0, want - l.workspaces.length) +
      Math.max(0, 1 + expected.sources - new Set(l.sources.map((s) => s.name)).size) +
      Math.max(0, want - l.destinations.length) +
      Math.max(0, want - l.tags.length) +
      Math.max(0, want - l.connections.length)
    : 0;
  return { duplicates, lost };
}

async function leaks(t: TestStack, texts: readonly string[], secrets: readonly string[]): Promise<number> {
  const files = await readdir(t.backendDir, { recursive: true, withFileTypes: true });
  const state = await Promise.all(
    files.filter((f) => f.isFile()).map((f) => readFile(path.join(f.parentPath, f.name), "utf8")),
  );
  let found = 0;
  for (const text of [...state, ...texts]) for (const s of secrets) if (text.includes(s)) found++;
  return found;
}

/** One scenario: its name, the faults it injects, and what it does. */
export interface Scenario {
  readonly name: string;
  readonly faults: string;
  readonly operations: string;
  readonly sources?: number;
  /** Sets faults and runs the steps; the harness then checks the result and runs a last `up`. */
  run(ctx: Context): Promise<void>;
  /** Whether the pipeline should exist at the end (false after a destroy). */
  readonly present?: boolean;
  /** Jobs expected at the end. */
  readonly jobs?: number;
  /**
   * The one failure the faulted steps may end with, where a user's next `up` is the repair (a
   * fault the client must not absorb, such as a create that kept failing). Without it the steps
   * must succeed: the client or the provider absorbs the fault. Any other failure fails the row.
   */
  readonly accepts?: RegExp;
}

/** What a scenario's steps get. */
export interface Context {
  readonly emu: Emulator;
  readonly t: TestStack;
  readonly seed: number;
  /** Runs `up` of the program, recording the engine's output. */
  up(program?: PulumiFn): Promise<void>;
  /** The engine's output so far. */
  readonly output: string[];
}

const drop = (method: string, p: string) => ({ kind: "drop" as const, method, path: p, times: 1 });

/** The scenarios. `seed` drives every probabilistic fault. */
export function scenarios(): Scenario[] {
  const createDropped = (collection: string): Scenario => ({
    name: `answer to POST /${collection} lost`,
    faults: `POST /${collection} drop ×1`,
    operations: "up, up",
    jobs: 1,
    async run(ctx) {
      ctx.emu.faults.inject(drop("POST", `/${collection}`));
      await ctx.up();
    },
  });
  const updateDropped = (label: string, method: string, p: string, program: PulumiFn): Scenario => ({
    name: `answer to ${label} lost`,
    faults: `${method} ${p} drop ×1`,
    operations: "up, change, up",
    jobs: 1,
    async run(ctx) {
      await ctx.up();
      ctx.emu.faults.inject(drop(method, p));
      await ctx.up(program);
    },
  });
  return [
    ...["workspaces", "sources", "destinations", "tags", "connections", "jobs"].map(createDropped),
    updateDropped("PATCH /sources (rename)", "PATCH", "/sources/*", pipeline({ name: "orders renamed" })),
    updateDropped("PUT /destinations (key removed)", "PUT", "/destinations/*", pipeline({ jdbc: false })),
    updateDropped(
      "PATCH /connections (schedule)",
      "PATCH",
      "/connections/*",
      pipeline({ cron: "0 0 5 * * ?" }),
    ),
    {
      name: "answers to DELETE lost (destroy)",
      faults: "DELETE /** drop ×3",
      operations: "up, destroy",
      present: false,
      async run(ctx) {
        await ctx.up();
        for (const p of ["/connections/*", "/sources/*", "/destinations/*"]) {
          ctx.emu.faults.inject(drop("DELETE", p));
        }
        await ctx.t.stack.destroy();
      },
    },
    {
      name: "429 storm, 100 resources at --parallel 16",
      faults: "* * rate=25/s",
      operations: "up (parallel 16)",
      sources: 94,
      jobs: 1,
      async run(ctx) {
        ctx.emu.faults.inject({ kind: "rateLimit", requests: 25, windowMs: 1000 });
        await ctx.t.stack.up({ parallel: 16, onOutput: (l) => ctx.output.push(l) });
      },
    },
    {
      name: "5xx bursts, 100 resources at --parallel 16",
      faults: "* * 502/503/504 p=0.1",
      operations: "up (parallel 16)",
      sources: 94,
      jobs: 1,
      // A create is never retried blindly: after a 5xx the provider looks for the object and tries
      // again, twice; a create that got the injected 5xx three times fails the up, naming it.
      accepts: /POST \/v1\/\S+ failed with 50[234] [A-Za-z ]+: Injected by the emulator/,
      async run(ctx) {
        for (const [i, status] of [502, 503, 504].entries()) {
          ctx.emu.faults.inject({
            kind: "status",
            status,
            probability: 0.035,
            seed: ctx.seed + i,
            times: "always",
          });
        }
        await ctx.t.stack.up({ parallel: 16, onOutput: (l) => ctx.output.push(l) });
      },
    },
    {
      name: "token expiry mid-up",
      faults: "token-ttl=1 s, 250 ms latency",
      operations: "up",
      jobs: 1,
      async run(ctx) {
        ctx.emu.faults.inject({ kind: "tokenTtl", seconds: 1 });
        ctx.emu.faults.inject({ kind: "latency", ms: 250 });
        await ctx.up();
      },
    },
    {
      name: "run interrupted after Airbyte wrote, before Pulumi recorded",
      faults: "objects made by the lost run",
      operations: "up (workspace), up",
      jobs: 1,
      async run(ctx) {
        // The first run got as far as the workspace; then Airbyte made the source, and the CLI died.
        await ctx.up(async () => {
          new airbyte.Workspace("ws", { name: "reliability" });
        });
        const ws = (await outOfBand(ctx.emu, "GET", "/workspaces?limit=100")) as {
          data: Array<{ name: string; workspaceId: string }>;
        };
        const workspaceId = ws.data.find((w) => w.name === "reliability")?.workspaceId ?? "";
        // A run killed mid-create leaves its record on the machine: the provider process that wrote
        // it is gone, and Airbyte's answer (the id) never came.
        const identity = actorSpec("source").createOnce.identity({
          workspaceId,
          name: "orders",
          definition: "faker",
          configuration: { count: 10, seed: 1 },
        });
        await writeRecord(createKey("source", ctx.emu.url, identity), {
          startedAt: Date.now(),
          pid: spawnSync(process.execPath, ["-e", ""]).pid,
        });
        await outOfBand(ctx.emu, "POST", "/sources", {
          name: "orders",
          workspaceId,
          configuration: { sourceType: "faker", count: 10, seed: 1 },
        });
        await ctx.up();
      },
    },
    {
      name: "changes elsewhere between preview and up",
      faults: "source deleted (its connection with it)",
      operations: "up, preview, up, refresh, up",
      // The connection is made again, and its first-load job with it.
      jobs: 2,
      async run(ctx) {
        await ctx.up();
        const renamed = pipeline({ name: "orders v2" });
        const s = await ctx.t.reopen(renamed);
        await s.preview();
        const l = (await outOfBand(ctx.emu, "GET", "/sources?limit=100")) as {
          data: Array<{ sourceId: string; name: string }>;
        };
        const source = l.data.find((x) => x.name === "orders");
        await outOfBand(ctx.emu, "DELETE", `/sources/${source?.sourceId}`);
        // The reviewed update cannot apply to a source that is gone: up refuses, naming refresh.
        const failed = await s.up({ onOutput: (x) => ctx.output.push(x) }).then(
          () => undefined,
          (e: Error) => e.message,
        );
        if (failed === undefined || !/no longer exists in Airbyte.*pulumi refresh/s.test(failed)) {
          throw new Error(
            `the up of a deleted source should fail naming refresh, got: ${failed ?? "success"}`,
          );
        }
        await s.refresh();
        await ctx.up(renamed);
      },
    },
    {
      name: "a source renamed elsewhere between preview and up",
      faults: "source renamed out of band",
      operations: "up, preview, up, refresh, up",
      async run(ctx) {
        await ctx.up();
        const changed = pipeline({ cron: "0 0 3 * * ?" });
        const s = await ctx.t.reopen(changed);
        await s.preview();
        const l = (await outOfBand(ctx.emu, "GET", "/sources?limit=100")) as {
          data: Array<{ sourceId: string; name: string }>;
        };
        const source = l.data.find((x) => x.name === "orders");
        await outOfBand(ctx.emu, "PATCH", `/sources/${source?.sourceId}`, {
          name: "orders (renamed in the UI)",
        });
        // The reviewed change applies; the rename is drift, which refresh finds and the next up undoes.
        await s.up({ onOutput: (x) => ctx.output.push(x) });
        await s.refresh();
        await ctx.up(changed);
        const after = (await outOfBand(ctx.emu, "GET", `/sources/${source?.sourceId}`)) as { name: string };
        if (after.name !== "orders") throw new Error(`the source is still called "${after.name}"`);
      },
    },
    {
      name: "a connection locked elsewhere between preview and up",
      faults: "PATCH /connections/* 409 error:connection/locked (until unlocked)",
      operations: "up, preview, up (refused: locked), unlock, up",
      // The refused up is expected and checked inside: the steps as a whole must succeed.
      async run(ctx) {
        await ctx.up();
        const changed = pipeline({ cron: "0 0 4 * * ?" });
        const s = await ctx.t.reopen(changed);
        await s.preview();
        // Airbyte locks a connection itself (billing, a workspace over its limits); nothing in the
        // public API unlocks it, so the lock is Airbyte's answer to every PATCH until it is lifted.
        const lock = ctx.emu.faults.inject({
          kind: "status",
          method: "PATCH",
          path: "/connections/*",
          status: 409,
          times: "always",
          body: {
            status: 409,
            type: "error:connection/locked",
            title: "Connection is locked",
            detail: "The connection is locked and cannot be modified.",
          },
        });
        const failed = await s.up({ onOutput: (x) => ctx.output.push(x) }).then(
          () => undefined,
          (e: Error) => e.message,
        );
        if (failed === undefined || !/Connection is locked/.test(failed)) {
          throw new Error(
            `the up of a locked connection should fail naming the lock, got: ${failed ?? "success"}`,
          );
        }
        ctx.emu.faults.remove(lock.id);
        await ctx.up(changed);
      },
    },
  ];
}

/** Runs one scenario on a fresh emulator and stack, and reports what it found. */
export async function runScenario(scenario: Scenario, seed: number): Promise<Outcome> {
  const logLines: string[] = [];
  const emu = await emulator({ jobDurationMs: 200, log: (line) => logLines.push(line) });
  const program = pipeline({ sources: scenario.sources ?? 0 });
  const t = await newStack(emu, program);
  const output: string[] = [];
  let note = "";
  let accepted = true;
  let converged = false;
  const ctx: Context = {
    emu,
    t,
    seed,
    output,
    async up(p) {
      const s = p === undefined ? t.stack : await t.reopen(p);
      await s.up({ onOutput: (l) => output.push(l) });
    },
  };
  try {
    await scenario.run(ctx).catch((e: Error) => {
      accepted = scenario.accepts?.test(e.message) === true;
      const error = e.message.split("\n").find((l) => l.includes("error")) ?? e.message.slice(0, 120);
      note = `first attempt failed${accepted ? " (accepted)" : ""}: ${error}`;
      if (!accepted) console.log(`${scenario.name}: the faulted steps failed:\n${e.message}`);
    });
    emu.faults.clear();
    if (scenario.present !== false) {
      const last = await t.reopen(program);
      await last.up({ onOutput: (l) => output.push(l) });
      const again = await last.up({ onOutput: (l) => output.push(l) });
      converged = Object.keys(again.summary.resourceChanges ?? {}).every((k) => k === "same");
    } else {
      converged = true;
    }
  } catch (e) {
    note = `${note} / did not converge: ${(e as Error).message.slice(0, 200)}`;
  }
  const rateLimited = emu.requests.filter((r) => r.status === 429).length;
  const found = count(await live(emu), {
    sources: scenario.sources ?? 0,
    present: scenario.present !== false,
    ...(scenario.jobs !== undefined && { jobs: scenario.jobs }),
  });
  const leaked = await leaks(t, [...output, ...logLines], [WAREHOUSE_PASSWORD, emu.clientSecret]);
  await t.cleanup();
  await emu.close();
  return {
    scenario: scenario.name,
    seed,
    faults: scenario.faults,
    operations: scenario.operations,
    ...found,
    leaked,
    rateLimited,
    converged,
    accepted,
    note,
  };
}

/** The outcomes as a Markdown table. */
export function table(outcomes: readonly Outcome[]): string {
  const rows = outcomes.map(
    (o) =>
      `| ${o.scenario} | ${o.seed} | ${o.faults} | ${o.operations} | ${o.duplicates} | ${o.lost} | ${o.leaked} | ${o.rateLimited} | ${o.converged && o.duplicates === 0 && o.lost === 0 && o.leaked === 0 && o.accepted ? "ok" : "FAIL"} | ${o.note.replace(/\|/g, "/")} |`,
  );
  return [
    "| scenario | seed | faults | operations | duplicates | lost | leaked | 429s | result | note |",
    "|---|---|---|---|---|---|---|---|---|---|",
    ...rows,
  ].join("\n");
}
