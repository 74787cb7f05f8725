/**
 * The role matrix: every role of the seed (`seed-fixture.ts`) against every group of operations,
 * each cell allowed or 403, as the server's RoleResolver decides. The expected matrix is written
 * out by hand from the platform's controllers (which role each operation requires) and its
 * PermissionHelper (what each permission grants), not derived from the emulator's own tables.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../emulator/index.js";
import { call, type Json, type Reply } from "./helpers.js";
import { credentials, IDS, ROLE_USERS, type RoleName, SEED, userId } from "./seed-fixture.js";

type Caller = (method: string, path: string, body?: unknown) => Promise<Reply<Json>>;

const ALL = ROLE_USERS.map((u) => u.role);
const READERS: RoleName[] = [
  "instance_admin",
  "organization_admin",
  "organization_editor",
  "organization_runner",
  "organization_reader",
  "workspace_admin",
  "workspace_editor",
  "workspace_source_editor",
  "workspace_destination_editor",
  "workspace_runner",
  "workspace_reader",
  "group_editor",
];
const RUNNERS = READERS.filter((r) => r !== "organization_reader" && r !== "workspace_reader");
const ANY_EDITOR: RoleName[] = [
  "instance_admin",
  "organization_admin",
  "organization_editor",
  "workspace_admin",
  "workspace_editor",
  "workspace_source_editor",
  "workspace_destination_editor",
  "group_editor",
];
const SOURCE_EDITORS = ANY_EDITOR.filter((r) => r !== "workspace_destination_editor");
const DESTINATION_EDITORS = ANY_EDITOR.filter((r) => r !== "workspace_source_editor");
const WORKSPACE_ADMINS: RoleName[] = ["instance_admin", "organization_admin", "workspace_admin"];
const ORG_ADMINS: RoleName[] = ["instance_admin", "organization_admin"];
const ORG_EDITORS: RoleName[] = ["instance_admin", "organization_admin", "organization_editor"];
const ORG_MEMBERS: RoleName[] = [
  "instance_admin",
  "organization_admin",
  "organization_editor",
  "organization_runner",
  "organization_reader",
  "organization_member",
  "group_editor",
];

const FAKER = { sourceType: "faker", count: 5 };
const DEV_NULL = "a7bcc9d8-13b3-4e49-b80d-d020b90045e3";
const SILENT = { test_destination: { test_destination_type: "SILENT" } };

/** One group of operations: what it sends, who may, and the statuses that count as done. */
interface Op {
  name: string;
  run(c: Caller, role: RoleName): Promise<Reply<Json>>;
  allowed: readonly RoleName[];
  /** Statuses of an allowed call (default 200); anything else fails the cell. */
  ok?: readonly number[];
  /** Undoes an allowed call, so the next role starts from the same state. */
  cleanup?(admin: Caller, reply: Reply<Json>): Promise<unknown>;
}

