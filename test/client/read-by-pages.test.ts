/**
 * Refresh by pages (`provider/framework/read-pages.ts`) against the emulator: each kind reads the
 * same state from its workspace's list as from a `GET` of the same object, unchanged or drifted;
 * the pages cost one call per 100 objects and only what they lack is read by id; nothing this
 * process wrote is answered from a list read before the write; and a connection's catalog is
 * asked once per source and destination pair.
 *
 * The per-run caches live as long as the module, that is this file: each test works in a
 * workspace of its own, so the lists it reads are its own.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../emulator/index.js";
import { actorSpec } from "../../provider/actor.js";
import type { AirbyteClient } from "../../provider/api/client.js";
import { closeSharedDispatcher } from "../../provider/api/http.js";
import { connectionSpec, StreamsCheckError } from "../../provider/connection.js";
import { DECLARED_KEY } from "../../provider/framework/bookkeeping.js";
import type { KindSpec } from "../../provider/framework/contract.js";
import { operationsOf } from "../../provider/framework/operations.js";
import { readState } from "../../provider/framework/read-pages.js";
import { configureFrom, getClient } from "../../provider/settings.js";
import { tagSpec } from "../../provider/tag.js";
import { callsByRoute } from "../bench/call-log.js";

const FAKER = "dfd88b22-b603-4c3d-aad7-3701784586b1";
const POSTGRES = "25c5221d-dce2-4163-ade9-739ef790f503";

type AnySpec = KindSpec<object, object>;

/** One object as the provider holds it: its kind, id and state as last read. */
interface Held {
  readonly kind: string;
  readonly spec: AnySpec;
  readonly id: string;
  readonly state: object;
}

let emu: Emulator;
let client: AirbyteClient;

/** The calls since the last one, by "METHOD /path" with ids as {id}. */
function calls(): Record<string, number> {
  const out = callsByRoute(emu.requests);
  emu.clearRequests();
  return out;
}

async function workspace(name: string): Promise<string> {
  return (await client.workspaces.create({ name })).workspaceId;
}

const sourceInputs = (workspaceId: string, i: number) => ({
  workspaceId,
  name: `orders ${i}`,
  definitionId: FAKER,
  configuration: { count: 10 + i, seed: i },
});

async function source(workspaceId: string, i: number): Promise<string> {
  return (await client.sources.create(sourceInputs(workspaceId, i))).sourceId;
}

/** The state the provider would hold for an object made with these inputs: its `read` by id. */
async function held(kind: string, spec: AnySpec, id: string, inputs: object): Promise<Held> {
  const state = await spec.read(client, id, inputs);
  if (state === undefined) throw new Error(`${kind} ${id} does not read back`);
  return { kind, spec, id, state };
}

/** A pipeline in a workspace of its own, made directly (not by this process's provider): one object of each kind that reads by pages. */
async function pipeline(name: string): Promise<Held[]> {
  const workspaceId = await workspace(name);
  const tagInputs = { workspaceId, name: "finance", color: "FF5733" };
  const tag = await client.tags.create(tagInputs);
  const sourceId = await source(workspaceId, 0);
  const destinationInputs = {
    workspaceId,
    name: "warehouse",
    definitionId: POSTGRES,
    configuration: {
      host: "warehouse.internal",
      port: 5432,
      database: "analytics",
      schema: "raw",
      username: "loader",
      password: "pages-pw",
    },
  };
  const destination = await client.destinations.create(destinationInputs);
  const connectionInputs = {
    sourceId,
    destinationId: destination.destinationId,
    name: "pipeline",
    schedule: { scheduleType: "cron" as const, cronExpression: "0 0 2 * * ?" },
    streams: [
      { name: "users", syncMode: "full_refresh_overwrite" as const },
      { name: "purchases", syncMode: "full_refresh_append" as const },
    ],
    tags: [tag.tagId],
  };
  const connection = await client.connections.create({
    sourceId,
    destinationId: destination.destinationId,
    name: connectionInputs.name,
    schedule: connectionInputs.schedule,
    configurations: { streams: connectionInputs.streams },
    tags: [tag],
  });
  return [
    await held("tag", tagSpec as unknown as AnySpec, tag.tagId, tagInputs),
    await held("source", actorSpec("source") as unknown as AnySpec, sourceId, sourceInputs(workspaceId, 0)),
    await held(
      "destination",
      actorSpec("destination") as unknown as AnySpec,
      destination.destinationId,
      destinationInputs,
    ),
    await held("connection", connectionSpec as unknown as AnySpec, connection.connectionId, connectionInputs),
  ];
}

/** Each object read both ways: from the pages first (so the lists are read), then by id. */
async function bothWays(objects: readonly Held[]) {
  emu.clearRequests();
  const byPages = await Promise.all(objects.map((o) => readState(o.spec, client, o.id, o.state)));
  const pagesCalls = calls();
  const byId = await Promise.all(objects.map((o) => o.spec.read(client, o.id, o.state)));
  calls();
  return { byPages, byId, pagesCalls };
}

