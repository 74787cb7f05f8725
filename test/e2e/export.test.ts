/**
 * The round trip: a workspace built through the API (as in the UI) is exported, the generated
 * project type-checks, `pulumi up` of it (the Pulumi CLI) adopts the workspace with no write but
 * the one-time secret sends, another stack of the same program builds an equal copy in an empty
 * Airbyte, and a change made in the UI afterwards is drift that `up` reverts.
 */
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ExportResult, exportWorkspace } from "../../cli/export.js";
import type { Emulator } from "../../emulator/index.js";
import { AirbyteClient } from "../../provider/api/client.js";
import { type CliProject, cliProjectAt } from "./cli.js";
import { emulator, outOfBand } from "./harness.js";

const run = promisify(execFile);

const SECRETS: Record<string, string> = {
  password: "orders-db-pw-1f",
  "tunnel_method.tunnel_user_password": "bastion-pw-2e",
};
const WAREHOUSE_PASSWORD = "warehouse-pw-3d";

/** Builds the workspace through the API, the way people build it in the UI. */
async function buildWorkspace(emu: Emulator): Promise<string> {
  const post = async (p: string, body: unknown) =>
    (await outOfBand(emu, "POST", p, body)) as Record<string, string>;
  const ws = await post("/workspaces", { name: "analytics prod" });
  const workspaceId = ws.workspaceId ?? "";
  const sample = await post("/sources", {
    name: "sample data",
    workspaceId,
    configuration: { sourceType: "faker", count: 50, seed: 3 },
  });
  const orders = await post("/sources", {
    name: "orders db",
    workspaceId,
    configuration: {
      sourceType: "postgres",
      host: "db.internal",
      port: 5432,
      database: "shop",
      username: "etl",
      password: SECRETS.password,
      schemas: ["public"],
      ssl_mode: { mode: "require" },
      replication_method: { method: "Standard" },
      tunnel_method: {
        tunnel_method: "SSH_PASSWORD_AUTH",
        tunnel_host: "bastion",
        tunnel_port: 22,
        tunnel_user: "jump",
        tunnel_user_password: SECRETS["tunnel_method.tunnel_user_password"],
      },
    },
  });
  const warehouse = await post("/destinations", {
    name: "warehouse",
    workspaceId,
    configuration: {
      destinationType: "postgres",
      host: "dwh.internal",
      port: 5432,
      database: "analytics",
      schema: "raw",
      username: "loader",
      password: WAREHOUSE_PASSWORD,
    },
  });
  const sink = await post("/destinations", {
    name: "null sink",
    workspaceId,
    definitionId: "a7bcc9d8-13b3-4e49-b80d-d020b90045e3",
    configuration: { test_destination: { test_destination_type: "SILENT" } },
  });
  const finance = await post("/tags", { workspaceId, name: "finance", color: "FF5733" });
  const pii = await post("/tags", { workspaceId, name: "pii", color: "00AA00" });
  const tag = (t: Record<string, string>) => ({ tagId: t.tagId, workspaceId, name: t.name, color: t.color });
  const c1 = await post("/connections", {
    sourceId: sample.sourceId,
    destinationId: warehouse.destinationId,
    name: "sample to warehouse",
    schedule: { scheduleType: "cron", cronExpression: "0 0 2 * * ?" },
    configurations: {
      streams: [
        { name: "users", syncMode: "incremental_deduped_history" },
        { name: "products", syncMode: "full_refresh_append" },
      ],
    },
  });
  await outOfBand(emu, "PATCH", `/connections/${c1.connectionId}`, { tags: [tag(finance)] });
  const c2 = await post("/connections", {
    sourceId: orders.sourceId,
    destinationId: warehouse.destinationId,
    name: "orders to warehouse",
    configurations: {
      streams: [
        {
          name: "orders",
          namespace: "public",
          syncMode: "incremental_deduped_history",
          cursorField: ["updated_at"],
        },
        { name: "customers", namespace: "public", syncMode: "full_refresh_overwrite" },
      ],
    },
    namespaceDefinition: "custom_format",
    // Airbyte's own placeholder, not a template string.
    namespaceFormat: "raw_$" + "{SOURCE_NAMESPACE}",
    prefix: "shop_",
  });
  await outOfBand(emu, "PATCH", `/connections/${c2.connectionId}`, { tags: [tag(finance), tag(pii)] });
  await post("/connections", {
    sourceId: sample.sourceId,
    destinationId: sink.destinationId,
    name: "weekday smoke test",
    schedule: { scheduleType: "cron", cronExpression: "0 30 4 ? * MON-FRI" },
    configurations: { streams: [{ name: "purchases", syncMode: "full_refresh_overwrite" }] },
    status: "inactive",
    nonBreakingSchemaUpdatesBehavior: "propagate_columns",
  });
  return workspaceId;
}

