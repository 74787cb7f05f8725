import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../../emulator/index.js";
import { emulator, newStack, outOfBand, outputsOf, rawState, requestsTo, type TestStack } from "./harness.js";
import * as airbyte from "./sdk.js";

const PG_PASSWORD = "pg-Secret-4f1c9a";
const PG_PASSWORD_2 = "pg-Secret-rotated-77d2";

interface Knobs {
  sourceName?: string;
  fakerCount?: number;
  destination?: airbyte.PostgresDestinationConfiguration;
  tagColor?: string;
  cron?: string;
  streams?: airbyte.ConnectionStream[];
  connectionName?: string;
  secondDestination?: boolean;
  tagInSecondWorkspace?: boolean;
}

const baseDestination = (password: string) => ({
  host: "warehouse.internal",
  port: 5432,
  database: "analytics",
  schema: "raw",
  username: "loader",
  password,
  ssl: false,
  jdbc_url_params: "connectTimeout=10",
});

function program(k: Knobs = {}) {
  return async () => {
    const ws = new airbyte.Workspace("ws", { name: "pipeline" });
    const ws2 = new airbyte.Workspace("ws2", { name: "pipeline-2" });
    const source = new airbyte.Source("faker", {
      workspaceId: ws.workspaceId,
      name: k.sourceName ?? "sample data",
      definition: "faker",
      configuration: { count: k.fakerCount ?? 100, seed: 42 },
    });
    const destination = new airbyte.Destination("warehouse", {
      workspaceId: ws.workspaceId,
      name: "warehouse",
      definition: "postgres",
      configuration: k.destination ?? baseDestination(PG_PASSWORD),
    });
    const other = k.secondDestination
      ? new airbyte.Destination("other", {
          workspaceId: ws.workspaceId,
          name: "other",
          definition: "dev-null",
          configuration: { test_destination: { test_destination_type: "SILENT" } },
        })
      : undefined;
    const tag = new airbyte.Tag("finance", {
      workspaceId: k.tagInSecondWorkspace ? ws2.workspaceId : ws.workspaceId,
      name: "finance",
      color: k.tagColor ?? "FF5733",
    });
    const connection = new airbyte.Connection("sync", {
      sourceId: source.sourceId,
      destinationId: (other ?? destination).destinationId,
      ...(k.connectionName !== undefined && { name: k.connectionName }),
      schedule: { scheduleType: "cron", cronExpression: k.cron ?? "0 0 2 * * ?" },
      streams: k.streams ?? [
        { name: "users", syncMode: "incremental_deduped_history" },
        { name: "products", syncMode: "full_refresh_overwrite" },
      ],
      tags: k.tagInSecondWorkspace ? [] : [tag.tagId],
    });
    return {
      sourceId: source.sourceId,
      sourceType: source.sourceType,
      definitionId: source.definitionId,
      destinationId: destination.destinationId,
      destinationType: destination.destinationType,
      tagId: tag.tagId,
      connectionId: connection.connectionId,
      connectionName: connection.name,
    };
  };
}

