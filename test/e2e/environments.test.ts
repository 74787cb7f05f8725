/**
 * `examples/environments` as a team runs it: one program and one YAML spec, stacks `dev` and
 * `prod` (their committed `Pulumi.<stack>.yaml`, pointed at the emulator), deployed with the CLI
 * into two workspaces of one Airbyte. The two match where the spec shares and differ exactly where
 * the stack's overrides say; prod deploys only the spec dev runs (a StackReference); and two
 * checkouts sharing one backend never corrupt a stack with concurrent `up`s.
 */
import { cp, mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../../emulator/index.js";
import { type CliProject, cliProjectAt } from "./cli.js";
import { emulator, outOfBand, REPO_ROOT } from "./harness.js";

const PASSWORD = "environments-pw-5b2d";
const EXAMPLE = path.join(REPO_ROOT, "examples", "environments");

interface Live {
  workspaceId: string;
  name: string;
}

describe("examples/environments: one program, a stack per environment", () => {
  let emu: Emulator;
  let project: CliProject;
  const checkouts: CliProject[] = [];

  /** A fresh checkout of the example (nothing of this repository beside it). */
  const checkout = async (backendDir?: string) => {
    const dir = await mkdtemp(path.join(tmpdir(), "pa-environments-"));
    await cp(EXAMPLE, dir, { recursive: true, filter: (src) => !src.includes("node_modules") });
    const p = await cliProjectAt(dir, backendDir === undefined ? {} : { backendDir });
    checkouts.push(p);
    return p;
  };

  /** A workspace's objects, by kind, as Airbyte answers for them. */
  const inside = async (workspaceName: string) => {
    const get = async (p: string) =>
      ((await outOfBand(emu, "GET", p)) as { data: Record<string, unknown>[] }).data;
    const ws = (await get("/workspaces?limit=100")).filter(
      (w) => w.name === workspaceName,
    ) as unknown as Live[];
    expect(ws, `one workspace "${workspaceName}"`).toHaveLength(1);
    const id = ws[0]?.workspaceId ?? "";
    return {
      sources: await get(`/sources?workspaceIds=${id}`),
      destinations: await get(`/destinations?workspaceIds=${id}`),
      tags: await get(`/tags?workspaceIds=${id}`),
      connections: await get(`/connections?workspaceIds=${id}`),
      jobs: await get(`/jobs?workspaceIds=${id}`),
    };
  };

  beforeAll(async () => {
    emu = await emulator({ jobDurationMs: 200 });
    project = await checkout();
    for (const stack of ["dev", "prod"]) {
      // The committed Pulumi.<stack>.yaml, with the server and credentials of this test's Airbyte.
      await project.pulumi(["stack", "init", stack]);
      await project.pulumi([
        ...["config", "set-all", "--stack", stack],
        ...["--plaintext", `airbyte:serverUrl=${emu.url}`],
        ...["--plaintext", `airbyte:clientId=${emu.clientId}`],
        ...["--secret", `airbyte:clientSecret=${emu.clientSecret}`],
        ...["--secret", `warehouse_password=${PASSWORD}`],
      ]);
    }
    // Prod is promoted from staging in the example; this test has no staging.
    await project.pulumi(["config", "set", "--stack", "prod", "promoteFrom", "dev"]);
  }, 300_000);
  afterAll(async () => {
    for (const c of checkouts) await c.cleanup();
    await emu?.close();
  });

  it("deploys dev and prod: alike where the spec is shared, different exactly where the stack says", async () => {
    await project.pulumi(["up", "--yes", "--stack", "dev"]);
    await project.pulumi(["up", "--yes", "--stack", "prod"]);
    const dev = await inside("analytics dev");
    const prod = await inside("analytics prod");

    const shape = (l: typeof dev) => ({
      sources: l.sources.map((s) => [s.name, s.definitionId]),
      destinations: l.destinations.map((d) => [d.name, d.definitionId]),
      tags: l.tags.map((t) => [t.name, t.color]),
      connections: l.connections.map((c) => [
        c.name,
        (c.configurations as { streams: unknown[] }).streams,
        (c.tags as { name: string }[]).map((t) => t.name),
      ]),
    });
    expect(shape(prod)).toEqual(shape(dev));

    // Where the overrides say: sizes, destination, schedule, a sync on deploy.
    const config = (l: typeof dev, kind: "sources" | "destinations") =>
      l[kind][0]?.configuration as Record<string, unknown>;
    expect(config(dev, "sources").count).toBe(100);
    expect(config(prod, "sources").count).toBe(10000);
    expect(dev.sources[0]?.resourceAllocation).toBeUndefined();
    expect(prod.sources[0]?.resourceAllocation).toMatchObject({
      default: { cpu_limit: "2", memory_limit: "4Gi" },
    });
    expect([config(dev, "destinations").schema, config(prod, "destinations").schema]).toEqual([
      "raw_dev",
      "raw",
    ]);
    expect([config(dev, "destinations").host, config(prod, "destinations").host]).toEqual([
      "warehouse.dev.internal",
      "warehouse.internal",
    ]);
    expect(dev.connections[0]?.schedule).toMatchObject({ scheduleType: "manual" });
    expect(prod.connections[0]?.schedule).toMatchObject({
      scheduleType: "cron",
      cronExpression: "0 0 2 * * ? UTC",
    });
    expect(dev.jobs.filter((j) => j.jobType === "sync")).toHaveLength(0);
    expect(prod.jobs.filter((j) => j.jobType === "sync")).toHaveLength(1);
    // The password went to Airbyte and nowhere into the stacks' files.
    expect(JSON.stringify(emu.requests.map((r) => r.body))).toContain(PASSWORD);
    for (const stack of ["dev", "prod"]) {
      const exported = await project.pulumi(["stack", "export", "--stack", stack]);
      expect(exported.stdout).not.toContain(PASSWORD);
    }
  }, 300_000);

  it("prod previews a change dev does not run yet, refuses to apply it, and applies it once dev has", async () => {
    const specFile = path.join(project.dir, "pipelines.yaml");
    const spec = await readFile(specFile, "utf8");
    await writeFile(
      specFile,
      spec.replace(
        "      - { name: products, syncMode: full_refresh_append }\n",
        "      - { name: products, syncMode: full_refresh_append }\n      - { name: purchases, syncMode: full_refresh_append }\n",
      ),
    );
    const preview = await project.pulumi(["preview", "--diff", "--stack", "prod"]);
    // The CLI prints the program's warnings on stderr.
    expect(preview.stdout + preview.stderr).toMatch(
      /prod deploys only what dev runs: dev runs spec [0-9a-f]{16}, this checkout has [0-9a-f]{16}/,
    );
    expect(preview.stdout).toMatch(/~ 1 to update/);
    expect(preview.stdout).toContain("purchases");

    const writes = () =>
      emu.requests.filter((r) => r.method !== "GET" && !r.path.includes("/applications/token"));
    const writesBefore = writes().length;
    const refused = await project.pulumi(["up", "--yes", "--stack", "prod"], { allowFailure: true });
    expect(refused.code).not.toBe(0);
    expect(refused.stdout + refused.stderr).toMatch(/Deploy dev first/);
    expect(writes()).toHaveLength(writesBefore);

    await project.pulumi(["up", "--yes", "--stack", "dev"]);
    const applied = await project.pulumi(["up", "--yes", "--stack", "prod"]);
    expect(applied.stdout).toMatch(/~ 1 updated/);
    const prod = await inside("analytics prod");
    const streams =
      (prod.connections[0]?.configurations as { streams: { name: string }[] } | undefined)?.streams ?? [];
    expect(streams.map((s) => s.name).sort()).toEqual(["products", "purchases", "users"]);
  }, 300_000);

  it("two checkouts on one backend: an up while another holds the stack is refused, and the state stays whole", async () => {
    // A teammate's checkout: same commit, same stack config, same backend.
    const other = await checkout(project.backendDir);
    for (const f of ["Pulumi.dev.yaml", "pipelines.yaml"]) {
      await cp(path.join(project.dir, f), path.join(other.dir, f));
    }
    const locks = path.join(project.backendDir, ".pulumi", "locks");
    const held = async () =>
      (await readdir(locks, { recursive: true }).catch(() => [] as string[])).some((f) =>
        f.endsWith(".json"),
      );
    expect(await held()).toBe(false);
    const first = project.pulumi(["up", "--yes", "--stack", "dev"], { allowFailure: true });
    while (!(await held())) await new Promise((r) => setTimeout(r, 20));
    // The teammate's up while the first holds the stack: refused, with the way out named.
    const second = await other.pulumi(["up", "--yes", "--stack", "dev"], { allowFailure: true });
    expect(second.code).not.toBe(0);
    expect(second.stdout + second.stderr).toMatch(/the stack is currently locked by 1 lock\(s\)/);
    expect((await first).code).toBe(0);
    expect(await held()).toBe(false);

    // Whatever the interleaving, the stack is whole: a refresh finds no drift, an up changes nothing.
    const refresh = await other.pulumi(["refresh", "--yes", "--stack", "dev"]);
    expect(refresh.stdout).not.toMatch(/~ \d+ updated|- \d+ deleted/);
    const again = await other.pulumi(["up", "--yes", "--stack", "dev"]);
    expect(again.stdout).toMatch(/Resources:\n\s+\d+ unchanged/);
    const dev = await inside("analytics dev");
    expect(dev.sources).toHaveLength(1);
    expect(dev.connections).toHaveLength(1);
  }, 300_000);
});
