import * as pulumi from "@pulumi/pulumi";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../../emulator/index.js";
import { emulator, newStack, requestsTo, type TestStack } from "./harness.js";
import * as airbyte from "./sdk.js";

describe("look-ups in a program, and a connector change replacing", () => {
  let emu: Emulator;
  let t: TestStack;
  beforeAll(async () => {
    emu = await emulator();
    t = await newStack(emu, async () => ({}));
  });
  afterAll(async () => {
    await t?.cleanup();
    await emu?.close();
  });

  it("builds a connection's streams from getStreamsOutput and finds objects by name", async () => {
    const stack = await t.reopen(async () => {
      const ws = new airbyte.Workspace("ws", { name: "lookups" });
      const tag = new airbyte.Tag("t", { workspaceId: ws.workspaceId, name: "ops", color: "00FF00" });
      const src = new airbyte.Source("src", {
        workspaceId: ws.workspaceId,
        name: "faker",
        definition: "faker",
        configuration: { count: 5 },
      });
      const dst = new airbyte.Destination("dst", {
        workspaceId: ws.workspaceId,
        name: "null",
        definition: "dev-null",
        configuration: { test_destination: { test_destination_type: "SILENT" } },
      });
      const streams = airbyte.getStreamsOutput({ sourceId: src.sourceId, destinationId: dst.destinationId });
      const conn = new airbyte.Connection("c", {
        sourceId: src.sourceId,
        destinationId: dst.destinationId,
        streams: streams.apply((all) =>
          all.map((s) => ({ name: s.streamName, syncMode: "incremental_append" as const })),
        ),
      });
      const found = ws.name.apply(async (name) => (await airbyte.getWorkspace({ name })).workspaceId);
      const foundTag = pulumi
        .all([found, tag.tagId])
        .apply(async ([workspaceId]) => (await airbyte.getTag({ workspaceId, name: "ops" })).tagId);
      const definition = airbyte.getConnectorDefinition({ type: "source", name: "faker" });
      return {
        wsId: ws.workspaceId,
        found,
        tagId: tag.tagId,
        foundTag,
        definitionId: definition.then((d) => d.id),
        streams: conn.streams,
      };
    });
    const up = await stack.up();
    const o = Object.fromEntries(Object.entries(up.outputs).map(([k, v]) => [k, v.value]));
    expect(o.found).toBe(o.wsId);
    expect(o.foundTag).toBe(o.tagId);
    expect(o.definitionId).toBe("dfd88b22-b603-4c3d-aad7-3701784586b1");
    expect((o.streams as Array<{ name: string }>).map((s) => s.name).sort()).toEqual([
      "products",
      "purchases",
      "users",
    ]);
    const again = await stack.up();
    expect(again.summary.resourceChanges).toEqual({ same: 6 });
  });

  it("changing a destination's connector replaces it (and the connection using it)", async () => {
    const program = (definition: "dev-null" | "postgres") => async () => {
      const ws = new airbyte.Workspace("ws", { name: "lookups" });
      const dst = new airbyte.Destination("dst", {
        workspaceId: ws.workspaceId,
        name: "warehouse",
        definition,
        configuration:
          definition === "postgres"
            ? { host: "h", port: 5432, database: "d", schema: "s", username: "u", password: "p" }
            : { test_destination: { test_destination_type: "SILENT" } },
      });
      return { destinationId: dst.destinationId, destinationType: dst.destinationType };
    };
    const first = await (await t.reopen(program("dev-null"))).up();
    const before = first.outputs.destinationId?.value as string;
    emu.clearRequests();
    const second = await (await t.reopen(program("postgres"))).up();
    expect(second.summary.resourceChanges?.replace).toBe(1);
    expect(second.outputs.destinationType?.value).toBe("postgres");
    expect(requestsTo(emu, "POST", /^\/destinations$/)).toHaveLength(1);
    expect(requestsTo(emu, "DELETE", new RegExp(`^/destinations/${before}$`))).toHaveLength(1);
    await (await t.reopen(program("postgres"))).destroy();
  });
});
