/**
 * The quickstart pipeline through the native plugin, in each language a user writes it in: a
 * project outside the repository (YAML and Python: the programs of examples/yaml and examples/python;
 * TypeScript: the plugin's own SDK, pulumi-airbyte/native) with the plugin installed from its
 * archive (the Python one from the single executable, with no Node.js), driven by the Pulumi
 * CLI against the emulator. Each runs the life of a pipeline: preview and up, a no-op up with no
 * write, a rename as one PATCH, a secret change previewed as a changed secret, a refresh that finds
 * an out-of-band change, `pulumi import` of an existing source (previewed as an import, applied
 * with no write) and destroy.
 */
import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../../emulator/index.js";
import { previewStepOps } from "./cli.js";
import { emulator, outOfBand, REPO_ROOT } from "./harness.js";
import {
  newPluginProject,
  type PluginBuild,
  type PluginLanguage,
  type PluginProject,
} from "./plugin-projects.js";

const PASSWORD = "quickstart-pw-5e1f";
const NEW_PASSWORD = "rotated-pw-77c2";

/** A file of examples/, where the YAML and Python programs a user starts from live. */
const example = (file: string): string => readFileSync(path.join(REPO_ROOT, "examples", file), "utf8");

const PROGRAMS: Record<PluginLanguage, string> = {
  // The project's head (name, description, runtime) is the test's own.
  yaml: example("yaml/Pulumi.yaml").replace(/^(name|description|runtime):.*\n/gm, ""),
  python: example("python/__main__.py"),
  go: `package main

import (
	airbyte "github.com/pulumi-airbyte/pulumi-airbyte/sdk-native/go/airbytenative"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		cfg := config.New(ctx, "")
		ws, err := airbyte.NewWorkspace(ctx, "ws", &airbyte.WorkspaceArgs{Name: pulumi.String("quickstart")})
		if err != nil {
			return err
		}
		orders, err := airbyte.NewSource(ctx, "orders-db", &airbyte.SourceArgs{
			WorkspaceId: ws.WorkspaceId,
			Name:        pulumi.String(cfg.Require("sourceName")),
			Definition:  pulumi.String("postgres"),
			Configuration: pulumi.Map{
				"host": pulumi.String("db.internal"), "port": pulumi.Int(5432), "database": pulumi.String("shop"),
				"username": pulumi.String("airbyte"), "password": cfg.RequireSecret("pgPassword"),
				"schemas": pulumi.StringArray{pulumi.String("public")},
			},
		})
		if err != nil {
			return err
		}
		warehouse, err := airbyte.NewDestination(ctx, "warehouse", &airbyte.DestinationArgs{
			WorkspaceId: ws.WorkspaceId,
			Name:        pulumi.String("warehouse"),
			Definition:  pulumi.String("dev-null"),
			Configuration: pulumi.Map{
				"test_destination": pulumi.Map{"test_destination_type": pulumi.String("SILENT")},
			},
		})
		if err != nil {
			return err
		}
		finance, err := airbyte.NewTag(ctx, "finance", &airbyte.TagArgs{
			WorkspaceId: ws.WorkspaceId, Name: pulumi.String("finance"), Color: pulumi.String("FF5733"),
		})
		if err != nil {
			return err
		}
		conn, err := airbyte.NewConnection(ctx, "orders-to-warehouse", &airbyte.ConnectionArgs{
			SourceId:      orders.SourceId,
			DestinationId: warehouse.DestinationId,
			Schedule: &airbyte.ConnectionScheduleArgs{
				ScheduleType: pulumi.String("cron"), CronExpression: pulumi.String("0 0 2 * * ?"),
			},
			Streams: airbyte.ConnectionStreamArray{
				&airbyte.ConnectionStreamArgs{Name: pulumi.String("orders"), SyncMode: pulumi.String("full_refresh_overwrite")},
				&airbyte.ConnectionStreamArgs{Name: pulumi.String("customers"), SyncMode: pulumi.String("full_refresh_overwrite")},
			},
			Tags: pulumi.StringArray{finance.TagId},
		})
		if err != nil {
			return err
		}
		sync, err := airbyte.NewJob(ctx, "first-sync", &airbyte.JobArgs{
			ConnectionId: conn.ConnectionId, Triggers: pulumi.Array{pulumi.String("v1")},
		})
		if err != nil {
			return err
		}
		ctx.Export("sourceId", orders.SourceId)
		ctx.Export("rows", sync.RowsSynced)
		return nil
	})
}
`,
  typescript: `import * as pulumi from "@pulumi/pulumi";
import * as airbyte from "pulumi-airbyte/native";

const config = new pulumi.Config();
const ws = new airbyte.Workspace("ws", { name: "quickstart" });
const orders = new airbyte.Source("orders-db", {
  workspaceId: ws.workspaceId,
  name: config.require("sourceName"),
  definition: "postgres",
  configuration: {
    host: "db.internal",
    port: 5432,
    database: "shop",
    username: "airbyte",
    password: config.requireSecret("pgPassword"),
    schemas: ["public"],
  },
});
const warehouse = new airbyte.Destination("warehouse", {
  workspaceId: ws.workspaceId,
  name: "warehouse",
  definition: "dev-null",
  configuration: { test_destination: { test_destination_type: "SILENT" } },
});
const finance = new airbyte.Tag("finance", { workspaceId: ws.workspaceId, name: "finance", color: "FF5733" });
const conn = new airbyte.Connection("orders-to-warehouse", {
  sourceId: orders.sourceId,
  destinationId: warehouse.destinationId,
  schedule: { scheduleType: "cron", cronExpression: "0 0 2 * * ?" },
  streams: ["orders", "customers"].map((name) => ({ name, syncMode: "full_refresh_overwrite" })),
  tags: [finance.tagId],
});
const sync = new airbyte.Job("first-sync", { connectionId: conn.connectionId, triggers: ["v1"] });

export const sourceId = orders.sourceId;
export const rows = sync.rowsSynced;
`,
};

