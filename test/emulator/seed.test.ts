/**
 * Seed files: a known starting state from YAML or JSON, applied through the API's own checks, with
 * errors that name the entry and the fix, and applied only to a fresh state.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseArgs } from "../../emulator/cli.js";
import { SeedError, type SeedInput, startEmulator } from "../../emulator/index.js";
import { call, login } from "./helpers.js";

const tmp = mkdtempSync(join(tmpdir(), "emu-seed-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const YAML = `
organizations:
  - id: 10000000-0000-4000-8000-000000000001
    name: Initech
    email: it@initech.example
regions:
  - name: EU
    organization: Initech
workspaces:
  - id: 20000000-0000-4000-8000-000000000001
    name: reports
    organization: Initech
    region: EU
    tags: [{ name: nightly, color: 00FF00 }]
    sources:
      - id: 30000000-0000-4000-8000-000000000001
        name: tps
        configuration: { sourceType: faker, count: 3 }
    destinations:
      - name: lake
        configuration:
          destinationType: s3
          s3_bucket_name: b
          s3_bucket_path: p
          s3_bucket_region: us-east-1
          format: { format_type: JSONL }
    connections:
      - source: tps
        destination: lake
        schedule: { scheduleType: cron, cronExpression: "0 0 2 * * ?" }
        tags: [nightly]
        streams: [{ name: users, syncMode: full_refresh_append }]
users:
  - name: Peter
    email: peter@initech.example
    applications: [{ name: cli, clientId: peter, clientSecret: tps-report }]
    permissions: [{ type: workspace_runner, workspace: reports }]
`;

function seedFile(name: string, text: string): string {
  const file = join(tmp, name);
  writeFileSync(file, text);
  return file;
}

async function seedError(seed: SeedInput | string): Promise<string> {
  try {
    const emu = await startEmulator({ seed });
    await emu.close();
  } catch (e) {
    expect(e).toBeInstanceOf(SeedError);
    return (e as Error).message;
  }
  throw new Error("the seed was accepted");
}

describe("seed files", () => {
  it("starts from a YAML seed: ids kept, names resolved, every record checked as the API checks it", async () => {
    const emu = await startEmulator({ seed: seedFile("ok.yaml", YAML) });
    try {
      const tok = await call(emu.url, "POST", "/applications/token", {
        body: { client_id: "peter", client_secret: "tps-report" },
      });
      const token = tok.body.access_token as string;
      const ws = await call(emu.url, "GET", "/workspaces/20000000-0000-4000-8000-000000000001", { token });
      expect(ws.body).toMatchObject({ name: "reports", dataResidency: "eu" });
      const conns = await call(emu.url, "GET", "/connections", { token });
      expect(conns.body.data).toHaveLength(1);
      expect(conns.body.data[0]).toMatchObject({
        sourceId: "30000000-0000-4000-8000-000000000001",
        name: "tps <> lake",
        schedule: { scheduleType: "cron", cronExpression: "0 0 2 * * ? UTC" },
        tags: [{ name: "nightly", color: "00FF00" }],
        configurations: { streams: [{ name: "users", syncMode: "full_refresh_append" }] },
      });
      // A runner may sync but not edit.
      const id = conns.body.data[0].connectionId as string;
      expect(
        (await call(emu.url, "POST", "/jobs", { token, body: { connectionId: id, jobType: "sync" } })).status,
      ).toBe(200);
      expect(
        (await call(emu.url, "PATCH", `/connections/${id}`, { token, body: { name: "x" } })).status,
      ).toBe(403);
      // The default credentials still work, as an admin.
      const admin = await login(emu);
      expect((await admin.get("/workspaces")).body.data).toHaveLength(1);
    } finally {
      await emu.close();
    }
  });

  it("names the entry and the fix when a seed does not apply", async () => {
    expect(await seedError({ workspaces: [{ name: "w", organization: "Nowhere" }] })).toMatch(
      /workspaces\[0\]\.organization: no organization "Nowhere" \(known: Default Organization\)/,
    );
    expect(
      await seedError({
        workspaces: [
          { name: "w", sources: [{ name: "s", configuration: { sourceType: "faker", count: "x" } }] },
        ],
      }),
    ).toMatch(
      /workspaces\[0\]\.sources\[0\]: unprocessable-entity: .*\$\.count: string found, integer expected/,
    );
    expect(await seedError({ users: [{ name: "u", email: "not-an-email" }] })).toMatch(
      /users\[0\]\.email: must be an email address/,
    );
    expect(
      await seedError({
        users: [{ name: "u", email: "u@x.example", permissions: [{ type: "workspace_reader" }] }],
      }),
    ).toMatch(/users\[0\]\.permissions\[0\]: give exactly one of workspace/);
    expect(
      await seedError({
        users: [
          {
            name: "u",
            email: "u@x.example",
            permissions: [{ type: "workspace_reader", organization: "Default Organization" }],
          },
        ],
      }),
    ).toMatch(/A workspace_reader permission cannot be set on an organization/);
    expect(await seedError({ workspaces: [{ name: "w", id: "42" }] })).toMatch(
      /workspaces\[0\]\.id: must be a UUID/,
    );
    expect(await seedError({ wrkspaces: [] } as unknown as SeedInput)).toMatch(/wrkspaces/);
    expect(
      await seedError({
        users: [
          { name: "a", email: "a@x.example", applications: [{ name: "a", clientId: "same" }] },
          { name: "b", email: "b@x.example", applications: [{ name: "b", clientId: "same" }] },
        ],
      }),
    ).toMatch(/users\[1\]\.applications\[0\]: clientId same is already another application's/);
    expect(await seedError(seedFile("broken.yaml", "workspaces: [\n"))).toMatch(/not valid YAML or JSON/);
    expect(await seedError(join(tmp, "missing.yaml"))).toMatch(/cannot be read/);
  });

  it("applies only to a fresh data folder, and a failed seed leaves the folder fresh", async () => {
    const data = join(tmp, "data");
    const file = seedFile("once.json", JSON.stringify({ workspaces: [{ name: "seeded" }] }));
    const bad = seedFile("bad.json", JSON.stringify({ workspaces: [{ name: "" }] }));
    expect(await seedError(bad).catch(String)).toMatch(/workspaces\[0\]\.name: must not be empty/);
    await expect(startEmulator({ dataDir: data, seed: bad })).rejects.toThrow(SeedError);
    expect(existsSync(join(data, "state.json"))).toBe(false);
    for (let run = 0; run < 2; run++) {
      const emu = await startEmulator({ dataDir: data, seed: file });
      const admin = await login(emu);
      expect((await admin.get("/workspaces")).body.data.map((w: { name: string }) => w.name)).toEqual([
        "seeded",
      ]);
      await emu.close();
    }
  });

  it("is the --seed switch of the command line", () => {
    expect(parseArgs(["--seed", "s.yaml", "--data=d"])).toMatchObject({ seed: "s.yaml", dataDir: "d" });
  });
});