beforeAll(async () => {
  emu = await startEmulator();
  configureFrom({
    get: (key) =>
      ({
        "airbyte:serverUrl": emu.url,
        "airbyte:clientId": emu.clientId,
        "airbyte:clientSecret": emu.clientSecret,
      })[key],
  });
  client = getClient();
});
afterAll(async () => {
  await emu.close();
  await closeSharedDispatcher();
});

describe("refresh by pages", () => {
  it("reads each kind's unchanged objects into the same state as a GET does, one list call per kind", async () => {
    const objects = await pipeline("pages unchanged");
    const { byPages, byId, pagesCalls } = await bothWays(objects);
    objects.forEach((o, i) => {
      expect(byPages[i], o.kind).toBeDefined();
      expect(byPages[i], o.kind).toEqual(byId[i]);
      expect(byPages[i], o.kind).toEqual(o.state);
    });
    expect(pagesCalls).toEqual({
      "GET /tags": 1,
      "GET /sources": 1,
      "GET /destinations": 1,
      "GET /connections": 1,
    });
  });

  it("reads each kind's drifted objects into the same state as a GET does", async () => {
    const objects = await pipeline("pages drifted");
    const [tag, src, dst, conn] = objects as [Held, Held, Held, Held];
    await client.tags.update(tag.id, { name: "finance-eu", color: "00aa11" });
    await client.sources.update(src.id, { name: "orders renamed", configuration: { count: 99 } });
    await client.destinations.update(dst.id, {
      name: "warehouse renamed",
      configuration: { schema: "raw_v2" },
    });
    await client.connections.update(conn.id, {
      schedule: { scheduleType: "cron", cronExpression: "0 0 5 * * ?" },
      configurations: { streams: [{ name: "users", syncMode: "full_refresh_append" }] },
      tags: [],
      status: "inactive",
    });
    const { byPages, byId } = await bothWays(objects);
    objects.forEach((o, i) => {
      expect(byPages[i], o.kind).toBeDefined();
      expect(byPages[i], o.kind).toEqual(byId[i]);
      expect(byPages[i], o.kind).not.toEqual(o.state);
    });
  });

  it("reads by id only what the pages lack: a soft-deleted source and its deprecated connection", async () => {
    const objects = await pipeline("pages deleted");
    const [, src, dst, conn] = objects as [Held, Held, Held, Held];
    await client.sources.delete(src.id);
    const { byPages, byId, pagesCalls } = await bothWays([src, dst, conn]);
    expect(byPages).toEqual([undefined, byId[1], undefined]);
    expect(byId[0]).toBeUndefined();
    expect(byId[2]).toBeUndefined();
    // The source still answers its GET, with its configuration cleared; the list already read
    // tells it is deleted, with no second look.
    expect(pagesCalls).toEqual({
      "GET /sources": 1,
      "GET /sources/{id}": 1,
      "GET /destinations": 1,
      "GET /connections": 1,
      "GET /connections/{id}": 1,
    });
  });

  it("makes one call per 100 objects of a workspace", async () => {
    const workspaceId = await workspace("pages many");
    const ids: string[] = [];
    for (let i = 0; i < 250; i++) ids.push(await source(workspaceId, i));
    const spec = actorSpec("source") as unknown as AnySpec;
    const states = await Promise.all(
      ids.map((id, i) => held("source", spec, id, sourceInputs(workspaceId, i))),
    );
    emu.clearRequests();
    const read = await Promise.all(states.map((h) => readState(spec, client, h.id, h.state)));
    expect(read).toEqual(states.map((h) => h.state));
    expect(calls()).toEqual({ "GET /sources": 3 });
  });

  it("reads no more than a page per object asked of a list: a small stack in a large workspace", async () => {
    const workspaceId = await workspace("pages few of many");
    const ids: string[] = [];
    for (let i = 0; i < 150; i++) ids.push(await source(workspaceId, i));
    const spec = actorSpec("source") as unknown as AnySpec;
    const [first, last] = await Promise.all([
      held("source", spec, ids[0] ?? "", sourceInputs(workspaceId, 0)),
      held("source", spec, ids[149] ?? "", sourceInputs(workspaceId, 149)),
    ]);
    emu.clearRequests();
    // One object asked: one page read; it is on the second, so it is read by id.
    expect(await readState(spec, client, last.id, last.state)).toEqual(last.state);
    expect(calls()).toEqual({ "GET /sources": 1, "GET /sources/{id}": 1 });
    expect(await readState(spec, client, first.id, first.state)).toEqual(first.state);
    expect(calls()).toEqual({});
  });

  it("reads by id where the workspace cannot be listed, and tries the list once", async () => {
    const objects = await pipeline("pages forbidden");
    const dst = objects[2] as Held;
    const other = await held(
      "destination",
      dst.spec,
      (
        await client.destinations.create({
          workspaceId: (dst.state as { workspaceId: string }).workspaceId,
          name: "dev-null",
          definitionId: POSTGRES,
          configuration: { host: "h", port: 5432, database: "d", schema: "s", username: "u", password: "p" },
        })
      ).destinationId,
      {
        workspaceId: (dst.state as { workspaceId: string }).workspaceId,
        name: "dev-null",
        definitionId: POSTGRES,
        configuration: { host: "h", port: 5432, database: "d", schema: "s", username: "u", password: "p" },
      },
    );
    emu.faults.inject({ kind: "status", method: "GET", path: "/destinations", status: 403 });
    const { byPages, byId, pagesCalls } = await bothWays([dst, other]);
    expect(byPages).toEqual(byId);
    expect(byPages).toEqual([dst.state, other.state]);
    expect(pagesCalls).toEqual({ "GET /destinations": 1, "GET /destinations/{id}": 2 });
  });

  it("never answers from a list read before this process wrote the object, or before a delete", async () => {
    const workspaceId = await workspace("pages writes");
    const spec = actorSpec("source") as unknown as AnySpec;
    const ops = operationsOf(spec);
    const [a, b] = [await source(workspaceId, 0), await source(workspaceId, 1)];
    const declared = ["workspaceId", "name", "definitionId", "configuration"];
    const propsOf = async (id: string, i: number) => ({
      ...(await held("source", spec, id, sourceInputs(workspaceId, i))).state,
      [DECLARED_KEY]: declared,
    });
    const [propsA, propsB] = [await propsOf(a, 0), await propsOf(b, 1)];
    emu.clearRequests();
    expect((await ops.read(a, propsA)).inputs).toBeUndefined();
    expect(calls()).toEqual({ "GET /sources": 1 });

    await ops.update(a, propsA, { ...sourceInputs(workspaceId, 0), name: "orders renamed" });
    emu.clearRequests();
    const afterUpdate = await ops.read(a, propsA);
    expect(afterUpdate.props.name).toBe("orders renamed");
    expect(afterUpdate.inputs).toMatchObject({ name: "orders renamed" });
    expect(calls()).toEqual({ "GET /sources/{id}": 1 });
    // The other source, unwritten, is still answered from the run's list.
    expect((await ops.read(b, propsB)).props.name).toBe("orders 1");
    expect(calls()).toEqual({});

    // A delete changes objects besides its own: every read after it lists anew.
    await ops.delete(a, afterUpdate.props);
    emu.clearRequests();
    expect((await ops.read(a, afterUpdate.props)).id).toBe("");
    expect((await ops.read(b, propsB)).props.name).toBe("orders 1");
    expect(calls()).toEqual({ "GET /sources/{id}": 1, "GET /sources": 2 });
  });
});

