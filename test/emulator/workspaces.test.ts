import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../emulator/index.js";
import { type Client, call, login } from "./helpers.js";

const ON = { email: { enabled: true }, webhook: { enabled: false } };
const OFF = { email: { enabled: false }, webhook: { enabled: false } };

describe("workspaces", () => {
  let emu: Emulator;
  let c: Client;
  beforeAll(async () => {
    emu = await startEmulator();
    c = await login(emu);
  });
  afterAll(() => emu.close());

  it("creates a workspace with default notifications and the WorkspaceResponse shape", async () => {
    const r = await c.post("/workspaces", { name: "ws-a" });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      workspaceId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      name: "ws-a",
      dataResidency: "auto",
      notifications: {
        failure: ON,
        success: OFF,
        connectionUpdate: ON,
        connectionUpdateActionRequired: ON,
        syncDisabled: ON,
        syncDisabledWarning: ON,
      },
    });
    const got = await c.get(`/workspaces/${r.body.workspaceId}`);
    expect(got.body).toEqual(r.body);
  });

  it("applies the create rules for given notification items", async () => {
    const r = await c.post("/workspaces", {
      name: "ws-n",
      notifications: {
        failure: { webhook: { enabled: true, url: "http://hook/f" } },
        success: { webhook: { enabled: true, url: "http://hook/s" } },
        syncDisabled: { email: { enabled: false } },
      },
    });
    expect(r.status).toBe(200);
    expect(r.body.notifications.failure).toEqual({
      email: { enabled: true },
      webhook: { enabled: true, url: "http://hook/f" },
    });
    expect(r.body.notifications.success).toEqual({
      email: { enabled: false },
      webhook: { enabled: true, url: "http://hook/s" },
    });
    expect(r.body.notifications.syncDisabled).toEqual(OFF);
  });

  it("PATCH merges notifications item by item and keeps omitted ones", async () => {
    const ws = (await c.post("/workspaces", { name: "ws-p" })).body;
    const p1 = await c.patch(`/workspaces/${ws.workspaceId}`, {
      notifications: { failure: { webhook: { enabled: true, url: "http://h/1" } } },
    });
    expect(p1.status).toBe(200);
    expect(p1.body.name).toBe("ws-p");
    expect(p1.body.notifications.failure).toEqual({
      email: { enabled: true },
      webhook: { enabled: true, url: "http://h/1" },
    });
    expect(p1.body.notifications.success).toEqual(OFF);
    const p2 = await c.patch(`/workspaces/${ws.workspaceId}`, {
      name: "ws-p2",
      notifications: { failure: { webhook: { enabled: false } }, success: { email: { enabled: true } } },
    });
    expect(p2.body.name).toBe("ws-p2");
    // Disabling keeps the stored url, as the platform keeps the slack configuration.
    expect(p2.body.notifications.failure).toEqual({
      email: { enabled: true },
      webhook: { enabled: false, url: "http://h/1" },
    });
    expect(p2.body.notifications.success).toEqual({ email: { enabled: true }, webhook: { enabled: false } });
    expect(p2.body.notifications.connectionUpdate).toEqual(ON);
  });

  it("rejects an enabled webhook without a url", async () => {
    const r = await c.post("/workspaces", {
      name: "x",
      notifications: { failure: { webhook: { enabled: true } } },
    });
    expect(r.status).toBe(400);
    expect(r.body.type).toBe("error:notification/config/missing-url");
  });

  it("answers 422 {errorId} to a missing name and to malformed JSON", async () => {
    const missing = await c.post("/workspaces", {});
    expect(missing.status).toBe(422);
    expect(Object.keys(missing.body)).toEqual(["errorId"]);
    const bad = await call(emu.url, "POST", "/workspaces", { token: c.token, rawBody: "{nope" });
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.body)).toEqual(["errorId"]);
  });

  it("soft-deletes: 204, then GET 404 with the resource-not-found problem, listed only with includeDeleted", async () => {
    const ws = (await c.post("/workspaces", { name: "ws-del" })).body;
    const d = await c.del(`/workspaces/${ws.workspaceId}`);
    expect(d.status).toBe(204);
    expect(d.body).toBe("");
    const g = await c.get(`/workspaces/${ws.workspaceId}`);
    expect(g.status).toBe(404);
    expect(g.body).toEqual({
      status: 404,
      type: "https://reference.airbyte.com/reference/errors#resource-not-found",
      title: "resource-not-found",
      detail: "The requested resource could not be found.",
      documentationUrl: null,
      data: { resourceType: "workspace", resourceId: ws.workspaceId },
    });
    expect((await c.patch(`/workspaces/${ws.workspaceId}`, { name: "z" })).status).toBe(404);
    const ids = (q: string) =>
      c
        .get(`/workspaces?limit=100${q}`)
        .then((r) => r.body.data.map((w: { workspaceId: string }) => w.workspaceId));
    expect(await ids("")).not.toContain(ws.workspaceId);
    expect(await ids("&includeDeleted=true")).toContain(ws.workspaceId);
  });
});