/** A workspace's objects through the API, ids and timestamps replaced by names: what "equal" means. */
async function snapshot(emu: Emulator, workspaceId: string) {
  const list = async (p: string) =>
    (
      (await outOfBand(emu, "GET", `${p}?workspaceIds=${workspaceId}&limit=100`)) as {
        data: Array<Record<string, unknown>>;
      }
    ).data;
  const sources = await list("/sources");
  const destinations = await list("/destinations");
  const tags = await list("/tags");
  const connections = (await list("/connections")).filter((c) => c.status !== "deprecated");
  const nameOf = (id: unknown, objs: Array<Record<string, unknown>>, key: string) =>
    objs.find((o) => o[key] === id)?.name;
  const actor = (o: Record<string, unknown>) => ({
    name: o.name,
    definitionId: o.definitionId,
    configuration: o.configuration,
  });
  const byName = (a: { name?: unknown }, b: { name?: unknown }) =>
    String(a.name).localeCompare(String(b.name));
  return {
    workspace: ((await outOfBand(emu, "GET", `/workspaces/${workspaceId}`)) as { name: string }).name,
    sources: sources.map(actor).sort(byName),
    destinations: destinations.map(actor).sort(byName),
    tags: tags.map((t) => ({ name: t.name, color: t.color })).sort(byName),
    connections: connections
      .map((c) => ({
        name: c.name,
        source: nameOf(c.sourceId, sources, "sourceId"),
        destination: nameOf(c.destinationId, destinations, "destinationId"),
        schedule: c.schedule,
        streams: c.configurations,
        namespaceDefinition: c.namespaceDefinition,
        namespaceFormat: c.namespaceFormat,
        prefix: c.prefix,
        status: c.status,
        nonBreakingSchemaUpdatesBehavior: c.nonBreakingSchemaUpdatesBehavior,
        tags: ((c.tags ?? []) as Array<{ name: string }>).map((t) => t.name).sort(),
      }))
      .sort(byName),
  };
}

const writes = (emu: Emulator) =>
  emu.requests.filter((r) => r.method !== "GET" && !r.path.startsWith("/applications/token"));

