/**
 * Adoption on the real engine: objects made through the API (as in the Airbyte UI) are brought
 * under a stack with `adopt`, converged with the smallest write, and managed from then on.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../../emulator/index.js";
import { emulator, newStack, outOfBand, type TestStack } from "./harness.js";
import * as airbyte from "./sdk.js";

const PASSWORD = "adopt-pw-5e1f";

/** Objects as someone made them by hand. */
interface Existing {
  workspaceId: string;
  sourceId: string;
  destinationId: string;
  tagId: string;
  connectionId: string;
}

async function buildByHand(emu: Emulator, name: string): Promise<Existing> {
  const ws = (await outOfBand(emu, "POST", "/workspaces", { name })) as { workspaceId: string };
  const src = (await outOfBand(emu, "POST", "/sources", {
    name: "orders",
    workspaceId: ws.workspaceId,
    configuration: { sourceType: "faker", count: 100, seed: 1 },
  })) as { sourceId: string };
  const dst = (await outOfBand(emu, "POST", "/destinations", {
    name: "warehouse",
    workspaceId: ws.workspaceId,
    configuration: {
      destinationType: "postgres",
      host: "dwh",
      port: 5432,
      database: "analytics",
      schema: "raw",
      username: "loader",
      password: PASSWORD,
    },
  })) as { destinationId: string };
  const tag = (await outOfBand(emu, "POST", "/tags", {
    workspaceId: ws.workspaceId,
    name: "finance",
    color: "FF5733",
  })) as { tagId: string };
  const conn = (await outOfBand(emu, "POST", "/connections", {
    sourceId: src.sourceId,
    destinationId: dst.destinationId,
    name: "orders → warehouse",
    schedule: { scheduleType: "cron", cronExpression: "0 0 2 * * ?" },
    configurations: { streams: [{ name: "users", syncMode: "full_refresh_overwrite" }] },
  })) as { connectionId: string };
  await outOfBand(emu, "PATCH", `/connections/${conn.connectionId}`, {
    tags: [{ tagId: tag.tagId, workspaceId: ws.workspaceId, name: "finance", color: "FF5733" }],
  });
  return {
    workspaceId: ws.workspaceId,
    sourceId: src.sourceId,
    destinationId: dst.destinationId,
    tagId: tag.tagId,
    connectionId: conn.connectionId,
  };
}

interface Knobs {
  password?: string;
  sourceName?: string;
  sourceAdopt?: string;
  sourceWorkspace?: string;
  destinationDefinition?: string;
  adopt?: boolean;
}

function program(e: Existing, k: Knobs = {}) {
  return async () => {
    const adopt = k.adopt !== false;
    const ws = new airbyte.Workspace("ws", { ...(adopt && { adopt: e.workspaceId }), name: "hand-made" });
    const source = new airbyte.Source("orders", {
      ...(adopt && { adopt: k.sourceAdopt ?? e.sourceId }),
      workspaceId: k.sourceWorkspace ?? ws.workspaceId,
      name: k.sourceName ?? "orders",
      definition: "faker",
      configuration: { count: 100, seed: 1 },
    });
    const destination = new airbyte.Destination("warehouse", {
      ...(adopt && { adopt: e.destinationId }),
      workspaceId: ws.workspaceId,
      name: "warehouse",
      definition: k.destinationDefinition ?? "postgres",
      // Another connector's configuration is the one its schema asks for (checked at preview).
      configuration:
        k.destinationDefinition === "bigquery"
          ? { project_id: "acme", dataset_location: "US", dataset_id: "raw" }
          : {
              host: "dwh",
              port: 5432,
              database: "analytics",
              schema: "raw",
              username: "loader",
              password: k.password ?? airbyte.keepExistingSecret,
            },
    });
    const tag = new airbyte.Tag("finance", {
      ...(adopt && { adopt: e.tagId }),
      workspaceId: ws.workspaceId,
      name: "finance",
      color: "FF5733",
    });
    const connection = new airbyte.Connection("sync", {
      ...(adopt && { adopt: e.connectionId }),
      sourceId: source.sourceId,
      destinationId: destination.destinationId,
      name: "orders → warehouse",
      schedule: { scheduleType: "cron", cronExpression: "0 0 2 * * ?" },
      streams: [{ name: "users", syncMode: "full_refresh_overwrite" }],
      tags: [tag.tagId],
    });
    return { sourceId: source.sourceId, connectionId: connection.connectionId };
  };
}

const writes = (emu: Emulator) =>
  emu.requests
    .filter((r) => r.method !== "GET" && !r.path.startsWith("/applications/token"))
    .map((r) => `${r.method} ${r.path.replace(/[0-9a-f-]{36}/, ":id")}`);