describe("the whole pipeline on the real engine", () => {
  let emu: Emulator;
  let t: TestStack;
  let out: Record<string, string> = {};
  const output: string[] = [];
  const onOutput = (line: string) => output.push(line);
  const up = async (k: Knobs = {}) => {
    const stack = await t.reopen(program(k));
    const result = await stack.up({ onOutput });
    out = Object.fromEntries(Object.entries(result.outputs).map(([key, v]) => [key, v.value as string]));
    return result;
  };

  beforeAll(async () => {
    emu = await emulator();
    t = await newStack(emu, program());
  });
  afterAll(async () => {
    await t?.cleanup();
    await emu?.close();
  });

  it("creates every kind, then a second up changes nothing", async () => {
    const first = await up();
    expect(first.summary.resourceChanges).toEqual({ create: 7 });
    expect(out.sourceType).toBe("faker");
    expect(out.definitionId).toBe("dfd88b22-b603-4c3d-aad7-3701784586b1");
    expect(out.destinationType).toBe("postgres");
    const conn = (await outOfBand(emu, "GET", `/connections/${out.connectionId}`)) as {
      schedule: { cronExpression: string };
      configurations: { streams: Array<{ name: string; cursorField?: string[] }> };
      tags: Array<{ tagId: string }>;
    };
    expect(conn.schedule.cronExpression).toBe("0 0 2 * * ? UTC");
    expect(conn.configurations.streams.map((s) => s.name).sort()).toEqual(["products", "users"]);
    expect(conn.tags.map((x) => x.tagId)).toEqual([out.tagId]);

    emu.clearRequests();
    const again = await up();
    expect(again.summary.resourceChanges).toEqual({ same: 7 });
    const writes = emu.requests.filter((r) => r.method !== "GET" && r.path !== "/applications/token");
    expect(writes).toEqual([]);
  });

  it("a refresh of an unchanged pipeline finds no drift, and up stays a no-op", async () => {
    const stack = await t.reopen(program());
    const refresh = await stack.refresh({ onOutput });
    expect(refresh.summary.resourceChanges).toEqual({ same: 7 });
    const again = await stack.up({ onOutput });
    expect(again.summary.resourceChanges).toEqual({ same: 7 });
  });

  it("updates in place with the right verb for each change", async () => {
    emu.clearRequests();
    const result = await up({
      sourceName: "faker data",
      fakerCount: 250,
      tagColor: "00AA11",
      cron: "0 30 4 * * ?",
    });
    expect(result.summary.resourceChanges).toEqual({ same: 4, update: 3 });
    const sourcePatch = requestsTo(emu, "PATCH", /^\/sources\//);
    expect(sourcePatch.map((r) => r.body)).toEqual([{ name: "faker data", configuration: { count: 250 } }]);
    expect(requestsTo(emu, "PATCH", /^\/tags\//).map((r) => r.body)).toEqual([
      { name: "finance", color: "00AA11" },
    ]);
    expect(requestsTo(emu, "PATCH", /^\/connections\//).map((r) => r.body)).toEqual([
      { schedule: { scheduleType: "cron", cronExpression: "0 30 4 * * ?" } },
    ]);
    expect(requestsTo(emu, "PUT", /./)).toHaveLength(0);
  });

  it("removing a configuration key is a PUT that keeps the secret the user still declares", async () => {
    emu.clearRequests();
    const { jdbc_url_params: _dropped, ...withoutKey } = baseDestination(PG_PASSWORD);
    const result = await up({
      sourceName: "faker data",
      fakerCount: 250,
      tagColor: "00AA11",
      cron: "0 30 4 * * ?",
      destination: withoutKey,
    });
    expect(result.summary.resourceChanges).toEqual({ same: 6, update: 1 });
    const puts = requestsTo(emu, "PUT", /^\/destinations\//);
    expect(puts).toHaveLength(1);
    expect((puts[0]?.body as { configuration?: unknown } | undefined)?.configuration).toEqual(withoutKey);
    const live = (await outOfBand(emu, "GET", `/destinations/${out.destinationId}`)) as {
      configuration: Record<string, unknown>;
    };
    expect(live.configuration.jdbc_url_params).toBeUndefined();
    expect(live.configuration.password).toBe("**********");

    // Rotating only the secret is a PATCH of just that key.
    emu.clearRequests();
    await up({
      sourceName: "faker data",
      fakerCount: 250,
      tagColor: "00AA11",
      cron: "0 30 4 * * ?",
      destination: { ...withoutKey, password: PG_PASSWORD_2 },
    });
    expect(requestsTo(emu, "PATCH", /^\/destinations\//).map((r) => r.body)).toEqual([
      { configuration: { password: PG_PASSWORD_2 } },
    ]);
  });

  const current: Knobs = {
    sourceName: "faker data",
    fakerCount: 250,
    tagColor: "00AA11",
    cron: "0 30 4 * * ?",
    destination: (() => {
      const { jdbc_url_params: _d, ...rest } = baseDestination(PG_PASSWORD_2);
      return rest;
    })(),
  };

  it("replaces on immutable changes: a connection's destination, a tag's workspace", async () => {
    const before = { ...out };
    emu.clearRequests();
    const result = await up({ ...current, secondDestination: true, tagInSecondWorkspace: true });
    expect(result.summary.resourceChanges).toMatchObject({ create: 1, replace: 2 });
    expect(out.connectionId).not.toBe(before.connectionId);
    expect(out.tagId).not.toBe(before.tagId);
    expect(requestsTo(emu, "DELETE", new RegExp(`^/connections/${before.connectionId}$`))).toHaveLength(1);
    expect(requestsTo(emu, "DELETE", new RegExp(`^/tags/${before.tagId}$`))).toHaveLength(1);
    const again = await up({ ...current, secondDestination: true, tagInSecondWorkspace: true });
    expect(again.summary.resourceChanges).toEqual({ same: 8 });
    // Back to the first destination and workspace.
    await up(current);
  });

  it("refresh detects drift made elsewhere, and up converges back with PATCHes", async () => {
    await outOfBand(emu, "PATCH", `/connections/${out.connectionId}`, {
      name: "renamed in the UI",
      schedule: { scheduleType: "cron", cronExpression: "0 0 5 * * ?" },
      configurations: { streams: [{ name: "purchases", syncMode: "full_refresh_append" }] },
      status: "inactive",
    });
    await outOfBand(emu, "PATCH", `/sources/${out.sourceId}`, {
      name: "renamed source",
      configuration: { count: 999 },
    });
    const stack = await t.reopen(program(current));
    const refresh = await stack.refresh({ onOutput });
    expect(refresh.summary.resourceChanges?.update).toBe(2);
    const conn = await outputsOf(stack, "Connection");
    expect(conn.status).toBe("inactive");
    expect(conn.schedule).toEqual({ scheduleType: "cron", cronExpression: "0 0 5 * * ?" });
    expect((conn.streams as Array<{ name: string }>).map((s) => s.name)).toEqual(["purchases"]);
    const source = await outputsOf(stack, "Source");
    expect(source.name).toBe("renamed source");
    expect((source.configuration as Record<string, unknown>).count).toBe(999);

    emu.clearRequests();
    const result = await stack.up({ onOutput });
    expect(result.summary.resourceChanges?.update).toBe(2);
    const live = (await outOfBand(emu, "GET", `/connections/${out.connectionId}`)) as {
      name: string;
      status: string;
      configurations: { streams: Array<{ name: string }> };
    };
    expect(live.status).toBe("active");
    expect(live.configurations.streams.map((s) => s.name).sort()).toEqual(["products", "users"]);
    const src = (await outOfBand(emu, "GET", `/sources/${out.sourceId}`)) as {
      name: string;
      configuration: { count: number };
    };
    expect(src).toMatchObject({ name: "faker data", configuration: { count: 250 } });
  });

  it("refresh treats a deleted (deprecated) connection as gone; up recreates it", async () => {
    const oldId = out.connectionId;
    await outOfBand(emu, "DELETE", `/connections/${oldId}`);
    const stack = await t.reopen(program(current));
    const refresh = await stack.refresh({ onOutput });
    expect(refresh.summary.resourceChanges?.delete).toBe(1);
    const result = await up(current);
    expect(result.summary.resourceChanges?.create).toBe(1);
    expect(out.connectionId).not.toBe(oldId);
  });

  it("refresh notices a source deleted elsewhere (its connection cascades); up recreates both", async () => {
    const old = { ...out };
    await outOfBand(emu, "DELETE", `/sources/${old.sourceId}`);
    // Airbyte still answers a GET of the soft-deleted source, with its configuration cleared.
    const tombstone = (await outOfBand(emu, "GET", `/sources/${old.sourceId}`)) as { configuration: object };
    expect(tombstone.configuration).toEqual({});
    const stack = await t.reopen(program(current));
    const refresh = await stack.refresh({ onOutput });
    expect(refresh.summary.resourceChanges?.delete).toBe(2);
    const result = await up(current);
    expect(result.summary.resourceChanges?.create).toBe(2);
    expect(out.sourceId).not.toBe(old.sourceId);
    expect(out.connectionId).not.toBe(old.connectionId);
  });

  it("no secret appears in the stored state or the engine's output", async () => {
    const stack = await t.reopen(program(current));
    await stack.preview({ diff: true, onOutput });
    const state = await rawState(t);
    for (const secret of [PG_PASSWORD, PG_PASSWORD_2, emu.clientSecret]) {
      expect(state).not.toContain(secret);
      expect(output.join("\n")).not.toContain(secret);
    }
  });

  it("destroy deletes every object", async () => {
    const ids = { ...out };
    const stack = await t.reopen(program(current));
    await stack.destroy({ onOutput });
    await expect(outOfBand(emu, "GET", `/tags/${ids.tagId}`)).rejects.toThrow(/404/);
    const conn = (await outOfBand(emu, "GET", `/connections/${ids.connectionId}`)) as { status: string };
    expect(conn.status).toBe("deprecated");
    expect(requestsTo(emu, "DELETE", new RegExp(`^/sources/${ids.sourceId}$`))).toHaveLength(1);
    expect(requestsTo(emu, "DELETE", new RegExp(`^/destinations/${ids.destinationId}$`))).toHaveLength(1);
  });
});
