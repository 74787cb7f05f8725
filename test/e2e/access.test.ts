/**
 * Access as code on the real engine, seen from the other side: a second user (Ana, seeded in the
 * emulator with her own client credentials) gets exactly the access the stack grants her, through
 * a `Permission` or a `Group`; and an `Application`'s secret never reaches state or the CLI's output
 * in plain text.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../../emulator/index.js";
import { emulator, newStack, outputsOf, rawState, requestsTo, type TestStack } from "./harness.js";
import * as airbyte from "./sdk.js";

const ANA = { email: "ana@acme.example", clientId: "ana-laptop", clientSecret: "ana-secret-7f3e91" };

/** Calls the API with a user's own client credentials, as that user's scripts would. */
async function asUser(emu: Emulator, clientId: string, clientSecret: string) {
  const token = await fetch(`${emu.url}/applications/token`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      client_id: clientId,
      client_secret: clientSecret,
      "grant-type": "client_credentials",
    }),
  });
  if (!token.ok) return { status: token.status, call: async () => token.status };
  const { access_token } = (await token.json()) as { access_token: string };
  return {
    status: token.status,
    /** The status of one call. */
    call: async (method: string, path: string, body?: unknown): Promise<number> =>
      (
        await fetch(`${emu.url}${path}`, {
          method,
          headers: { authorization: `Bearer ${access_token}`, "content-type": "application/json" },
          ...(body !== undefined && { body: JSON.stringify(body) }),
        })
      ).status,
  };
}

/** What Ana can do in a workspace: read it, and add a source to it. */
async function anaCan(emu: Emulator, workspaceId: string): Promise<{ read: number; write: number }> {
  const ana = await asUser(emu, ANA.clientId, ANA.clientSecret);
  const read = await ana.call("GET", `/workspaces/${workspaceId}`);
  const write = await ana.call("POST", "/sources", {
    name: `ana-${Date.now()}`,
    workspaceId,
    configuration: { sourceType: "faker", count: 1 },
  });
  return { read, write };
}

interface Grant {
  via: "permission" | "group";
  role: "workspace_reader" | "workspace_editor";
  on: "a" | "b";
  /** For a group: whether Ana is a member (default true). */
  member?: boolean;
}

function program(grant?: Grant) {
  return async () => {
    const a = new airbyte.Workspace("a", { name: "team-a" });
    const b = new airbyte.Workspace("b", { name: "team-b" });
    // By e-mail, in any case: the program holds no user UUID.
    const ana = airbyte.getUserOutput({ email: ANA.email.toUpperCase() });
    const workspaceId = (grant?.on === "b" ? b : a).workspaceId;
    if (grant?.via === "permission") {
      new airbyte.Permission("ana", { userId: ana.id, permissionType: grant.role, workspaceId });
    }
    if (grant?.via === "group") {
      new airbyte.Group("analysts", {
        organizationId: DEFAULT_ORG,
        name: "analysts",
        description: "read access to team workspaces",
        members: grant.member === false ? [] : [ana.id],
        permissions: [{ permissionType: grant.role, workspaceId }],
      });
    }
    return { a: a.workspaceId, b: b.workspaceId, anaId: ana.id };
  };
}

const DEFAULT_ORG = "00000000-0000-0000-0000-000000000000";

