import { describe, expect, it, vi } from "vitest";
import type { AirbyteClient } from "../../provider/api/client.js";
import { AirbyteApiError } from "../../provider/api/errors.js";
import { applicationSpec } from "../../provider/application.js";
import { changedFields, validateInputs } from "../../provider/framework/values.js";
import { GroupInputsSchema, type GroupState, groupSpec } from "../../provider/group.js";

const ORG = "31634962-4b3c-4b0c-810d-a2a77d6df222";
const WS = "9924bcd0-99be-453d-ba47-c2c9766f7da5";
const ANA = "7d08fd6c-531e-4a00-937e-3d355f253e63";
const LI = "eae5cd19-72c4-49b0-87b3-e2f0c99344a3";
const BO = "9507b572-7f70-4eba-94fe-baf54fdc05ae";

/** A fake of the group endpoints holding one group's members and roles, with a call log. */
function fakeGroups(
  members: string[],
  roles: Array<{
    permissionId: string;
    permissionType: string;
    workspaceId?: string;
    organizationId?: string;
  }>,
) {
  const calls: string[] = [];
  let next = 0;
  const groups = {
    async *list() {},
    create: vi.fn(async (body: { name: string }) => {
      calls.push(`create ${body.name}`);
      return { groupId: "g1", name: body.name, organizationId: ORG };
    }),
    delete: vi.fn(async (id: string) => {
      calls.push(`delete ${id}`);
    }),
    update: vi.fn(async (_id: string, body: unknown) => {
      calls.push(`update ${JSON.stringify(body)}`);
      return {};
    }),
    members: {
      async *list() {
        for (const userId of members) yield { userId };
      },
      create: vi.fn(async (_g: string, userId: string) => {
        calls.push(`add ${userId}`);
        if (userId === BO)
          throw AirbyteApiError.from(404, {}, { method: "POST", url: "http://x/groups/g1/members" });
        members.push(userId);
        return { userId };
      }),
      delete: vi.fn(async (_g: string, userId: string) => {
        calls.push(`remove ${userId}`);
      }),
    },
    permissions: {
      list: vi.fn(async () => roles),
      create: vi.fn(async (_g: string, body: { permissionType: string }) => {
        calls.push(`grant ${body.permissionType}`);
        return { permissionId: `p${++next}`, ...body };
      }),
      delete: vi.fn(async (_g: string, permissionId: string) => {
        calls.push(`revoke ${permissionId}`);
      }),
    },
  };
  return { client: { groups } as unknown as AirbyteClient, calls };
}

describe("Group inputs", () => {
  it("check each role's scope by its place in the list", () => {
    const failures = validateInputs(GroupInputsSchema, {
      organizationId: ORG,
      name: "data-eng",
      permissions: [
        { permissionType: "workspace_editor", workspaceId: WS },
        { permissionType: "workspace_reader", organizationId: ORG },
      ],
    });
    expect(failures).toEqual([
      { property: "permissions.1.permissionType", reason: expect.stringMatching(/applies to a workspace/) },
    ]);
  });

  it("refuse members given by e-mail, pointing at getUser", () => {
    const failures = validateInputs(GroupInputsSchema, {
      organizationId: ORG,
      name: "g",
      members: ["ana@acme.com"],
    });
    expect(failures).toEqual([{ property: "members.0", reason: expect.stringMatching(/getUser/) }]);
  });

  it("compare members and roles as sets: order and repeats are no change", () => {
    const role = (permissionType: string, workspaceId: string) => ({ permissionType, workspaceId });
    const olds = {
      organizationId: ORG,
      name: "g",
      members: [ANA, LI],
      permissions: [role("workspace_reader", WS), role("workspace_editor", WS)],
    };
    const news = {
      organizationId: ORG,
      name: "g",
      members: [LI, ANA, LI],
      permissions: [role("workspace_editor", WS), role("workspace_reader", WS)],
    };
    expect(changedFields(groupSpec.fields, olds, news)).toEqual([]);
    expect(changedFields(groupSpec.fields, olds, { ...news, members: [ANA] })).toEqual(["members"]);
  });
});

describe("Group update", () => {
  const state: GroupState = {
    organizationId: ORG,
    name: "g",
    groupId: "g1",
    members: [ANA, LI],
    permissions: [],
  };

  it("adds and removes only the members that differ", async () => {
    const { client, calls } = fakeGroups([ANA, LI], []);
    await groupSpec.update(
      client,
      "g1",
      state,
      { ...state, members: [LI, "5f8a2c43-2b64-4f4e-9d2b-1c9f0e6b7a10"] },
      ["members"],
    );
    expect(calls).toEqual(["add 5f8a2c43-2b64-4f4e-9d2b-1c9f0e6b7a10", `remove ${ANA}`]);
  });

  it("revokes a role no longer declared and grants the new one (a role cannot change in place)", async () => {
    const { client, calls } = fakeGroups(
      [],
      [{ permissionId: "old", permissionType: "workspace_reader", workspaceId: WS }],
    );
    await groupSpec.update(
      client,
      "g1",
      { ...state, permissions: [{ permissionType: "workspace_reader", workspaceId: WS }] },
      { ...state, permissions: [{ permissionType: "workspace_editor", workspaceId: WS }] },
      ["permissions"],
    );
    expect(calls).toEqual(["revoke old", "grant workspace_editor"]);
  });

  it("leaves members alone once they are no longer declared", async () => {
    const { client, calls } = fakeGroups([ANA], []);
    const { members: _dropped, ...rest } = state;
    await groupSpec.update(client, "g1", state, rest, ["members"]);
    expect(calls).toEqual([]);
  });

  it("sends a cleared description as null", async () => {
    const { client, calls } = fakeGroups([], []);
    await groupSpec.update(client, "g1", { ...state, description: "old" }, state, ["description"]);
    expect(calls).toEqual([`update {"name":"g","description":null}`]);
  });
});

describe("Group create", () => {
  it("is all or nothing: a member that cannot be added deletes the new group again", async () => {
    const { client, calls } = fakeGroups([], []);
    const created = groupSpec.create(client, { organizationId: ORG, name: "g", members: [ANA, BO] });
    await expect(created).rejects.toThrow(/404/);
    expect(calls).toEqual(["create g", `add ${ANA}`, `add ${BO}`, "delete g1"]);
  });
});

describe("Application", () => {
  it("keeps the secret Airbyte showed at creation when a read no longer shows it", async () => {
    const get = vi.fn(async () => ({ id: "a1", name: "ci", clientId: "cid", createdAt: 1 }));
    const client = { applications: { get } } as unknown as AirbyteClient;
    const state = { name: "ci", applicationId: "a1", clientId: "cid", clientSecret: "s3cr3t", createdAt: 1 };
    expect(await applicationSpec.read(client, "a1", state)).toEqual(state);
  });

  it("replaces on a new name: Airbyte cannot rename one", () => {
    expect(applicationSpec.fields.name.replace).toBe(true);
  });
});
