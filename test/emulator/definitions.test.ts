/**
 * A workspace's own connector definitions over HTTP: docker images and declarative manifests,
 * usable by the workspace's sources and destinations and by nobody else's.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../emulator/index.js";
import { type Client, login } from "./helpers.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A small declarative manifest: one required config field, two streams. */
const MANIFEST = {
  version: "6.0.0",
  type: "DeclarativeSource",
  spec: {
    type: "Spec",
    connection_specification: {
      type: "object",
      required: ["api_key"],
      properties: { api_key: { type: "string", airbyte_secret: true } },
    },
  },
  streams: [{ name: "customers" }, { name: "invoices" }],
};

describe("custom and declarative definitions", () => {
  let emu: Emulator;
  let c: Client;
  let ws: string;
  let other: string;
  beforeAll(async () => {
    emu = await startEmulator();
    c = await login(emu);
    ws = (await c.post("/workspaces", { name: "defs" })).body.workspaceId;
    other = (await c.post("/workspaces", { name: "other" })).body.workspaceId;
  });
  afterAll(() => emu.close());

  it("creates, lists, updates and deletes a custom source definition that sources of the workspace can use", async () => {
    const base = `/workspaces/${ws}/definitions/sources`;
    const created = await c.post(base, {
      name: "Acme API",
      dockerRepository: "acme/source-api",
      dockerImageTag: "1.0.0",
      documentationUrl: "https://docs.acme.example/source",
    });
    expect(created.status).toBe(200);
    expect(created.body).toEqual({
      id: expect.stringMatching(UUID),
      name: "Acme API",
      dockerRepository: "acme/source-api",
      dockerImageTag: "1.0.0",
      documentationUrl: "https://docs.acme.example/source",
    });
    const id = created.body.id as string;
    expect((await c.get(base)).body).toEqual({ data: [created.body] });
    expect((await c.get(`${base}/${id}`)).body).toEqual(created.body);
    const listed = await c.get(`/connector_definitions?type=source&workspaceId=${ws}`);
    expect(listed.body.data).toContainEqual({
      id,
      name: "Acme API",
      connectorDefinitionType: "source",
      version: "1.0.0",
    });
    expect(
      (await c.get("/connector_definitions?type=source")).body.data.map((d: { id: string }) => d.id),
    ).not.toContain(id);
    const src = await c.post("/sources", {
      name: "acme",
      workspaceId: ws,
      definitionId: id,
      configuration: { a: 1 },
    });
    expect(src.status).toBe(200);
    expect(src.body).toMatchObject({ definitionId: id, sourceType: "", configuration: { a: 1 } });
    // Another workspace cannot use it.
    const elsewhere = await c.post("/sources", {
      name: "x",
      workspaceId: other,
      definitionId: id,
      configuration: {},
    });
    expect(elsewhere.status).toBe(404);
    expect((await c.get(`/workspaces/${other}/definitions/sources/${id}`)).status).toBe(404);
    const updated = await c.put(`${base}/${id}`, { name: "Acme API v2", dockerImageTag: "2.0.0" });
    expect(updated.body).toMatchObject({
      name: "Acme API v2",
      dockerImageTag: "2.0.0",
      dockerRepository: "acme/source-api",
    });
    expect((await c.put(`${base}/${id}`, { name: "only-name" })).status).toBe(422);
    const deleted = await c.del(`${base}/${id}`);
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual(updated.body);
    expect((await c.get(`${base}/${id}`)).status).toBe(404);
    // The source made from it still reads.
    expect((await c.get(`/sources/${src.body.sourceId}`)).status).toBe(200);
  });

  it("keeps destination definitions apart from source ones", async () => {
    const dst = await c.post(`/workspaces/${ws}/definitions/destinations`, {
      name: "Acme Sink",
      dockerRepository: "acme/destination-sink",
      dockerImageTag: "0.1.0",
    });
    expect(dst.status).toBe(200);
    expect((await c.get(`/workspaces/${ws}/definitions/sources/${dst.body.id}`)).status).toBe(404);
    const d = await c.post("/destinations", {
      name: "sink",
      workspaceId: ws,
      definitionId: dst.body.id,
      configuration: {},
    });
    expect(d.body).toMatchObject({ definitionId: dst.body.id, destinationType: "" });
  });

  it("versions a declarative source, validates sources against its spec and discovers its streams", async () => {
    const base = `/workspaces/${ws}/definitions/declarative_sources`;
    const created = await c.post(base, { name: "Billing", manifest: MANIFEST });
    expect(created.status).toBe(200);
    expect(created.body).toEqual({
      id: expect.stringMatching(UUID),
      name: "Billing",
      manifest: MANIFEST,
      version: 1,
    });
    const id = created.body.id as string;
    // It is a source definition, but not a docker one.
    expect((await c.get(`/workspaces/${ws}/definitions/sources/${id}`)).status).toBe(404);
    expect((await c.get(base)).body.data).toEqual([created.body]);
    const bad = await c.post("/sources", { name: "b", workspaceId: ws, definitionId: id, configuration: {} });
    expect(bad.status).toBe(422);
    expect(bad.body.data.message).toContain("required property 'api_key' not found");
    const src = await c.post("/sources", {
      name: "billing",
      workspaceId: ws,
      definitionId: id,
      configuration: { api_key: "k" },
    });
    expect(src.body.configuration).toEqual({ api_key: "**********" });
    const streams = await c.get(`/streams?sourceId=${src.body.sourceId}`);
    expect(streams.body.map((s: { streamName: string }) => s.streamName)).toEqual(["customers", "invoices"]);
    const v2 = await c.put(`${base}/${id}`, { manifest: { ...MANIFEST, streams: [{ name: "customers" }] } });
    expect(v2.body.version).toBe(2);
    expect((await c.get(`/streams?sourceId=${src.body.sourceId}`)).body).toHaveLength(1);
    expect((await c.put(`${base}/${id}`, { manifest: "nope" })).status).toBe(422);
    expect((await c.del(`${base}/${id}`)).body).toEqual(v2.body);
  });

  it("answers 400 to ids that are not UUIDs and 404 to an unknown workspace", async () => {
    expect((await c.get("/workspaces/nope/definitions/sources")).status).toBe(400);
    expect((await c.get(`/workspaces/${ws}/definitions/sources/nope`)).status).toBe(400);
    expect((await c.get("/workspaces/11111111-2222-4333-8444-555555555555/definitions/sources")).status).toBe(
      404,
    );
  });
});
