/**
 * Regions and data planes, OAuth credential overrides, and the operations the emulator answers as
 * an Airbyte without the feature (501), over HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../emulator/index.js";
import { type Client, call, login } from "./helpers.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const DEFAULT_ORG = "00000000-0000-0000-0000-000000000000";
/** Java's `OffsetDateTime.toString()` of whole seconds (which drops `:00` seconds). */
const JAVA_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?Z$/;

describe("regions, data planes, OAuth overrides and unsupported operations", () => {
  let emu: Emulator;
  let c: Client;
  beforeAll(async () => {
    emu = await startEmulator();
    c = await login(emu);
  });
  afterAll(() => emu.close());

  it("has one default region, AUTO, where workspaces land", async () => {
    const regions = await c.get(`/regions?organizationId=${DEFAULT_ORG}`);
    expect(regions.status).toBe(200);
    expect(regions.body.data).toEqual([
      {
        regionId: expect.stringMatching(UUID),
        name: "AUTO",
        organizationId: DEFAULT_ORG,
        enabled: true,
        createdAt: expect.stringMatching(JAVA_TIME),
        updatedAt: expect.stringMatching(JAVA_TIME),
      },
    ]);
    const ws = await c.post("/workspaces", { name: "w" });
    expect(ws.body.dataResidency).toBe("auto");
  });

  it("creates, renames, disables and deletes a region; a workspace in it reports its name", async () => {
    const created = await c.post("/regions", { name: "EU", organizationId: DEFAULT_ORG });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ name: "EU", organizationId: DEFAULT_ORG, enabled: true });
    const id = created.body.regionId as string;
    expect((await c.post("/regions", { name: "EU", organizationId: DEFAULT_ORG })).body).toMatchObject({
      status: 409,
      type: "error:dataplane-group-name-already-exists",
    });
    const ws = await c.post("/workspaces", { name: "eu-ws", regionId: id });
    expect(ws.body.dataResidency).toBe("eu");
    const patched = await c.patch(`/regions/${id}`, { name: "EU-West", enabled: false });
    expect(patched.body).toMatchObject({ regionId: id, name: "EU-West", enabled: false });
    expect((await c.get(`/workspaces/${ws.body.workspaceId}`)).body.dataResidency).toBe("eu-west");
    expect((await c.get(`/regions/${id}`)).body).toEqual(patched.body);
    const dp = await c.post("/dataplanes", { regionId: id, name: "dp-1" });
    expect(dp.status).toBe(200);
    expect(dp.body).toEqual({
      dataplaneId: expect.stringMatching(UUID),
      regionId: id,
      clientId: expect.any(String),
      clientSecret: expect.any(String),
    });
    const deleted = await c.del(`/regions/${id}`);
    expect(deleted.status).toBe(200);
    expect(deleted.body.regionId).toBe(id);
    expect((await c.get(`/regions/${id}`)).status).toBe(404);
    // Its data planes went with it.
    expect((await c.get(`/dataplanes/${dp.body.dataplaneId}`)).status).toBe(404);
    // A workspace cannot move to a region that is gone, nor to one that is not a UUID.
    expect((await c.patch(`/workspaces/${ws.body.workspaceId}`, { regionId: id })).status).toBe(400);
    expect((await c.post("/workspaces", { name: "x", regionId: "eu" })).status).toBe(422);
  });

  it("creates, lists, changes and deletes data planes", async () => {
    const region = (await c.post("/regions", { name: "US", organizationId: DEFAULT_ORG })).body
      .regionId as string;
    const a = (await c.post("/dataplanes", { regionId: region, name: "a" })).body;
    const b = (await c.post("/dataplanes", { regionId: region, name: "b", enabled: false })).body;
    expect((await c.post("/dataplanes", { regionId: region, name: "a" })).body).toMatchObject({
      status: 409,
      type: "error:dataplane-name-already-exists",
    });
    const listed = await c.get(`/dataplanes?regionIds=${region}`);
    expect(listed.body.data.map((d: { name: string; enabled: boolean }) => [d.name, d.enabled])).toEqual([
      ["a", true],
      ["b", false],
    ]);
    const one = await c.get(`/dataplanes/${a.dataplaneId}`);
    expect(one.body).toEqual({
      dataplaneId: a.dataplaneId,
      name: "a",
      regionId: region,
      enabled: true,
      createdAt: expect.stringMatching(JAVA_TIME),
      updatedAt: expect.stringMatching(JAVA_TIME),
    });
    expect((await c.patch(`/dataplanes/${b.dataplaneId}`, { enabled: true })).body.enabled).toBe(true);
    expect((await c.del(`/dataplanes/${a.dataplaneId}`)).body.dataplaneId).toBe(a.dataplaneId);
    expect((await c.get("/dataplanes")).body.data.map((d: { name: string }) => d.name)).toEqual(["b"]);
    expect(
      (await c.post("/dataplanes", { regionId: "11111111-2222-4333-8444-555555555555", name: "x" })).status,
    ).toBe(404);
    expect((await c.get("/dataplanes/not-a-uuid")).status).toBe(400);
  });

  it("sets and removes OAuth credential overrides of a workspace and an organization", async () => {
    const ws = (await c.post("/workspaces", { name: "oauth" })).body.workspaceId as string;
    const body = {
      actorType: "source",
      name: "github",
      configuration: { client_id: "i", client_secret: "s" },
    };
    const put = await c.put(`/workspaces/${ws}/oauthCredentials`, body);
    expect(put.status).toBe(200);
    expect(put.body).toBe("");
    expect((await c.put(`/organizations/${DEFAULT_ORG}/oauthCredentials`, body)).status).toBe(200);
    const unknown = await c.put(`/workspaces/${ws}/oauthCredentials`, { ...body, name: "no-such-connector" });
    expect(unknown.body).toMatchObject({
      status: 400,
      title: "value-not-found",
      data: { value: "no-such-connector" },
    });
    expect((await c.put(`/workspaces/${ws}/oauthCredentials`, { ...body, actorType: "job" })).status).toBe(
      422,
    );
    expect((await c.del(`/workspaces/${ws}/oauthCredentials/source/github`)).status).toBe(204);
    expect((await c.del(`/organizations/${DEFAULT_ORG}/oauthCredentials/source/github`)).status).toBe(204);
    expect((await c.del(`/workspaces/${ws}/oauthCredentials/job/github`)).status).toBe(400);
  });

  it("answers initiateOAuth, the OAuth callback and the Embedded operations with 501, never a silent 200", async () => {
    const ws = (await c.post("/workspaces", { name: "o" })).body.workspaceId as string;
    const initiate = await c.post("/sources/initiateOAuth", {
      redirectUrl: "https://app.example/back",
      workspaceId: ws,
      sourceType: "github",
    });
    expect(initiate.status).toBe(501);
    expect(initiate.body).toMatchObject({
      status: 501,
      type: "error:implementation/not-implemented-in-oss",
      title: "API not implemented in Airbyte OSS",
    });
    // The body is checked first, as on the server.
    expect((await c.post("/sources/initiateOAuth", { redirectUrl: "x" })).status).toBe(422);
    expect((await call(emu.url, "GET", "/oauth/callback?state=s&code=c")).status).toBe(501);
    expect((await c.post("/embedded/widget_token", {})).status).toBe(501);
    expect((await c.post("/embedded/scoped_token", {})).status).toBe(501);
    expect((await c.get("/embedded/organizations")).status).toBe(501);
    expect((await call(emu.url, "GET", "/embedded/organizations")).status).toBe(401);
    const root = await fetch(`${emu.url}/`, { redirect: "manual" });
    expect(root.status).toBe(302);
    expect(root.headers.get("location")).toMatch(/^https:\/\/reference\.airbyte\.com\//);
  });
});
