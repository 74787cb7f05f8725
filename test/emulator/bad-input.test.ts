/**
 * Inputs a property-based run against api.yaml found the emulator accepting with 200, each now
 * answered as the server answers it: a body the request model cannot map (a null where the spec
 * has none, a malformed UUID, an unknown enum value, a key `additionalProperties: false` forbids)
 * is a 422 `{errorId}`; a query parameter that does not convert is a 400 problem naming it; and an
 * unauthenticated request is a 401 whatever its body.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../emulator/index.js";
import { type Client, call, login } from "./helpers.js";

describe("bad input", () => {
  let emu: Emulator;
  let c: Client;
  let ws: string;
  let src: string;
  let conn: string;
  beforeAll(async () => {
    emu = await startEmulator();
    c = await login(emu);
    ws = (await c.post("/workspaces", { name: "w" })).body.workspaceId;
    src = (await c.post("/sources", { name: "f", workspaceId: ws, configuration: { sourceType: "faker" } }))
      .body.sourceId;
    const dst = (
      await c.post("/destinations", {
        name: "d",
        workspaceId: ws,
        definitionId: "a7bcc9d8-13b3-4e49-b80d-d020b90045e3",
        configuration: { test_destination: { test_destination_type: "SILENT" } },
      })
    ).body.destinationId;
    conn = (await c.post("/connections", { sourceId: src, destinationId: dst })).body.connectionId;
  });
  afterAll(() => emu.close());

  it("validates resourceAllocation: known job types and keys only, stored as parsed", async () => {
    const good = {
      default: { cpu_request: "0.5", memory_limit: "1Gi" },
      jobSpecific: [{ jobType: "SYNC", resourceRequirements: { cpu_limit: "2" } }],
    };
    const ok = await c.patch(`/sources/${src}`, { resourceAllocation: good });
    expect(ok.status).toBe(200);
    expect(ok.body.resourceAllocation).toEqual({
      default: { cpu_request: "0.5", memory_limit: "1Gi" },
      jobSpecific: [{ jobType: "sync", resourceRequirements: { cpu_limit: "2" } }],
    });
    for (const bad of [
      { jobSpecific: [{ jobType: "teleport", resourceRequirements: {} }] },
      { jobSpecific: [{ jobType: "sync" }] },
      { anything: true },
      { default: { cpu_request: 1 } },
      "big",
    ]) {
      const r = await c.patch(`/sources/${src}`, { resourceAllocation: bad });
      expect([JSON.stringify(bad), r.status, Object.keys(r.body)]).toEqual([
        JSON.stringify(bad),
        422,
        ["errorId"],
      ]);
    }
    // What was stored is untouched by the refused writes.
    expect((await c.get(`/sources/${src}`)).body.resourceAllocation).toEqual(ok.body.resourceAllocation);
  });

  it("refuses nulls the spec does not allow, such as PATCH /connections/{id} with tags: null", async () => {
    const before = (await c.get(`/connections/${conn}`)).body;
    for (const body of [
      { tags: null },
      { name: null },
      { schedule: null },
      { configurations: { streams: null } },
    ]) {
      const r = await c.patch(`/connections/${conn}`, body);
      expect([JSON.stringify(body), r.status]).toEqual([JSON.stringify(body), 422]);
    }
    expect((await c.get(`/connections/${conn}`)).body).toEqual(before);
  });

  it("refuses regionId and organizationId that are not UUIDs, and an empty workspace name", async () => {
    expect((await c.post("/workspaces", { name: "x", regionId: "eu-west" })).status).toBe(422);
    expect((await c.post("/workspaces", { name: "x", organizationId: "acme" })).status).toBe(422);
    expect((await c.patch(`/workspaces/${ws}`, { regionId: "eu-west" })).status).toBe(422);
    const empty = await c.post("/workspaces", { name: "" });
    expect(empty.status).toBe(400);
    expect(empty.body.data.message).toMatch(/^name must not be empty/);
    expect((await c.patch(`/workspaces/${ws}`, { name: "  " })).status).toBe(400);
    expect((await c.get(`/workspaces/${ws}`)).body.name).toBe("w");
  });

  it("answers 400 naming the parameter for query values that do not convert", async () => {
    const cases: [string, string][] = [
      ["/workspaces?workspaceIds=not-a-uuid", "workspaceIds"],
      ["/sources?workspaceIds=not-a-uuid", "workspaceIds"],
      ["/connections?tagIds=x", "tagIds"],
      [`/sources/${src}?includeSecretCoordinates=abc`, "includeSecretCoordinates"],
      ["/jobs?updatedAtStart=", "updatedAtStart"],
      ["/jobs?createdAtEnd=yesterday", "createdAtEnd"],
      [`/streams?sourceId=${src}&ignoreCache=`, "ignoreCache"],
      ["/sources?includeDeleted=maybe", "includeDeleted"],
      ["/jobs?jobType=teleport", "jobType"],
      ["/jobs?connectionId=nope", "connectionId"],
      [`/connector_definitions?type=source&workspaceId=w`, "workspaceId"],
    ];
    for (const [path, parameter] of cases) {
      const r = await c.get(path);
      expect([path, r.status, r.body.title]).toEqual([path, 400, "bad-request"]);
      expect(r.body.data.message).toContain(`[${parameter}]`);
    }
  });

  it("answers 401, not 422, to an unauthenticated request with a malformed body", async () => {
    const r = await call(emu.url, "POST", "/workspaces", { rawBody: "{not json" });
    expect(r.status).toBe(401);
    expect(r.body).toMatchObject({ status: 401, title: "invalid-api-key" });
    // With a token the same body is the 422 it always was.
    const authed = await call(emu.url, "POST", "/workspaces", { token: c.token, rawBody: "{not json" });
    expect(authed.status).toBe(422);
    // The anonymous token endpoint still reads its body first.
    expect((await call(emu.url, "POST", "/applications/token", { rawBody: "{" })).status).toBe(422);
    // An operation without a body does not bind one: a DELETE ignores what it carries.
    const tag = (await c.post("/tags", { name: "gone", color: "000000", workspaceId: ws })).body.tagId;
    expect(
      (await call(emu.url, "DELETE", `/tags/${tag}`, { token: c.token, rawBody: "{not json" })).status,
    ).toBe(204);
  });

  it("answers 404, not 500, to a path whose percent-escapes do not decode", async () => {
    expect((await c.get("/sources/%E0%A4%A")).status).toBe(404);
  });
});