describe("a Permission grants a second user exactly the declared access", () => {
  let emu: Emulator;
  let t: TestStack;
  let ws: { a: string; b: string; anaId: string };
  beforeAll(async () => {
    emu = await emulator({
      seed: {
        users: [
          {
            name: "Ana",
            email: ANA.email,
            applications: [{ name: "laptop", clientId: ANA.clientId, clientSecret: ANA.clientSecret }],
            permissions: [{ type: "organization_member", organization: DEFAULT_ORG }],
          },
        ],
      },
    });
    t = await newStack(emu, program());
    const up = await t.stack.up();
    ws = Object.fromEntries(Object.entries(up.outputs).map(([k, v]) => [k, v.value])) as typeof ws;
  }, 120_000);
  afterAll(async () => {
    await t?.cleanup();
    await emu?.close();
  });

  it("without a grant, Ana's own credentials get 403 on the workspace", async () => {
    expect(await anaCan(emu, ws.a)).toEqual({ read: 403, write: 403 });
  });

  it("workspace_reader: Ana reads, and cannot write", async () => {
    const stack = await t.reopen(program({ via: "permission", role: "workspace_reader", on: "a" }));
    const up = await stack.up();
    expect(up.summary.resourceChanges).toEqual({ same: 3, create: 1 });
    expect(requestsTo(emu, "POST", /^\/permissions$/).at(-1)?.body).toEqual({
      permissionType: "workspace_reader",
      userId: ws.anaId,
      workspaceId: ws.a,
    });
    expect(await anaCan(emu, ws.a)).toEqual({ read: 200, write: 403 });
  });

  it("raised to workspace_editor: the preview says update, up sends one PATCH, and Ana's write works", async () => {
    const stack = await t.reopen(program({ via: "permission", role: "workspace_editor", on: "a" }));
    const before = await outputsOf(stack, "Permission");
    expect((await stack.preview()).changeSummary).toEqual({ same: 3, update: 1 });
    emu.clearRequests();
    const up = await stack.up();
    expect(up.summary.resourceChanges).toEqual({ same: 3, update: 1 });
    const patches = requestsTo(emu, "PATCH", /^\/permissions\//);
    expect(patches.map((r) => [r.path, r.body])).toEqual([
      [`/permissions/${before.permissionId}`, { permissionType: "workspace_editor" }],
    ]);
    expect(requestsTo(emu, "POST", /^\/permissions$/)).toEqual([]);
    expect(await anaCan(emu, ws.a)).toEqual({ read: 200, write: 200 });
  });

  it("moved to another workspace: the preview says replace, and the access moves with it", async () => {
    const stack = await t.reopen(program({ via: "permission", role: "workspace_editor", on: "b" }));
    expect((await stack.preview()).changeSummary).toEqual({ same: 3, replace: 1 });
    const up = await stack.up();
    expect(up.summary.resourceChanges).toEqual({ same: 3, replace: 1 });
    expect(await anaCan(emu, ws.a)).toEqual({ read: 403, write: 403 });
    expect((await anaCan(emu, ws.b)).read).toBe(200);
  });

  it("refresh sees a role changed in the UI, and up puts the declared one back", async () => {
    const stack = await t.reopen(program({ via: "permission", role: "workspace_editor", on: "b" }));
    const { permissionId } = await outputsOf(stack, "Permission");
    const admin = await asUser(emu, emu.clientId, emu.clientSecret);
    expect(
      await admin.call("PATCH", `/permissions/${permissionId}`, { permissionType: "workspace_reader" }),
    ).toBe(200);
    await stack.refresh();
    const preview = await stack.preview({ diff: true });
    expect(preview.changeSummary).toEqual({ same: 3, update: 1 });
    expect(preview.stdout).toMatch(/~ permissionType\s*: "workspace_reader" => "workspace_editor"/);
    await stack.up();
    expect((await anaCan(emu, ws.b)).write).toBe(200);
  });

  it("the grant removed: Ana gets 403 again", async () => {
    const stack = await t.reopen(program());
    emu.clearRequests();
    const up = await stack.up();
    expect(up.summary.resourceChanges).toEqual({ same: 3, delete: 1 });
    expect(requestsTo(emu, "DELETE", /^\/permissions\//)).toHaveLength(1);
    expect(await anaCan(emu, ws.b)).toEqual({ read: 403, write: 403 });
  });

  it("a Group grants its members the group's roles; leaving the group takes them away", async () => {
    const stack = await t.reopen(program({ via: "group", role: "workspace_reader", on: "a" }));
    const up = await stack.up();
    expect(up.summary.resourceChanges).toEqual({ same: 3, create: 1 });
    expect(await anaCan(emu, ws.a)).toEqual({ read: 200, write: 403 });

    const editor = await t.reopen(program({ via: "group", role: "workspace_editor", on: "a" }));
    expect((await editor.preview()).changeSummary).toEqual({ same: 3, update: 1 });
    await editor.up();
    expect(await anaCan(emu, ws.a)).toEqual({ read: 200, write: 200 });

    const left = await t.reopen(program({ via: "group", role: "workspace_editor", on: "a", member: false }));
    emu.clearRequests();
    expect((await left.up()).summary.resourceChanges).toEqual({ same: 3, update: 1 });
    expect(requestsTo(emu, "DELETE", /^\/groups\/[^/]+\/members\//).map((r) => r.path)).toEqual([
      expect.stringMatching(new RegExp(`/members/${ws.anaId}$`)),
    ]);
    expect(await anaCan(emu, ws.a)).toEqual({ read: 403, write: 403 });

    await t.reopen(program()).then((s) => s.up());
  });

  it("an unknown e-mail fails the preview with a message that says so", async () => {
    const stack = await t.reopen(async () => {
      airbyte.getUserOutput({ email: "nobody@acme.example" });
    });
    await expect(stack.preview()).rejects.toThrow(/getUser: no user with e-mail "nobody@acme.example"/);
  });
});

describe("an Application's secret stays a secret", () => {
  let emu: Emulator;
  let t: TestStack;
  const appProgram = (name: string) => async () => {
    const ci = new airbyte.Application("ci", { name });
    return { clientId: ci.clientId, clientSecret: ci.clientSecret };
  };
  beforeAll(async () => {
    emu = await emulator();
    t = await newStack(emu, appProgram("ci-deploy"));
  });
  afterAll(async () => {
    await t?.cleanup();
    await emu?.close();
  });

  it("is a Pulumi secret in state, in outputs and in every preview, and works as credentials", async () => {
    const up = await t.stack.up();
    const clientId = String(up.outputs.clientId?.value);
    const clientSecret = String(up.outputs.clientSecret?.value);
    expect(up.outputs.clientSecret?.secret).toBe(true);
    expect(clientSecret.length).toBeGreaterThan(8);
    expect(up.stdout).not.toContain(clientSecret);
    expect(await rawState(t)).not.toContain(clientSecret);
    // Airbyte showed the secret once; a refresh keeps it, still encrypted.
    await t.stack.refresh();
    expect(await rawState(t)).not.toContain(clientSecret);
    expect((await outputsOf(t.stack, "Application")).clientSecret).toBe(clientSecret);

    expect((await asUser(emu, clientId, clientSecret)).status).toBe(200);

    const renamed = await t.reopen(appProgram("ci-deploy-2"));
    const preview = await renamed.preview({ diff: true });
    expect(preview.changeSummary).toEqual({ same: 1, replace: 1 });
    expect(preview.stdout).not.toContain(clientSecret);
    const replaced = await renamed.up();
    expect(replaced.stdout).not.toContain(clientSecret);
    expect(await rawState(t)).not.toContain(String(replaced.outputs.clientSecret?.value));
    // The old credentials are revoked with the old application.
    expect((await asUser(emu, clientId, clientSecret)).status).toBe(401);
  });
});