describe.each<["ts" | "yaml"]>([["ts"], ["yaml"]])(
  "export --format %s, then pulumi up: a hand-made workspace under code",
  (format) => {
    let emu: Emulator;
    let empty: Emulator;
    let workspaceId = "";
    let dir = "";
    let exported: ExportResult;
    let project: CliProject;

    const setCredentials = async (stack: string, e: Emulator) => {
      await project.pulumi(["config", "set", "--stack", stack, "airbyte:serverUrl", e.url]);
      await project.pulumi(["config", "set", "--stack", stack, "airbyte:clientId", e.clientId]);
      await project.pulumi([
        "config",
        "set",
        "--stack",
        stack,
        "--secret",
        "airbyte:clientSecret",
        e.clientSecret,
      ]);
      for (const s of exported.model.sources.concat(exported.model.destinations)) {
        for (const secret of s.secrets) {
          const value = s.resourceName === "warehouse" ? WAREHOUSE_PASSWORD : (SECRETS[secret.path] ?? "");
          await project.pulumi(["config", "set", "--stack", stack, "--secret", secret.configKey, value]);
        }
      }
    };

    beforeAll(async () => {
      emu = await emulator({ jobDurationMs: 200 });
      empty = await emulator({ jobDurationMs: 200 });
      workspaceId = await buildWorkspace(emu);
      dir = await mkdtemp(path.join(tmpdir(), "pa-export-"));
      const client = new AirbyteClient({
        serverUrl: emu.url,
        credentials: { clientId: emu.clientId, clientSecret: emu.clientSecret },
      });
      emu.clearRequests();
      exported = await exportWorkspace(client, {
        workspace: "analytics prod",
        outDir: dir,
        stack: "prod",
        serverUrl: emu.url,
        format,
      });
      project = await cliProjectAt(dir);
    }, 300_000);

    afterAll(async () => {
      await project?.cleanup();
      await rm(dir, { recursive: true, force: true });
      await emu?.close();
      await empty?.close();
    });

    it("reads the workspace with list pages only, and writes a project that reads like a person wrote it", async () => {
      expect([...exported.files].sort()).toEqual(
        [
          "Pulumi.prod.yaml",
          "Pulumi.yaml",
          "README.md",
          "index.ts",
          "package.json",
          "pipelines.svg",
          "tsconfig.json",
          "vendor/pulumi-airbyte-0.1.0.tgz",
          ...(format === "yaml" ? ["airbyte.yaml"] : []),
        ].sort(),
      );
      // The project installs offline: pulumi-airbyte is the tarball beside it.
      const pkg = JSON.parse(await readFile(path.join(dir, "package.json"), "utf8")) as {
        dependencies: Record<string, string>;
      };
      expect(pkg.dependencies["pulumi-airbyte"]).toBe("file:vendor/pulumi-airbyte-0.1.0.tgz");
      const gets = emu.requests.filter((r) => r.method === "GET").map((r) => r.path.split("?")[0]);
      expect(writes(emu)).toEqual([]);
      // workspaces (by name), sources, destinations, tags, connections, two definition lists.
      expect(gets.length).toBeLessThanOrEqual(7);
      const index = await readFile(path.join(dir, "index.ts"), "utf8");
      if (format === "ts") {
        expect(index).toContain('const ordersDb = new airbyte.Source("orders-db", {');
        expect(index).toContain("sourceId: ordersDb.sourceId,");
        expect(index).toContain("tags: [financeTag.tagId, piiTag.tagId],");
        expect(index).toContain('password: config.requireSecret("orders_db_password"),');
        expect(index).toContain(
          'tunnel_user_password: config.requireSecret("orders_db_tunnel_method_tunnel_user_password"),',
        );
      } else {
        expect(index).toContain('new airbyte.Pipelines("analytics-prod", { spec: "airbyte.yaml" })');
        const spec = await readFile(path.join(dir, "airbyte.yaml"), "utf8");
        expect(spec).toContain("password:\n        secret: orders_db_password");
        expect(spec).toMatch(/tags:\n\s+- finance-tag\n\s+- pii-tag/);
        // Only the exporting stack adopts: the ids are under environments.prod, nowhere else.
        const [base = "", envs = ""] = spec.split("\nenvironments:\n");
        expect(base).not.toMatch(/adopt:/);
        expect(envs).toMatch(/^ {2}prod:\n {4}workspace:\n {6}adopt: [0-9a-f-]{36}/);
        expect(spec).not.toContain("**********");
      }
      expect(index).not.toContain("**********");
      expect(index).not.toContain(" UTC");
      expect(exported.secretCommands).toHaveLength(3);
      const readme = await readFile(path.join(dir, "README.md"), "utf8");
      expect(readme).toContain("flowchart LR");
      expect(readme).toContain("pulumi config set --secret orders_db_password");
      expect(await readFile(path.join(dir, "pipelines.svg"), "utf8")).toMatch(
        /^<svg[^>]*>[\s\S]*orders to warehouse[\s\S]*<\/svg>\n$/,
      );
    });

    it("the generated project type-checks against the package as installed", async () => {
      const tsc = await run(path.join(dir, "node_modules", ".bin", "tsc"), ["--noEmit", "-p", dir]).catch(
        (e: { stdout?: string }) => ({ stdout: e.stdout ?? String(e), failed: true }),
      );
      expect(tsc.stdout).toBe("");
    }, 120_000);

    it("`pulumi up` adopts it all: only the one-time secret sends, then nothing at all", async () => {
      await project.pulumi(["stack", "init", "prod"]);
      await setCredentials("prod", emu);
      const preview = await project.pulumi(["preview", "--stack", "prod"]);
      // The stack and ten objects; the YAML form adds the Pipelines component.
      expect(preview.stdout).toMatch(format === "ts" ? /\+ 11 to create/ : /\+ 12 to create/);
      emu.clearRequests();
      await project.pulumi(["up", "--yes", "--stack", "prod"]);
      const sent = writes(emu).map((r) => ({ path: r.path.replace(/[0-9a-f-]{36}/, ":id"), body: r.body }));
      expect(sent).toEqual(
        expect.arrayContaining([
          {
            path: "/sources/:id",
            body: {
              configuration: {
                password: SECRETS.password,
                tunnel_method: { tunnel_user_password: SECRETS["tunnel_method.tunnel_user_password"] },
              },
            },
          },
          { path: "/destinations/:id", body: { configuration: { password: WAREHOUSE_PASSWORD } } },
        ]),
      );
      expect(sent).toHaveLength(2);
      emu.clearRequests();
      const again = await project.pulumi(["up", "--yes", "--stack", "prod"]);
      expect(again.stdout).toMatch(format === "ts" ? /11 unchanged/ : /12 unchanged/);
      expect(writes(emu)).toEqual([]);
    }, 240_000);

    it("another stack of the same program builds an equal copy in an empty Airbyte", async () => {
      await project.pulumi(["stack", "init", "copy"]);
      await setCredentials("copy", empty);
      await project.pulumi(["up", "--yes", "--stack", "copy"]);
      const copyId = JSON.parse(
        (await project.pulumi(["stack", "output", "--json", "--stack", "copy"])).stdout,
      ).workspaceId as string;
      expect(copyId).not.toBe(workspaceId);
      const original = await snapshot(emu, workspaceId);
      const copy = await snapshot(empty, copyId);
      expect(copy).toEqual(original);
    }, 240_000);

    it("a change made in the UI afterwards is drift on refresh, and `up` reverts it", async () => {
      const c = exported.model.connections.find((x) => x.name === "sample to warehouse");
      await outOfBand(emu, "PATCH", `/connections/${c?.id}`, {
        name: "renamed in the UI",
        schedule: { scheduleType: "cron", cronExpression: "0 0 5 * * ?" },
      });
      const refresh = await project.pulumi(["refresh", "--yes", "--stack", "prod"]);
      expect(refresh.stdout).toMatch(/1 updated/);
      emu.clearRequests();
      await project.pulumi(["up", "--yes", "--stack", "prod"]);
      expect(writes(emu).map((r) => r.method)).toEqual(["PATCH"]);
      const live = (await outOfBand(emu, "GET", `/connections/${c?.id}`)) as {
        name: string;
        schedule: { cronExpression: string };
      };
      expect(live.name).toBe("sample to warehouse");
      expect(live.schedule.cronExpression).toBe("0 0 2 * * ? UTC");
    }, 240_000);
  },
);