const OPS: Op[] = [
  { name: "read a workspace", allowed: READERS, run: (c) => c("GET", `/workspaces/${IDS.analytics}`) },
  {
    name: "update a workspace",
    allowed: ANY_EDITOR,
    run: (c) => c("PATCH", `/workspaces/${IDS.analytics}`, { name: "analytics" }),
  },
  {
    name: "list a workspace's sources",
    allowed: READERS,
    run: (c) => c("GET", `/sources?workspaceIds=${IDS.analytics}`),
  },
  { name: "read a source", allowed: READERS, run: (c) => c("GET", `/sources/${IDS.orders}`) },
  {
    name: "create a source",
    allowed: SOURCE_EDITORS,
    run: (c) => c("POST", "/sources", { name: "s", workspaceId: IDS.analytics, configuration: FAKER }),
  },
  {
    name: "update a source",
    allowed: SOURCE_EDITORS,
    run: (c) => c("PATCH", `/sources/${IDS.orders}`, { name: "orders" }),
  },
  {
    name: "create a destination",
    allowed: DESTINATION_EDITORS,
    run: (c) =>
      c("POST", "/destinations", {
        name: "d",
        workspaceId: IDS.analytics,
        definitionId: DEV_NULL,
        configuration: SILENT,
      }),
  },
  {
    name: "update a destination",
    allowed: DESTINATION_EDITORS,
    run: (c) => c("PATCH", `/destinations/${IDS.sink}`, { name: "sink" }),
  },
  {
    name: "create a connection",
    allowed: ANY_EDITOR,
    run: (c) => c("POST", "/connections", { sourceId: IDS.orders, destinationId: IDS.sink }),
  },
  { name: "read a connection", allowed: READERS, run: (c) => c("GET", `/connections/${IDS.pipeline}`) },
  {
    name: "update a connection",
    allowed: ANY_EDITOR,
    run: (c) => c("PATCH", `/connections/${IDS.pipeline}`, { name: "pipeline" }),
  },
  {
    name: "start a sync",
    allowed: RUNNERS,
    ok: [200, 409],
    run: (c) => c("POST", "/jobs", { connectionId: IDS.pipeline, jobType: "sync" }),
  },
  {
    name: "start a clear",
    allowed: ANY_EDITOR,
    ok: [200, 409],
    run: (c) => c("POST", "/jobs", { connectionId: IDS.pipeline, jobType: "clear" }),
  },
  {
    name: "list a connection's jobs",
    allowed: READERS,
    run: (c) => c("GET", `/jobs?connectionId=${IDS.pipeline}`),
  },
  {
    name: "read stream properties",
    allowed: READERS,
    run: (c) => c("GET", `/streams?sourceId=${IDS.orders}`),
  },
  {
    name: "create a tag",
    allowed: ANY_EDITOR,
    run: (c, role) =>
      c("POST", "/tags", { name: role.slice(0, 30), color: "00AA00", workspaceId: IDS.analytics }),
  },
  { name: "read a tag", allowed: READERS, run: (c) => c("GET", `/tags/${IDS.tag}`) },
  {
    name: "grant a workspace permission",
    allowed: WORKSPACE_ADMINS,
    run: (c) =>
      c("POST", "/permissions", {
        permissionType: "workspace_reader",
        userId: userId("outsider"),
        workspaceId: IDS.analytics,
      }),
    cleanup: (admin, r) => admin("DELETE", `/permissions/${r.body.permissionId}`),
  },
  {
    name: "grant an organization permission",
    allowed: ORG_ADMINS,
    run: (c) =>
      c("POST", "/permissions", {
        permissionType: "organization_reader",
        userId: userId("outsider"),
        organizationId: IDS.acme,
      }),
    cleanup: (admin, r) => admin("DELETE", `/permissions/${r.body.permissionId}`),
  },
  {
    name: "read another user's permissions",
    allowed: ORG_ADMINS,
    // The default user: nobody in the matrix, so nobody reads their own permissions here.
    run: (c) =>
      c("GET", `/permissions?userId=00000000-0000-0000-0000-000000000000&organizationId=${IDS.acme}`),
  },
  {
    name: "list an organization's groups",
    allowed: ORG_ADMINS,
    run: (c) => c("GET", `/groups?organizationId=${IDS.acme}`),
  },
  { name: "read a group", allowed: ORG_ADMINS, run: (c) => c("GET", `/groups/${IDS.editors}`) },
  {
    name: "list an organization's users",
    allowed: ORG_MEMBERS,
    run: (c) => c("GET", `/users?organizationId=${IDS.acme}`),
  },
  {
    name: "create a workspace in an organization",
    allowed: ORG_EDITORS,
    run: (c, role) => c("POST", "/workspaces", { name: `ws-${role}`, organizationId: IDS.acme }),
  },
  {
    name: "list a workspace's custom definitions",
    allowed: READERS,
    run: (c) => c("GET", `/workspaces/${IDS.analytics}/definitions/sources`),
  },
  {
    name: "create a custom source definition",
    allowed: SOURCE_EDITORS,
    run: (c) =>
      c("POST", `/workspaces/${IDS.analytics}/definitions/sources`, {
        name: "custom",
        dockerRepository: "acme/source-custom",
        dockerImageTag: "1.0.0",
      }),
  },
  {
    name: "create a custom destination definition",
    allowed: [
      "instance_admin",
      "organization_admin",
      "organization_editor",
      "workspace_admin",
      "workspace_editor",
      "group_editor",
    ],
    run: (c) =>
      c("POST", `/workspaces/${IDS.analytics}/definitions/destinations`, {
        name: "custom",
        dockerRepository: "acme/destination-custom",
        dockerImageTag: "1.0.0",
      }),
  },
  {
    name: "read a workspace of another organization",
    allowed: ["instance_admin", "outsider"],
    run: (c) => c("GET", `/workspaces/${IDS.globexWs}`),
  },
  {
    name: "set a workspace's OAuth credentials",
    allowed: ANY_EDITOR,
    run: (c) =>
      c("PUT", `/workspaces/${IDS.analytics}/oauthCredentials`, {
        actorType: "source",
        name: "github",
        configuration: { client_id: "x", client_secret: "y" },
      }),
  },
  {
    name: "set an organization's OAuth credentials",
    allowed: ORG_ADMINS,
    run: (c) =>
      c("PUT", `/organizations/${IDS.acme}/oauthCredentials`, {
        actorType: "source",
        name: "github",
        configuration: { client_id: "x", client_secret: "y" },
      }),
  },
];