describe("a connection's catalog", () => {
  it("is asked once per source and destination pair, and again after a write to the source", async () => {
    const [, src, dst] = (await pipeline("catalog pair")) as [Held, Held, Held, Held];
    const ops = operationsOf(connectionSpec as unknown as AnySpec);
    const inputs = (stream: string) => ({
      sourceId: src.id,
      destinationId: dst.id,
      name: stream,
      streams: [{ name: stream }],
    });
    emu.clearRequests();
    const checked = await Promise.all(
      ["users", "purchases", "products"].map((s) => ops.check({}, inputs(s))),
    );
    expect(checked.map((c) => c.failures)).toEqual([[], [], []]);
    expect((await ops.check({}, inputs("nonesuch"))).failures).toHaveLength(1);
    expect(calls()).toEqual({ "GET /streams": 1 });

    const sourceOps = operationsOf(actorSpec("source") as unknown as AnySpec);
    const props = { ...src.state, [DECLARED_KEY]: ["workspaceId", "name", "definitionId", "configuration"] };
    await sourceOps.update(src.id, props, {
      ...sourceInputs((src.state as { workspaceId: string }).workspaceId, 0),
      name: "orders v2",
    });
    emu.clearRequests();
    expect((await ops.check({}, inputs("users"))).failures).toEqual([]);
    expect(calls()).toEqual({ "GET /streams": 1 });
  });

  it("of a source this run made is checked by the connection's create, not by the one-at-a-time check", async () => {
    const [, , dst] = (await pipeline("catalog made here")) as [Held, Held, Held, Held];
    const workspaceId = (dst.state as { workspaceId: string }).workspaceId;
    const made = await operationsOf(actorSpec("source") as unknown as AnySpec).create(
      sourceInputs(workspaceId, 7),
    );
    const ops = operationsOf(connectionSpec as unknown as AnySpec);
    const inputs = { sourceId: made.id, destinationId: dst.id, streams: [{ name: "customers" }] };
    emu.clearRequests();
    expect((await ops.check({}, inputs)).failures).toEqual([]);
    expect(calls()).toEqual({});
    const refused = await ops.create(inputs).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(StreamsCheckError);
    expect((refused as StreamsCheckError).failures).toEqual([
      expect.objectContaining({
        property: "streams[0].name",
        reason: expect.stringMatching(/no stream "customers"/),
      }),
    ]);
    expect(calls()).toEqual({ "GET /streams": 1 });
  });
});