describe("workspace list pagination", () => {
  let emu: Emulator;
  let c: Client;
  const ids: string[] = [];
  beforeAll(async () => {
    emu = await startEmulator();
    c = await login(emu);
    for (let i = 0; i < 5; i++) ids.push((await c.post("/workspaces", { name: `w${i}` })).body.workspaceId);
  });
  afterAll(() => emu.close());

  it("builds next/previous like the server's PaginationMapper", async () => {
    const p1 = await c.get("/workspaces?limit=2");
    expect(p1.body.data.map((w: { name: string }) => w.name)).toEqual(["w0", "w1"]);
    expect(p1.body.next).toBe(`${emu.url}/workspaces?includeDeleted=false&limit=2&offset=2`);
    expect(p1.body.previous).toBe("");
    const p3 = await c.get("/workspaces?limit=2&offset=4");
    expect(p3.body.data).toHaveLength(1);
    // A short page still has a next link; only an empty page ends with "".
    expect(p3.body.next).toBe(`${emu.url}/workspaces?includeDeleted=false&limit=2&offset=6`);
    expect(p3.body.previous).toBe(`${emu.url}/workspaces?includeDeleted=false&limit=2&offset=2`);
    const p4 = await c.get("/workspaces?limit=2&offset=6");
    expect(p4.body).toEqual({
      data: [],
      next: "",
      previous: `${emu.url}/workspaces?includeDeleted=false&limit=2&offset=4`,
    });
  });

  it("uses the prefix the request came in on and echoes workspaceIds comma-joined", async () => {
    const sm = await login(emu, emu.selfManagedUrl);
    const r = await sm.get(`/workspaces?workspaceIds=${ids[0]}&workspaceIds=${ids[2]}&limit=1`);
    expect(r.body.data.map((w: { workspaceId: string }) => w.workspaceId)).toEqual([ids[0]]);
    expect(r.body.next).toBe(
      `${emu.selfManagedUrl}/workspaces?includeDeleted=false&workspaceIds=${ids[0]},${ids[2]}&limit=1&offset=1`,
    );
    const comma = await sm.get(`/workspaces?workspaceIds=${ids[1]},${ids[3]}`);
    expect(comma.body.data).toHaveLength(2);
  });

  it("rejects limit outside 1..100 and negative offsets with 400 {errorId}", async () => {
    for (const q of ["limit=0", "limit=101", "limit=abc", "offset=-1"]) {
      const r = await c.get(`/workspaces?${q}`);
      expect(r.status, q).toBe(400);
      expect(Object.keys(r.body)).toEqual(["errorId"]);
    }
    expect((await c.get("/workspaces?limit=100")).status).toBe(200);
  });
});

describe("persistence", () => {
  it("keeps state and credentials across a restart in the same data dir", async () => {
    const dir = mkdtempSync(join(tmpdir(), "emu-"));
    try {
      const a = await startEmulator({ dataDir: dir });
      const ca = await login(a);
      const ws = (await ca.post("/workspaces", { name: "persisted" })).body;
      await a.close();
      const b = await startEmulator({ dataDir: dir });
      expect([b.clientId, b.clientSecret]).toEqual([a.clientId, a.clientSecret]);
      // A token issued before the restart stays valid until it expires.
      const old = await call(b.url, "GET", `/workspaces/${ws.workspaceId}`, { token: ca.token });
      expect(old.status).toBe(200);
      expect(old.body.name).toBe("persisted");
      await b.close();
      const pinned = await startEmulator({ dataDir: dir, clientId: "id-1", clientSecret: "s-1" });
      expect([pinned.clientId, pinned.clientSecret]).toEqual(["id-1", "s-1"]);
      await pinned.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