describe("adopting objects made by hand", () => {
  let emu: Emulator;
  const stacks: TestStack[] = [];
  beforeAll(async () => {
    emu = await emulator();
  });
  afterAll(async () => {
    await Promise.all(stacks.map((s) => s.cleanup()));
    await emu?.close();
  });

  it("adopts with matching inputs and a kept secret without a single write; a second up writes nothing", async () => {
    const e = await buildByHand(emu, "hand-made");
    const t = await newStack(emu, program(e));
    stacks.push(t);
    emu.clearRequests();
    const up = await t.stack.up();
    expect(up.summary.resourceChanges).toEqual({ create: 6 });
    expect(up.outputs.sourceId?.value).toBe(e.sourceId);
    expect(writes(emu)).toEqual([]);

    emu.clearRequests();
    const again = await t.stack.up();
    expect(again.summary.resourceChanges).toEqual({ same: 6 });
    expect(writes(emu)).toEqual([]);

    const refreshed = await t.stack.refresh();
    expect(refreshed.summary.resourceChanges?.update ?? 0).toBe(0);
  });

  it("sends a given secret once, says so, then never again; a rename is one PATCH", async () => {
    const e = await buildByHand(emu, "hand-made");
    const t = await newStack(emu, program(e, { password: "rotated-pw-77", sourceName: "orders-db" }));
    stacks.push(t);
    emu.clearRequests();
    const lines: string[] = [];
    await t.stack.up({ onOutput: (l) => lines.push(l) });
    expect(writes(emu).sort()).toEqual(["PATCH /destinations/:id", "PATCH /sources/:id"]);
    const patch = emu.requests.find((r) => r.method === "PATCH" && r.path.startsWith("/destinations/"));
    expect(patch?.body).toEqual({ configuration: { password: "rotated-pw-77" } });
    const renamed = emu.requests.find((r) => r.method === "PATCH" && r.path.startsWith("/sources/"));
    expect(renamed?.body).toEqual({ name: "orders-db" });
    expect(lines.join("")).toMatch(/Adopting destination .*: secret fields sent once .*: password/);

    emu.clearRequests();
    await t.stack.up();
    expect(writes(emu)).toEqual([]);
  });

  it("changing or removing adopt later changes nothing", async () => {
    const e = await buildByHand(emu, "hand-made");
    const t = await newStack(emu, program(e));
    stacks.push(t);
    await t.stack.up();
    const without = await t.reopen(program(e, { adopt: false }));
    const preview = await without.preview();
    expect(preview.changeSummary).toEqual({ same: 6 });
  });

  it("refuses, before any write, an id that does not exist", async () => {
    const e = await buildByHand(emu, "hand-made");
    const missing = "00000000-0000-4000-8000-000000000000";
    const t = await newStack(emu, program(e, { sourceAdopt: missing }));
    stacks.push(t);
    emu.clearRequests();
    await expect(t.stack.up()).rejects.toThrow(
      new RegExp(`adopt: there is no source ${missing}.*remove adopt to create a new source`),
    );
    expect(writes(emu).filter((w) => w.includes("/sources"))).toEqual([]);
  });

  it("refuses, before any write, an object of another workspace or another connector", async () => {
    const e = await buildByHand(emu, "hand-made");
    const other = await buildByHand(emu, "someone else's");
    const t = await newStack(emu, program(e, { sourceAdopt: other.sourceId }));
    stacks.push(t);
    emu.clearRequests();
    await expect(t.stack.up()).rejects.toThrow(
      new RegExp(`adopt: source ${other.sourceId} has workspaceId "${other.workspaceId}", not the declared`),
    );
    expect(writes(emu).filter((w) => w.startsWith("PATCH /sources") || w.startsWith("PUT"))).toEqual([]);

    const t2 = await newStack(emu, program(e, { destinationDefinition: "bigquery" }));
    stacks.push(t2);
    emu.clearRequests();
    await expect(t2.stack.up()).rejects.toThrow(
      /adopt: destination .* runs connector .*, not the declared bigquery/,
    );
    expect(writes(emu).filter((w) => w.includes("/destinations"))).toEqual([]);
  });

  it("destroy deletes what was adopted; retainOnDelete lets go of it instead", async () => {
    const e = await buildByHand(emu, "hand-made");
    const t = await newStack(emu, async () => {
      new airbyte.Tag(
        "kept",
        { adopt: e.tagId, workspaceId: e.workspaceId, name: "finance", color: "FF5733" },
        { retainOnDelete: true },
      );
      new airbyte.Source("gone", {
        adopt: e.sourceId,
        workspaceId: e.workspaceId,
        name: "orders",
        definition: "faker",
        configuration: { count: 100, seed: 1 },
      });
    });
    stacks.push(t);
    await t.stack.up();
    await t.stack.destroy();
    const tags = (await outOfBand(emu, "GET", `/tags?workspaceIds=${e.workspaceId}`)) as { data: unknown[] };
    expect(tags.data).toHaveLength(1);
    const sources = (await outOfBand(emu, "GET", `/sources?workspaceIds=${e.workspaceId}`)) as {
      data: unknown[];
    };
    expect(sources.data).toHaveLength(0);
  });
});