describe("the role matrix", () => {
  let emu: Emulator;
  const callers = new Map<RoleName, Caller>();
  beforeAll(async () => {
    emu = await startEmulator({ seed: SEED, jobDurationMs: 60_000 });
    for (const role of ALL) {
      const { clientId, clientSecret } = credentials(role);
      const tok = await call(emu.url, "POST", "/applications/token", {
        body: { client_id: clientId, client_secret: clientSecret },
      });
      expect(tok.status, `token for ${role}`).toBe(200);
      const token = tok.body.access_token as string;
      callers.set(role, (method, path, body) => call(emu.url, method, path, { token, body }));
    }
  });
  afterAll(() => emu.close());

  it.each(OPS.map((op) => [op.name, op] as const))("%s", async (_name, op) => {
    const admin = callers.get("instance_admin")!;
    const expected: Record<string, string> = {};
    const actual: Record<string, string> = {};
    for (const role of ALL) {
      const allowed = op.allowed.includes(role);
      expected[role] = allowed ? "allowed" : "403";
      const r = await op.run(callers.get(role)!, role);
      if (r.status === 403) {
        actual[role] = "403";
        expect(r.body).toMatchObject({
          status: 403,
          title: "forbidden",
          data: { message: expect.any(String) },
        });
      } else {
        actual[role] = (op.ok ?? [200]).includes(r.status)
          ? "allowed"
          : `${r.status} ${JSON.stringify(r.body)}`;
        if (r.status === 200 && op.cleanup) await op.cleanup(admin, r);
      }
    }
    expect(actual).toEqual(expected);
  });

  it("an id that resolves to no workspace is 403 for everyone but an instance admin, who gets the 404", async () => {
    const missing = randomUUID();
    for (const path of [
      `/sources/${missing}`,
      `/connections/${missing}`,
      `/workspaces/${missing}`,
      "/jobs/987654",
    ]) {
      for (const role of ALL) {
        const r = await callers.get(role)!("GET", path);
        expect([path, role, r.status]).toEqual([path, role, role === "instance_admin" ? 404 : 403]);
      }
    }
  });

  it("lists hold only what the caller may read", async () => {
    const seen = async (role: RoleName, path: string, key: string) =>
      ((await callers.get(role)!("GET", path)).body.data as Record<string, string>[])
        .map((x) => String(x[key]))
        .sort();
    const acme: string[] = [IDS.analytics, IDS.marketing].sort();
    expect(await seen("workspace_reader", "/workspaces", "workspaceId")).toEqual([IDS.analytics]);
    expect(await seen("group_editor", "/workspaces", "workspaceId")).toEqual([IDS.analytics]);
    expect(await seen("outsider", "/workspaces", "workspaceId")).toEqual([IDS.globexWs]);
    expect(await seen("organization_member", "/workspaces", "workspaceId")).toEqual([]);
    expect(
      (await seen("organization_reader", "/workspaces", "workspaceId")).filter((w) => acme.includes(w)),
    ).toEqual(acme);
    expect(await seen("workspace_reader", "/sources", "sourceId")).toContain(IDS.orders);
    expect(await seen("outsider", "/sources", "sourceId")).toEqual([]);
    expect(await seen("outsider", "/connections", "connectionId")).toEqual([]);
    expect(await seen("outsider", "/tags", "tagId")).toEqual([]);
    expect(await seen("outsider", "/jobs", "connectionId")).toEqual([]);
    expect(await seen("workspace_reader", "/tags", "tagId")).toContain(IDS.tag);
    // Asking for a workspace out of reach is a 403, not an empty list.
    expect((await callers.get("outsider")!("GET", `/sources?workspaceIds=${IDS.analytics}`)).status).toBe(
      403,
    );
    const orgs = await seen("outsider", "/organizations", "organizationId");
    expect(orgs).toEqual([IDS.globex]);
  });

  it("each user gets its own token from its own application, and sees only its own applications", async () => {
    const reader = callers.get("workspace_reader")!;
    const apps = await reader("GET", "/applications");
    expect(apps.body.applications).toEqual([
      expect.objectContaining({
        clientId: credentials("workspace_reader").clientId,
        clientSecret: "**********",
      }),
    ]);
    const editorApps = await callers.get("workspace_editor")!("GET", "/applications");
    const editorApp = editorApps.body.applications[0].id as string;
    expect((await reader("GET", `/applications/${editorApp}`)).status).toBe(404);
    expect((await reader("DELETE", `/applications/${editorApp}`)).status).toBe(404);
    const self = await reader("GET", `/permissions`);
    expect(self.body.data).toEqual([
      {
        permissionId: expect.any(String),
        permissionType: "workspace_reader",
        userId: userId("workspace_reader"),
        scope: "workspace",
        scopeId: IDS.analytics,
      },
    ]);
  });
});
