/**
 * The API calls each step of a whole pipeline's life makes, on the real engine, counted in the
 * emulator's request log. Times belong to the benchmark (`npm run bench`); counts are stable, so
 * they are asserted here: a no-op preview or up makes none, a refresh reads each workspace's
 * objects of a kind once, page by page, and only what the pages lack by id, a create writes each
 * object once, a connection's streams are checked once per source and destination pair, an update
 * touches only what changed, and one token serves a run.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../../emulator/index.js";
import { callsByRoute } from "../bench/call-log.js";
import { emulator, newStack, outOfBand, outputsOf, type TestStack } from "./harness.js";
import * as airbyte from "./sdk.js";

const PIPELINES = 2;

/**
 * Resources: the stack, the workspace, the tag, each pipeline's three, and a second connection of
 * pipeline 0's source and destination.
 */
const RESOURCES = 3 + 3 * PIPELINES + 1;

function program(opts: { renamed?: boolean } = {}) {
  return async () => {
    const ws = new airbyte.Workspace("ws", { name: "calls" });
    const tag = new airbyte.Tag("finance", { workspaceId: ws.workspaceId, name: "finance", color: "FF5733" });
    for (let i = 0; i < PIPELINES; i++) {
      const source = new airbyte.Source(`src-${i}`, {
        workspaceId: ws.workspaceId,
        name: opts.renamed === true && i === 0 ? `orders ${i} v2` : `orders ${i}`,
        definition: "faker",
        configuration: { count: 10, seed: i },
      });
      const destination = new airbyte.Destination(`dst-${i}`, {
        workspaceId: ws.workspaceId,
        name: `warehouse ${i}`,
        definition: "postgres",
        configuration: {
          host: "warehouse.internal",
          port: 5432,
          database: "analytics",
          schema: "raw",
          username: "loader",
          password: "calls-pw",
        },
      });
      new airbyte.Connection(`conn-${i}`, {
        sourceId: source.sourceId,
        destinationId: destination.destinationId,
        name: `pipeline ${i}`,
        schedule: { scheduleType: "cron", cronExpression: "0 0 2 * * ?" },
        streams: [{ name: "users", syncMode: "full_refresh_overwrite" }],
        tags: [tag.tagId],
      });
      if (i === 0) {
        // Another selection of the same source's streams into the same destination: the pair's
        // catalog is asked once for both.
        new airbyte.Connection("conn-0-customers", {
          sourceId: source.sourceId,
          destinationId: destination.destinationId,
          name: "pipeline 0 customers",
          streams: [{ name: "purchases", syncMode: "full_refresh_append" }],
        });
      }
    }
  };
}

describe("API calls per step of a pipeline's life", () => {
  let emu: Emulator;
  let t: TestStack;

  /** The calls since the last one, by "METHOD /path" with ids as {id}. */
  const calls = (): Record<string, number> => {
    const out = callsByRoute(emu.requests);
    emu.clearRequests();
    return out;
  };

  beforeAll(async () => {
    emu = await emulator();
    t = await newStack(emu, program());
  });
  afterAll(async () => {
    await t?.cleanup();
    await emu?.close();
  });

  it("up from empty: one write per object; reads only for the checks of new inputs", async () => {
    emu.clearRequests();
    const up = await t.stack.up();
    expect(up.summary.resourceChanges).toEqual({ create: RESOURCES });
    expect(calls()).toEqual({
      "POST /applications/token": 1,
      "POST /workspaces": 1,
      "POST /tags": 1,
      "POST /sources": PIPELINES,
      "POST /destinations": PIPELINES,
      "POST /connections": PIPELINES + 1,
      // A workspace has no creation time: the ones of its name that exist before are what tells
      // the one a lost answer made.
      "GET /workspaces": 1,
      // check of new inputs: the connector names (once per kind and workspace), the connections'
      // streams against their source's catalog (once per source and destination pair).
      "GET /connector_definitions": 2,
      "GET /streams": PIPELINES,
    });
  });

  it("a no-op up and a preview make no API call, not even for a token", async () => {
    const up = await t.stack.up();
    expect(up.summary.resourceChanges).toEqual({ same: RESOURCES });
    expect(calls()).toEqual({});
    const preview = await t.stack.preview();
    expect(preview.changeSummary).toEqual({ same: RESOURCES });
    expect(calls()).toEqual({});
  });

  it("refresh reads the workspace's objects of each kind once, by pages, with one token", async () => {
    const refresh = await t.stack.refresh();
    expect(refresh.summary.resourceChanges).toEqual({ same: RESOURCES });
    // One page of each list here (100 objects a page); the bench shows N/100 at larger N.
    expect(calls()).toEqual({
      "POST /applications/token": 1,
      "GET /workspaces/{id}": 1,
      "GET /tags": 1,
      "GET /sources": 1,
      "GET /destinations": 1,
      "GET /connections": 1,
    });
  });

  it("an update previews with no call and touches only the changed object", async () => {
    const stack = await t.reopen(program({ renamed: true }));
    const preview = await stack.preview();
    expect(preview.changeSummary).toEqual({ same: RESOURCES - 1, update: 1 });
    expect(calls()).toEqual({});
    const up = await stack.up();
    expect(up.summary.resourceChanges).toEqual({ same: RESOURCES - 1, update: 1 });
    expect(calls()).toEqual({ "POST /applications/token": 1, "PATCH /sources/{id}": 1 });
  });

  it("refresh reads by id only what the pages lack: a source deleted elsewhere, and its connection", async () => {
    const source = await outputsOf(t.stack, "Source", "src-1");
    // Airbyte soft-deletes the source and deprecates its connection: both leave the lists.
    await outOfBand(emu, "DELETE", `/sources/${String(source.sourceId)}`);
    calls();
    const refresh = await t.stack.refresh();
    expect(refresh.summary.resourceChanges).toEqual({ same: RESOURCES - 2, delete: 2 });
    expect(calls()).toEqual({
      "POST /applications/token": 1,
      "GET /workspaces/{id}": 1,
      "GET /tags": 1,
      "GET /sources": 1,
      // Still answers, with its configuration cleared; the list already read says it is deleted.
      "GET /sources/{id}": 1,
      "GET /destinations": 1,
      "GET /connections": 1,
      // Deprecated.
      "GET /connections/{id}": 1,
    });
  });

  it("destroy deletes each object once", async () => {
    const destroy = await t.stack.destroy();
    expect(destroy.summary.resourceChanges).toEqual({ delete: RESOURCES - 2 });
    expect(calls()).toEqual({
      "POST /applications/token": 1,
      "DELETE /workspaces/{id}": 1,
      "DELETE /tags/{id}": 1,
      "DELETE /sources/{id}": PIPELINES - 1,
      "DELETE /destinations/{id}": PIPELINES,
      "DELETE /connections/{id}": PIPELINES,
    });
  });
});