/** The resources of the program, by name. */
const RESOURCES = ["ws", "orders-db", "warehouse", "finance", "orders-to-warehouse", "first-sync"];

/** The writes the emulator received, as "METHOD /collection", tokens aside. */
function writes(emu: Emulator): string[] {
  return emu.requests
    .filter((r) => r.method !== "GET" && !r.path.startsWith("/applications/token"))
    .map((r) => `${r.method} /${r.path.split("/")[1] ?? ""}`)
    .sort();
}

/** The stack's state as `pulumi stack export` prints it, secrets encrypted. */
async function stateText(project: PluginProject): Promise<string> {
  const { stdout } = await project.pulumi(["stack", "export", "--show-secrets=false"]);
  return stdout;
}

const LANGUAGES: PluginLanguage[] = ["yaml", "python", "go", "typescript"];

/**
 * Which plugin archive each project installs: the Python one gets the single executable, under a
 * PATH whose \`node\` fails, which proves a Python team needs no Node.js.
 */
const BUILDS: Record<PluginLanguage, PluginBuild> = {
  yaml: "node",
  python: "single-file",
  go: "node",
  typescript: "node",
};

describe.each(LANGUAGES)("the quickstart pipeline through the native plugin, in %s", (language) => {
  let emu: Emulator;
  let project: PluginProject;
  let sourceId = "";

  /** Runs `pulumi up` and answers what it wrote to Airbyte. */
  async function upWrites(): Promise<string[]> {
    emu.clearRequests();
    await project.pulumi(["up", "--yes"]);
    return writes(emu);
  }

  beforeAll(async () => {
    emu = await emulator({ jobDurationMs: 200 });
    project = await newPluginProject(language, PROGRAMS[language], {
      name: `quickstart-${language}`,
      build: BUILDS[language],
    });
    await project.useEmulator(emu);
    await project.pulumi(["config", "set", "sourceName", "orders-db"]);
    await project.pulumi(["config", "set", "--secret", "pgPassword", PASSWORD]);
  }, 600_000);

  afterAll(async () => {
    await project?.cleanup();
    await emu?.close();
  });

  it("previews every resource as a create, then up makes each once and runs one sync", async () => {
    const preview = previewStepOps((await project.pulumi(["preview", "--json"])).stdout);
    expect(preview).toEqual(Object.fromEntries(RESOURCES.map((r) => [r, "create"])));
    expect(writes(emu)).toEqual([]);
    await project.pulumi(["up", "--yes"]);
    expect(writes(emu)).toEqual(
      [
        "POST /workspaces",
        "POST /sources",
        "POST /destinations",
        "POST /tags",
        "POST /connections",
        "POST /jobs",
      ].sort(),
    );
    sourceId = (await project.pulumi(["stack", "output", "sourceId"])).stdout.trim();
    expect(sourceId).toMatch(/^[0-9a-f-]{36}$/);
    const state = await stateText(project);
    expect(state).not.toContain(PASSWORD);
    expect(state).toContain("airbyte-native:index:Source");
    // A native plugin's resources carry no serialized provider.
    expect(state).not.toContain("__provider");
  }, 300_000);

  it("a second up changes nothing and writes nothing", async () => {
    emu.clearRequests();
    const up = await project.pulumi(["up", "--yes"]);
    expect(up.stdout).toMatch(/7 unchanged/);
    expect(writes(emu)).toEqual([]);
  }, 300_000);

  it("a rename previews as an update of that property and is one PATCH", async () => {
    await project.pulumi(["config", "set", "sourceName", "shop-db"]);
    const diff = (await project.pulumi(["preview", "--diff"])).stdout;
    expect(diff).toMatch(/~ name\s*: "orders-db" => "shop-db"/);
    expect(previewStepOps((await project.pulumi(["preview", "--json"])).stdout)).toEqual({
      "orders-db": "update",
    });
    expect(await upWrites()).toEqual(["PATCH /sources"]);
  }, 300_000);

  it("a changed secret previews as a changed secret, without its value, and is sent once", async () => {
    await project.pulumi(["config", "set", "--secret", "pgPassword", NEW_PASSWORD]);
    const diff = (await project.pulumi(["preview", "--diff"])).stdout;
    expect(diff).toMatch(/~ password\s*: \[secret\] => \[secret\]/);
    expect(diff).not.toContain(NEW_PASSWORD);
    expect(diff).not.toContain(PASSWORD);
    expect(await upWrites()).toEqual(["PATCH /sources"]);
    const sent = emu.requests.find((r) => r.method === "PATCH");
    expect(JSON.stringify(sent?.body ?? {})).toContain(NEW_PASSWORD);
    expect(await stateText(project)).not.toContain(NEW_PASSWORD);
  }, 300_000);

  it("refresh finds a change made out of band, and up puts the declared value back", async () => {
    await outOfBand(emu, "PATCH", `/sources/${sourceId}`, { name: "renamed in the UI" });
    const refresh = await project.pulumi(["refresh", "--yes", "--diff"]);
    expect(refresh.stdout).toMatch(/~ name\s*: "shop-db" => "renamed in the UI"/);
    expect(previewStepOps((await project.pulumi(["preview", "--json"])).stdout)).toEqual({
      "orders-db": "update",
    });
    expect(await upWrites()).toEqual(["PATCH /sources"]);
  }, 300_000);

  it("pulumi import takes an existing source: previewed as an import, applied with no write", async () => {
    const { workspaceId } = (await outOfBand(emu, "GET", `/sources/${sourceId}`)) as { workspaceId: string };
    const legacy = (await outOfBand(emu, "POST", "/sources", {
      name: "legacy",
      workspaceId,
      configuration: { sourceType: "faker", count: 50 },
    })) as { sourceId: string };
    const args = ["import", "airbyte-native:index:Source", "legacy", legacy.sourceId, "--protect=false"];
    emu.clearRequests();
    const out = path.join(project.dir, "imported.code");
    // The CLI previews the import, then applies it (the tests' CLI confirms by itself).
    const imported = await project.pulumi([...args, "--out", out]);
    const [previewed, applied] = imported.stdout.split(/^Importing \(/m);
    expect(previewed).toMatch(/= .*airbyte-native:index:Source\s+legacy\s+import/);
    expect(previewed).toMatch(/= 1 to import/);
    expect(applied).toMatch(/= 1 imported/);
    expect(writes(emu)).toEqual([]);
    // The code to add to the program names what Airbyte holds.
    expect(await readFile(out, "utf8")).toMatch(/legacy/);
  }, 300_000);

  it("destroy deletes every object", async () => {
    emu.clearRequests();
    await project.pulumi(["destroy", "--yes"]);
    const deletes = writes(emu).filter((w) => w.startsWith("DELETE"));
    expect(deletes).toEqual(
      [
        "DELETE /workspaces",
        "DELETE /sources",
        "DELETE /sources",
        "DELETE /destinations",
        "DELETE /tags",
        "DELETE /connections",
      ].sort(),
    );
  }, 300_000);
});
