/**
 * The API calls each step of a whole pipeline's life makes, on the real engine, counted in the
 * emulator's request log. Times belong to the benchmark (`npm run bench`); counts are stable, so
 * they are asserted here: a no-op preview or up makes none, a refresh reads each object once, a
 * create writes each object once, an update touches only what changed, and one token serves a run.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../../emulator/index.js";
import { emulator, newStack, type TestStack } from "./harness.js";
import * as airbyte from "./sdk.js";

const PIPELINES = 2;

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
    }
  };
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

describe("API calls per step of a pipeline's life", () => {
  let emu: Emulator;
  let t: TestStack;

  /** The calls since the last one, by "METHOD /path" with ids as {id}. */
  const calls = (): Record<string, number> => {
    const out: Record<string, number> = {};
    for (const r of emu.requests) {
      const key = `${r.method} ${r.path.replace(UUID, "{id}")}`;
      out[key] = (out[key] ?? 0) + 1;
    }
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
    expect(up.summary.resourceChanges).toEqual({ create: 2 + 3 * PIPELINES + 1 });
    expect(calls()).toEqual({
      "POST /applications/token": 1,
      "POST /workspaces": 1,
      "POST /tags": 1,
      "POST /sources": PIPELINES,
      "POST /destinations": PIPELINES,
      "POST /connections": PIPELINES,
      // A workspace has no creation time: the ones of its name that exist before are what tells
      // the one a lost answer made.
      "GET /workspaces": 1,
      // check of new inputs: the connector names (once per kind and workspace), each connection's
      // streams against its source's catalog.
      "GET /connector_definitions": 2,
      "GET /streams": PIPELINES,
    });
  });

  it("a no-op up and a preview make no API call, not even for a token", async () => {
    const up = await t.stack.up();
    expect(up.summary.resourceChanges).toEqual({ same: 2 + 3 * PIPELINES + 1 });
    expect(calls()).toEqual({});
    const preview = await t.stack.preview();
    expect(preview.changeSummary).toEqual({ same: 2 + 3 * PIPELINES + 1 });
    expect(calls()).toEqual({});
  });

  it("refresh reads each object once, with one token", async () => {
    const refresh = await t.stack.refresh();
    expect(refresh.summary.resourceChanges).toEqual({ same: 2 + 3 * PIPELINES + 1 });
    expect(calls()).toEqual({
      "POST /applications/token": 1,
      "GET /workspaces/{id}": 1,
      "GET /tags/{id}": 1,
      "GET /sources/{id}": PIPELINES,
      "GET /destinations/{id}": PIPELINES,
      "GET /connections/{id}": PIPELINES,
    });
  });

  it("an update previews with no call and touches only the changed object", async () => {
    const stack = await t.reopen(program({ renamed: true }));
    const preview = await stack.preview();
    expect(preview.changeSummary).toEqual({ same: 2 + 3 * PIPELINES, update: 1 });
    expect(calls()).toEqual({});
    const up = await stack.up();
    expect(up.summary.resourceChanges).toEqual({ same: 2 + 3 * PIPELINES, update: 1 });
    expect(calls()).toEqual({ "POST /applications/token": 1, "PATCH /sources/{id}": 1 });
  });

  it("destroy deletes each object once", async () => {
    const destroy = await t.stack.destroy();
    expect(destroy.summary.resourceChanges).toEqual({ delete: 2 + 3 * PIPELINES + 1 });
    expect(calls()).toEqual({
      "POST /applications/token": 1,
      "DELETE /workspaces/{id}": 1,
      "DELETE /tags/{id}": 1,
      "DELETE /sources/{id}": PIPELINES,
      "DELETE /destinations/{id}": PIPELINES,
      "DELETE /connections/{id}": PIPELINES,
    });
  });
});
