/**
 * The policy pack as teams run it: `examples/policy-pack` (the `pulumi-airbyte/policy` guardrails,
 * with this package and `@pulumi/policy` installed from npm and the tarball) checked by `pulumi
 * preview --policy-pack` on a user's project and by the CI entry point. A mandatory violation stops
 * the preview before anything is created; the fixed program passes and deploys.
 */
import { execFile } from "node:child_process";
import { cp, mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../../emulator/index.js";
import { type CliProject, newCliProject, packTarball } from "./cli.js";
import { emulator, REPO_ROOT } from "./harness.js";

const run = promisify(execFile);

const PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import * as airbyte from "pulumi-airbyte";

const config = new pulumi.Config();
const ws = new airbyte.Workspace("ws", { name: "policy " + pulumi.getStack() });
const source = new airbyte.Source("sample", {
  workspaceId: ws.workspaceId, name: "sample", definition: "faker", configuration: { count: 10 },
});
const warehouse = new airbyte.Destination("warehouse", {
  workspaceId: ws.workspaceId, name: "warehouse", definition: "postgres",
  configuration: {
    host: "db.internal", port: 5432, database: "analytics", schema: "raw", username: "loader",
    password: config.requireSecret("warehousePassword"),
  },
});
const pii = new airbyte.Tag("pii", { workspaceId: ws.workspaceId, name: "pii", color: config.get("piiColor") ?? "D32F2F" });
const owner = new airbyte.Tag("owner", { workspaceId: ws.workspaceId, name: "owner:data-platform", color: "1976D2" });
new airbyte.Connection("users", {
  sourceId: source.sourceId,
  destinationId: warehouse.destinationId,
  name: "users to warehouse",
  schedule: { scheduleType: "cron", cronExpression: config.get("cron") ?? "0 0 * * * ?" },
  streams: [{ name: "users", syncMode: (config.get("mode") ?? "full_refresh_overwrite") as "full_refresh_overwrite" }],
  tags: config.getBoolean("owned") === true ? [pii.tagId, owner.tagId] : [pii.tagId],
});
`;

describe("the policy pack (pulumi-airbyte/policy) on preview", () => {
  let emu: Emulator;
  let project: CliProject;
  let pack: string;

  const writes = () =>
    emu.requests.filter((r) => r.method !== "GET" && !r.path.includes("/applications/token"));

  beforeAll(async () => {
    emu = await emulator({ jobDurationMs: 200 });
    // The pack as a team keeps it: its own folder, dependencies from npm, this package from the tarball.
    pack = await mkdtemp(path.join(tmpdir(), "pa-policy-pack-"));
    await cp(path.join(REPO_ROOT, "examples", "policy-pack"), pack, { recursive: true });
    await run(
      "npm",
      ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error", await packTarball()],
      {
        cwd: pack,
        maxBuffer: 16 * 1024 * 1024,
      },
    );
    project = await newCliProject("commonjs", { program: PROGRAM });
    await project.pulumi(["stack", "init", "prod"]);
    for (const stack of ["dev", "prod"]) {
      await project.pulumi([
        ...["config", "set-all", "--stack", stack],
        ...["--plaintext", `airbyte:serverUrl=${emu.url}`],
        ...["--plaintext", `airbyte:clientId=${emu.clientId}`],
        ...["--secret", `airbyte:clientSecret=${emu.clientSecret}`],
        ...["--secret", "warehousePassword=policy-pw-7c1e"],
      ]);
    }
  }, 300_000);
  afterAll(async () => {
    await project?.cleanup();
    await emu?.close();
  });

  const preview = (stack: string) =>
    project.pulumi(
      [
        ...["preview", "--stack", stack, "--policy-pack", pack],
        ...["--policy-pack-config", path.join(pack, `${stack === "prod" ? "prod" : "dev"}.json`)],
      ],
      { allowFailure: true },
    );

  it("stops a prod preview that breaks all three rules, naming each, and creates nothing", async () => {
    const result = await preview("prod");
    const out = result.stdout + result.stderr;
    expect(result.code, out).not.toBe(0);
    expect(out).toContain("airbyte-schedule-interval");
    expect(out).toContain('"0 0 * * * ?" runs every 60 minutes; this stack allows one run per 240 minutes');
    expect(out).toContain("airbyte-pii-no-overwrite");
    expect(out).toMatch(/tagged "pii" overwrites users with full_refresh_overwrite/);
    expect(out).toContain("airbyte-connection-owner");
    expect(out).toMatch(/needs an owner tag named "owner:<team>"; this one has tags "pii"/);
    expect(writes()).toEqual([]);
  }, 180_000);

  it("the CI entry point fails the same preview with the violations in its summary", async () => {
    const bin = path.join(project.dir, "node_modules", ".bin", "pulumi-airbyte");
    const md = path.join(project.dir, "policy-summary.md");
    const result = await run(
      bin,
      [
        ...["preview", "--stack", "prod", "--summary-md", md],
        ...["--policy-pack", pack, "--policy-pack-config", path.join(pack, "prod.json")],
      ],
      { cwd: project.dir, env: project.env, maxBuffer: 32 * 1024 * 1024 },
    ).then(
      ({ stdout }) => ({ code: 0, stdout }),
      (e: { code?: number; stdout?: string; stderr?: string }) => ({
        code: e.code ?? 1,
        stdout: `${e.stdout ?? ""}${e.stderr ?? ""}`,
      }),
    );
    expect(result.code, result.stdout).toBe(1);
    expect(result.stdout).toMatch(/policy violations \(3\):/);
    expect(result.stdout).toMatch(/\[mandatory\] airbyte-connection-owner on users/);
    expect(result.stdout).toMatch(/3 mandatory policy violations stopped the preview/);
    const summary = await readFile(md, "utf8");
    console.log(`${result.stdout}\n${summary}`);
    expect(summary).toContain("**Policy violations**");
    expect(summary).toMatch(/\| mandatory \| `airbyte-pii-no-overwrite` \| users \|/);
    expect(writes()).toEqual([]);
  }, 180_000);

  it("lets dev run hourly, and passes and deploys prod once the program follows the rules", async () => {
    await project.pulumi(["config", "set", "--stack", "dev", "mode", "full_refresh_append"]);
    await project.pulumi(["config", "set", "--stack", "dev", "owned", "true"]);
    const dev = await preview("dev");
    expect(dev.code, dev.stdout + dev.stderr).toBe(0);

    await project.pulumi(["config", "set", "--stack", "prod", "mode", "full_refresh_append"]);
    await project.pulumi(["config", "set", "--stack", "prod", "owned", "true"]);
    await project.pulumi(["config", "set", "--stack", "prod", "cron", "0 0 2 * * ?"]);
    const prod = await preview("prod");
    expect(prod.code, prod.stdout + prod.stderr).toBe(0);
    expect(prod.stdout).toMatch(/✅ airbyte-guardrails@v0\.1\.0/);
    expect(prod.stdout).toMatch(/\+ 7 to create/); // the stack and its six resources
    const up = await project.pulumi([
      ...["up", "--yes", "--stack", "prod", "--policy-pack", pack],
      ...["--policy-pack-config", path.join(pack, "prod.json")],
    ]);
    expect(up.stdout).toMatch(/7 created/);
  }, 240_000);

  it("counts a tag the stack manages once: no `tag id(s) not managed` for a connection whose tags are all managed", async () => {
    // On a deployed stack the connection holds its tags' ids. The "pii" tag changes colour in the
    // same preview, so its id output is unknown until the update, while the connection holds it.
    // The owner tag is dropped, so the rule fires: it must name "pii" and nothing unmanaged.
    await project.pulumi(["config", "set", "--stack", "prod", "owned", "false"]);
    await project.pulumi(["config", "set", "--stack", "prod", "piiColor", "B71C1C"]);
    const result = await preview("prod");
    const out = result.stdout + result.stderr;
    expect(out).toMatch(/needs an owner tag named "owner:<team>"; this one has tags "pii"\. Add/);
    expect(out).not.toContain("not managed by this stack");
  }, 180_000);
});
