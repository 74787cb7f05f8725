/**
 * Users, permissions, groups and applications over HTTP: the shapes api.yaml gives them, the
 * server's status codes, and what each change does to what a user may then do.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../emulator/index.js";
import { type Client, call, type Json, login, type Reply } from "./helpers.js";
import { credentials, IDS, type RoleName, SEED, userId } from "./seed-fixture.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe("users, permissions, groups and applications", () => {
  let emu: Emulator;
  let admin: Client;
  const as = async (role: RoleName) => {
    const { clientId, clientSecret } = credentials(role);
    const tok = await call(emu.url, "POST", "/applications/token", {
      body: { client_id: clientId, client_secret: clientSecret },
    });
    const token = tok.body.access_token as string;
    return (method: string, path: string, body?: unknown): Promise<Reply<Json>> =>
      call(emu.url, method, path, { token, body });
  };
  beforeAll(async () => {
    emu = await startEmulator({ seed: SEED });
    admin = await login(emu);
  });
  afterAll(() => emu.close());

  it("GET /users lists an organization's users, narrowed by ids and emails", async () => {
    const all = await admin.get(`/users?organizationId=${IDS.acme}`);
    expect(all.status).toBe(200);
    expect(all.body.data).toContainEqual({
      id: userId("workspace_editor"),
      name: "workspace_editor",
      email: "workspace-editor@acme.example",
    });
    // The group member counts as a user of Acme; the outsider (Globex only) does not.
    const ids = all.body.data.map((u: { id: string }) => u.id);
    expect(ids).toContain(userId("group_editor"));
    expect(ids).not.toContain(userId("outsider"));
    const one = await admin.get(`/users?organizationId=${IDS.acme}&emails=workspace-reader@acme.example`);
    expect(one.body.data.map((u: { id: string }) => u.id)).toEqual([userId("workspace_reader")]);
    const byId = await admin.get(`/users?organizationId=${IDS.acme}&ids=${userId("workspace_runner")}`);
    expect(byId.body.data).toHaveLength(1);
    expect((await admin.get("/users")).status).toBe(400);
    // Not an e-mail address: the spec's items are format: email (found by the schema-driven fuzzer).
    expect((await admin.get(`/users?organizationId=${IDS.acme}&emails=not-an-email`)).body).toMatchObject({
      status: 400,
      data: { message: expect.stringContaining("[emails] for value [not-an-email]") },
    });
    expect((await admin.get("/users?organizationId=acme")).body).toMatchObject({
      status: 400,
      data: { message: expect.stringContaining("[organizationId]") },
    });
  });

  it("creates, reads, changes and deletes a user's permission, which changes what the user may do", async () => {
    const outsider = await as("outsider");
    expect((await outsider("GET", `/workspaces/${IDS.marketing}`)).status).toBe(403);
    const created = await admin.post("/permissions", {
      permissionType: "workspace_reader",
      userId: userId("outsider"),
      workspaceId: IDS.marketing,
    });
    expect(created.status).toBe(200);
    expect(created.body).toEqual({
      permissionId: expect.stringMatching(UUID),
      permissionType: "workspace_reader",
      userId: userId("outsider"),
      workspaceId: IDS.marketing,
    });
    const id = created.body.permissionId as string;
    expect((await outsider("GET", `/workspaces/${IDS.marketing}`)).status).toBe(200);
    expect((await outsider("PATCH", `/workspaces/${IDS.marketing}`, { name: "m" })).status).toBe(403);
    expect((await admin.get(`/permissions/${id}`)).body).toEqual(created.body);
    const patched = await admin.patch(`/permissions/${id}`, { permissionType: "workspace_editor" });
    expect(patched.body.permissionType).toBe("workspace_editor");
    expect((await outsider("PATCH", `/workspaces/${IDS.marketing}`, { name: "marketing" })).status).toBe(200);
    // The user's own list shows it with its scope.
    const mine = await outsider("GET", "/permissions");
    expect(mine.body.data).toContainEqual({
      permissionId: id,
      permissionType: "workspace_editor",
      userId: userId("outsider"),
      scope: "workspace",
      scopeId: IDS.marketing,
    });
    // A second permission on the same workspace is refused; a type that does not fit the scope too.
    const again = await admin.post("/permissions", {
      permissionType: "workspace_admin",
      userId: userId("outsider"),
      workspaceId: IDS.marketing,
    });
    expect(again.status).toBe(400);
    expect(again.body.data.message).toContain(`PATCH /permissions/${id}`);
    expect((await admin.patch(`/permissions/${id}`, { permissionType: "organization_admin" })).status).toBe(
      400,
    );
    expect((await admin.del(`/permissions/${id}`)).status).toBe(204);
    expect((await admin.get(`/permissions/${id}`)).status).toBe(404);
    expect((await outsider("GET", `/workspaces/${IDS.marketing}`)).status).toBe(403);
  });

  it("refuses a permission with both scopes, with none, or for an unknown user", async () => {
    const both = await admin.post("/permissions", {
      permissionType: "workspace_reader",
      userId: userId("outsider"),
      workspaceId: IDS.analytics,
      organizationId: IDS.acme,
    });
    expect(both.body).toMatchObject({
      status: 400,
      data: { message: "A permission cannot target both a workspace and an organization." },
    });
    const none = await admin.post("/permissions", {
      permissionType: "workspace_reader",
      userId: userId("outsider"),
    });
    expect(none.status).toBe(400);
    const nobody = await admin.post("/permissions", {
      permissionType: "workspace_reader",
      userId: randomUUID(),
      workspaceId: IDS.analytics,
    });
    expect(nobody.status).toBe(404);
    expect(
      (await admin.post("/permissions", { permissionType: "root", userId: userId("outsider") })).status,
    ).toBe(422);
    // Someone else's permissions need the organization (and its admin role).
    const reader = await as("workspace_reader");
    expect((await reader("GET", `/permissions?userId=${userId("outsider")}`)).status).toBe(400);
  });

  it("manages a group, its members and its permissions; members inherit the group's roles", async () => {
    const created = await admin.post("/groups", {
      name: "analysts",
      organizationId: IDS.acme,
      description: "BI",
    });
    expect(created.status).toBe(200);
    expect(created.body).toEqual({
      groupId: expect.stringMatching(UUID),
      name: "analysts",
      description: "BI",
      organizationId: IDS.acme,
      memberCount: 0,
    });
    const g = created.body.groupId as string;
    expect((await admin.post("/groups", { name: "analysts", organizationId: IDS.acme })).body).toMatchObject({
      status: 409,
      type: "error:group-already-exists",
    });
    const member = await admin.post(`/groups/${g}/members`, { userId: userId("organization_member") });
    expect(member.status).toBe(201);
    expect(member.body).toEqual({
      memberId: expect.stringMatching(UUID),
      groupId: g,
      userId: userId("organization_member"),
      userEmail: "organization-member@acme.example",
      userName: "organization_member",
    });
    expect(
      (await admin.post(`/groups/${g}/members`, { userId: userId("organization_member") })).body,
    ).toMatchObject({
      status: 409,
      type: "error:group-member-already-exists",
    });
    // Only users of the organization can join.
    expect((await admin.post(`/groups/${g}/members`, { userId: userId("outsider") })).status).toBe(404);
    const memberCaller = await as("organization_member");
    expect((await memberCaller("GET", `/workspaces/${IDS.marketing}`)).status).toBe(403);
    const perm = await admin.post(`/groups/${g}/permissions`, {
      permissionType: "workspace_reader",
      workspaceId: IDS.marketing,
    });
    expect(perm.status).toBe(201);
    expect(perm.body).toEqual({
      permissionId: expect.stringMatching(UUID),
      groupId: g,
      permissionType: "workspace_reader",
      workspaceId: IDS.marketing,
    });
    expect((await memberCaller("GET", `/workspaces/${IDS.marketing}`)).status).toBe(200);
    expect(
      (
        await admin.post(`/groups/${g}/permissions`, {
          permissionType: "workspace_reader",
          workspaceId: IDS.marketing,
        })
      ).status,
    ).toBe(400);
    // A workspace of another organization is out of the group's scope.
    expect(
      (
        await admin.post(`/groups/${g}/permissions`, {
          permissionType: "workspace_reader",
          workspaceId: IDS.globexWs,
        })
      ).status,
    ).toBe(400);
    expect((await admin.get(`/groups/${g}/permissions`)).body.data).toEqual([perm.body]);
    expect((await admin.get(`/groups/${g}`)).body.memberCount).toBe(1);
    const members = await admin.get(`/groups/${g}/members?limit=1`);
    expect(members.body.data).toEqual([member.body]);
    expect(members.body.next).toBeUndefined();
    const renamed = await admin.patch(`/groups/${g}`, { name: "analysts-2", description: null });
    expect(renamed.body).toEqual({
      ...created.body,
      name: "analysts-2",
      description: undefined,
      memberCount: 1,
    });
    expect(renamed.body).not.toHaveProperty("description");
    const list = await admin.get(`/groups?organizationId=${IDS.acme}&limit=1`);
    expect(list.body.data).toHaveLength(1);
    expect(list.body.next).toContain("offset=1");
    expect((await admin.del(`/groups/${g}/permissions/${perm.body.permissionId}`)).status).toBe(204);
    expect((await memberCaller("GET", `/workspaces/${IDS.marketing}`)).status).toBe(403);
    expect((await admin.del(`/groups/${g}/members/${userId("organization_member")}`)).status).toBe(204);
    expect((await admin.del(`/groups/${g}/members/${userId("organization_member")}`)).status).toBe(404);
    expect((await admin.del(`/groups/${g}`)).status).toBe(204);
    expect((await admin.get(`/groups/${g}`)).status).toBe(404);
    // An unknown group is a 404 for everyone, as the server looks it up before the role check.
    expect((await memberCaller("GET", `/groups/${g}`)).status).toBe(404);
    expect((await admin.get("/groups/not-a-uuid")).status).toBe(400);
    expect((await admin.get("/groups")).status).toBe(400);
  });

  it("creates an application whose secret is returned once and whose token acts as its user", async () => {
    const editor = await as("workspace_editor");
    const created = await editor("POST", "/applications", { name: "deploys" });
    expect(created.status).toBe(200);
    expect(created.body).toEqual({
      id: expect.stringMatching(UUID),
      name: "deploys",
      clientId: expect.any(String),
      clientSecret: expect.stringMatching(/^[0-9a-f]{48}$/),
      createdAt: expect.any(Number),
    });
    const { id, clientId, clientSecret } = created.body;
    const got = await editor("GET", `/applications/${id}`);
    expect(got.body).toEqual({ ...created.body, clientSecret: "**********" });
    const tok = await call(emu.url, "POST", "/applications/token", {
      body: { client_id: clientId, client_secret: clientSecret, "grant-type": "client_credentials" },
    });
    expect(tok.status).toBe(200);
    const token = tok.body.access_token as string;
    // The new credentials act as the editor: allowed where the editor is, refused elsewhere.
    expect((await call(emu.url, "GET", `/workspaces/${IDS.analytics}`, { token })).status).toBe(200);
    expect((await call(emu.url, "GET", `/workspaces/${IDS.marketing}`, { token })).status).toBe(403);
    const deleted = await editor("DELETE", `/applications/${id}`);
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual(got.body);
    expect((await editor("GET", `/applications/${id}`)).body).toMatchObject({
      status: 404,
      detail: "The application with the provided id was not found.",
    });
    const again = await call(emu.url, "POST", "/applications/token", {
      body: { client_id: clientId, client_secret: clientSecret },
    });
    expect(again.status).toBe(401);
    expect((await editor("POST", "/applications", { name: " " })).status).toBe(400);
    expect((await editor("POST", "/applications", {})).status).toBe(422);
  });

  it("keeps the default set-up: the emulator's credentials are an organization admin of the default organization", async () => {
    const perms = await admin.get("/permissions");
    expect(perms.body.data).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          permissionType: "organization_admin",
          scope: "organization",
          scopeId: "00000000-0000-0000-0000-000000000000",
        }),
      ]),
    );
    const apps = await admin.get("/applications");
    expect(apps.body.applications).toEqual([expect.objectContaining({ clientId: emu.clientId })]);
  });
});
