/**
 * The client's access and custom-connector groups against the emulator over HTTP: users,
 * permissions, groups (members and roles), applications, and a workspace's custom and declarative
 * definitions. Every response schema is checked against real bodies, every path and body against
 * the request log.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../emulator/index.js";
import { TokenCache } from "../../provider/api/auth.js";
import { AirbyteClient } from "../../provider/api/client.js";
import { NotFoundError, PermissionDeniedError } from "../../provider/api/errors.js";
import { closeSharedDispatcher } from "../../provider/api/http.js";
import { collect } from "../../provider/api/pagination.js";

const ORG = "00000000-0000-0000-0000-000000000000";
const ANA = { email: "ana@acme.example", clientId: "ana-laptop", clientSecret: "ana-secret-2b7d" };

describe("access and custom connector endpoints", () => {
  let emu: Emulator;
  let admin: AirbyteClient;
  let ana: AirbyteClient;
  let anaId: string;
  let workspaceId: string;
  const client = (clientId: string, clientSecret: string) =>
    new AirbyteClient({
      serverUrl: emu.url,
      credentials: { clientId, clientSecret },
      retryBaseDelayMs: 1,
      tokenCache: new TokenCache(),
    });
  const last = () => {
    const r = emu.requests.at(-1);
    return [r?.method, r?.path, r?.body];
  };

  beforeAll(async () => {
    emu = await startEmulator({
      seed: {
        users: [
          {
            name: "Ana",
            email: ANA.email,
            applications: [{ name: "laptop", clientId: ANA.clientId, clientSecret: ANA.clientSecret }],
            permissions: [{ type: "organization_member", organization: ORG }],
          },
        ],
      },
    });
    admin = client(emu.clientId, emu.clientSecret);
    ana = client(ANA.clientId, ANA.clientSecret);
    workspaceId = (await admin.workspaces.create({ name: "access" })).workspaceId;
  });
  afterAll(async () => {
    await emu.close();
    await closeSharedDispatcher();
  });

  it("users: an organization's, filtered by e-mail", async () => {
    const users = await admin.users.list({ organizationId: ORG, emails: [ANA.email] });
    expect(users).toEqual([{ id: expect.any(String), name: "Ana", email: ANA.email }]);
    anaId = users[0]?.id ?? "";
    expect(emu.requests.at(-1)?.query).toEqual({ organizationId: ORG, emails: ANA.email });
  });

  it("permissions: create, get, PATCH the role, list with the scope, delete", async () => {
    const p = await admin.permissions.create({
      permissionType: "workspace_reader",
      userId: anaId,
      workspaceId,
    });
    expect(p).toMatchObject({ permissionType: "workspace_reader", userId: anaId, workspaceId });
    expect(await admin.permissions.get(p.permissionId)).toEqual(p);
    const raised = await admin.permissions.update(p.permissionId, { permissionType: "workspace_editor" });
    expect(raised.permissionType).toBe("workspace_editor");
    expect(last()).toEqual([
      "PATCH",
      `/permissions/${p.permissionId}`,
      { permissionType: "workspace_editor" },
    ]);
    const listed = await admin.permissions.list({ userId: anaId, organizationId: ORG });
    expect(listed).toContainEqual({
      permissionId: p.permissionId,
      permissionType: "workspace_editor",
      userId: anaId,
      scope: "workspace",
      scopeId: workspaceId,
    });
    // Ana holds no admin role: her own client gets the typed 403.
    await expect(
      ana.permissions.create({ permissionType: "workspace_admin", userId: anaId, workspaceId }),
    ).rejects.toBeInstanceOf(PermissionDeniedError);
    await admin.permissions.delete(p.permissionId);
    await expect(admin.permissions.get(p.permissionId)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("groups: create, members, roles, update, list, delete", async () => {
    const g = await admin.groups.create({ name: "analysts", organizationId: ORG, description: "readers" });
    expect(g).toMatchObject({ name: "analysts", organizationId: ORG, description: "readers" });
    const member = await admin.groups.members.create(g.groupId, anaId);
    expect(member.userId).toBe(anaId);
    expect((await collect(admin.groups.members.list(g.groupId))).map((m) => m.userId)).toEqual([anaId]);
    const role = await admin.groups.permissions.create(g.groupId, {
      permissionType: "workspace_reader",
      workspaceId,
    });
    expect(await admin.groups.permissions.list(g.groupId)).toEqual([
      expect.objectContaining({
        permissionId: role.permissionId,
        permissionType: "workspace_reader",
        workspaceId,
      }),
    ]);
    expect((await ana.workspaces.get(workspaceId)).workspaceId).toBe(workspaceId);
    await admin.groups.permissions.delete(g.groupId, role.permissionId);
    await admin.groups.members.delete(g.groupId, anaId);
    expect(await collect(admin.groups.members.list(g.groupId))).toEqual([]);
    const renamed = await admin.groups.update(g.groupId, { name: "analysts-eu", description: null });
    expect(renamed.name).toBe("analysts-eu");
    expect(renamed.description ?? undefined).toBeUndefined();
    expect((await collect(admin.groups.list({ organizationId: ORG }))).map((x) => x.name)).toContain(
      "analysts-eu",
    );
    await admin.groups.delete(g.groupId);
    await expect(admin.groups.get(g.groupId)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("applications: the secret comes with the create; the credentials work until deleted", async () => {
    const app = await admin.applications.create({ name: "ci" });
    expect(app.clientSecret).toEqual(expect.any(String));
    expect((await admin.applications.list()).map((a) => a.id)).toContain(app.id);
    expect((await admin.applications.get(app.id)).clientId).toBe(app.clientId);
    const ci = client(app.clientId, app.clientSecret ?? "");
    expect((await ci.workspaces.get(workspaceId)).workspaceId).toBe(workspaceId);
    await admin.applications.delete(app.id);
    await expect(admin.applications.get(app.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("custom definitions: create, get, PUT a new tag, list, delete, per kind", async () => {
    for (const kind of ["sourceDefinitions", "destinationDefinitions"] as const) {
      const path = kind === "sourceDefinitions" ? "sources" : "destinations";
      const d = await admin[kind].create(workspaceId, {
        name: `acme-${path}`,
        dockerRepository: `ghcr.io/acme/${path}`,
        dockerImageTag: "1.0.0",
      });
      expect(last()).toEqual(["POST", `/workspaces/${workspaceId}/definitions/${path}`, expect.any(Object)]);
      expect(await admin[kind].get(workspaceId, d.id)).toEqual(d);
      const bumped = await admin[kind].replace(workspaceId, d.id, { name: d.name, dockerImageTag: "1.1.0" });
      expect(bumped.dockerImageTag).toBe("1.1.0");
      expect((await collect(admin[kind].list(workspaceId))).map((x) => x.id)).toContain(d.id);
      await admin[kind].delete(workspaceId, d.id);
      await expect(admin[kind].get(workspaceId, d.id)).rejects.toBeInstanceOf(NotFoundError);
    }
  });

  it("declarative definitions: the manifest as an object, its version one more per update", async () => {
    const manifest = { version: "6.5.0", type: "DeclarativeSource", streams: [] };
    const d = await admin.declarativeSourceDefinitions.create(workspaceId, { name: "billing", manifest });
    expect(d).toMatchObject({ name: "billing", manifest, version: 1 });
    const next = { ...manifest, version: "6.6.0" };
    const updated = await admin.declarativeSourceDefinitions.replace(workspaceId, d.id, { manifest: next });
    expect(updated).toMatchObject({ id: d.id, manifest: next, version: 2 });
    expect((await collect(admin.declarativeSourceDefinitions.list(workspaceId))).map((x) => x.id)).toEqual([
      d.id,
    ]);
    await admin.declarativeSourceDefinitions.delete(workspaceId, d.id);
    await expect(admin.declarativeSourceDefinitions.get(workspaceId, d.id)).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });
});
