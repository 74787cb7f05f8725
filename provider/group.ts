import { z } from "zod";
import type { AirbyteClient } from "./api/client.js";
import { ignoreNotFound } from "./api/errors.js";
import type { Group as ApiGroup, GroupPermission, PermissionType } from "./api/index.js";
import type { KindSpec } from "./framework/contract.js";
import { defineProvider } from "./framework/dynamic.js";
import { log } from "./logger.js";
import { type ScopedRole, ScopedRoleShape, scopeProblem } from "./permission.js";

const RoleSchema = z.strictObject(ScopedRoleShape).superRefine((role, ctx) => {
  const problem = scopeProblem(role);
  if (problem !== undefined) ctx.addIssue({ code: "custom", path: [problem.field], message: problem.reason });
});

/** The schema `check` applies to a Group's inputs. */
export const GroupInputsSchema = z.strictObject({
  organizationId: z.uuid({
    error: "organizationId must be the UUID of the organization the group belongs to",
  }),
  name: z
    .string({ error: 'name is required: the group\'s name, unique in its organization, e.g. "data-eng"' })
    .trim()
    .min(1, { error: "name must not be empty" }),
  description: z.string({ error: "description must be text" }).optional(),
  members: z
    .array(
      z.uuid({
        error:
          "members must be user UUIDs: look them up by e-mail with getUser({ email }) rather than typing them",
      }),
      { error: "members must be a list of user ids" },
    )
    .optional(),
  permissions: z
    .array(RoleSchema, {
      error: "permissions must be a list of { permissionType, workspaceId | organizationId }",
    })
    .optional(),
});

/** Inputs of a Group. */
export type GroupInputs = z.infer<typeof GroupInputsSchema>;

/** State of a Group: its inputs as applied, and its id. */
export type GroupState = GroupInputs & z.infer<typeof GroupComputedSchema>;

/** What Airbyte computes for a Group. */
export const GroupComputedSchema = z.object({ groupId: z.string().describe("The group's id.") });

/** A role as a comparable key: the same role on the same scope is the same grant. */
const roleKey = (r: ScopedRole): string =>
  `${r.permissionType}|${r.workspaceId ?? ""}|${r.organizationId ?? ""}`;

/** Members are a set: order and repeats mean nothing. */
function normalizeMembers(value: unknown): unknown {
  return Array.isArray(value) ? [...new Set(value as string[])].sort() : value;
}

/** Roles are a set too. */
function normalizeRoles(value: unknown): unknown {
  if (!Array.isArray(value)) return value;
  const byKey = new Map((value as ScopedRole[]).map((r) => [roleKey(r), r]));
  return [...byKey.keys()].sort().map((k) => byKey.get(k));
}

const roleOf = (p: GroupPermission): ScopedRole => ({
  permissionType: p.permissionType as PermissionType,
  ...(p.workspaceId != null && { workspaceId: p.workspaceId }),
  ...(p.organizationId != null && { organizationId: p.organizationId }),
});

async function liveMembers(client: AirbyteClient, groupId: string): Promise<string[]> {
  const ids: string[] = [];
  for await (const m of client.groups.members.list(groupId)) ids.push(m.userId);
  return ids;
}

/** Adds and removes members so the group holds exactly `wanted`. */
async function syncMembers(client: AirbyteClient, groupId: string, wanted: readonly string[]): Promise<void> {
  const have = new Set(await liveMembers(client, groupId));
  const want = new Set(wanted);
  for (const userId of want) if (!have.has(userId)) await client.groups.members.create(groupId, userId);
  for (const userId of have)
    if (!want.has(userId)) await ignoreNotFound(client.groups.members.delete(groupId, userId));
}

/** Creates and deletes the group's roles so it holds exactly `wanted` (a role cannot change in place). */
async function syncRoles(
  client: AirbyteClient,
  groupId: string,
  wanted: readonly ScopedRole[],
): Promise<void> {
  const have = new Map((await client.groups.permissions.list(groupId)).map((p) => [roleKey(roleOf(p)), p]));
  const want = new Map(wanted.map((r) => [roleKey(r), r]));
  for (const [key, p] of have) {
    if (!want.has(key)) await ignoreNotFound(client.groups.permissions.delete(groupId, p.permissionId));
  }
  for (const [key, role] of want) {
    if (have.has(key)) continue;
    await client.groups.permissions.create(groupId, {
      permissionType: role.permissionType,
      ...(role.workspaceId !== undefined && { workspaceId: role.workspaceId }),
      ...(role.organizationId !== undefined && { organizationId: role.organizationId }),
    });
  }
}

/** The live group seen through what the state manages: members and roles only where declared. */
async function stateOf(client: AirbyteClient, state: GroupInputs, live: ApiGroup): Promise<GroupState> {
  const out: GroupState = {
    ...state,
    organizationId: live.organizationId,
    name: live.name,
    groupId: live.groupId,
  };
  if (live.description != null && live.description !== "") out.description = live.description;
  else delete out.description;
  if (state.members !== undefined) out.members = await liveMembers(client, live.groupId);
  if (state.permissions !== undefined)
    out.permissions = (await client.groups.permissions.list(live.groupId)).map(roleOf);
  return out;
}

/** The Group's resource spec (exported for tests). */
export const groupSpec: KindSpec<GroupInputs, GroupState> = {
  kind: "group",
  inputs: GroupInputsSchema,
  computed: GroupComputedSchema,
  fields: {
    organizationId: { replace: true },
    name: {},
    description: {},
    members: { normalize: normalizeMembers },
    permissions: { normalize: normalizeRoles },
  },
  createOnce: {
    strategy: "new-since-noted",
    identity: (i) => [i.organizationId, i.name],
    async like(client, inputs) {
      const ids: string[] = [];
      for await (const g of client.groups.list({ organizationId: inputs.organizationId }))
        if (g.name === inputs.name) ids.push(g.groupId);
      return ids;
    },
  },

  async create(client, inputs) {
    const live = await client.groups.create({
      name: inputs.name,
      organizationId: inputs.organizationId,
      ...(inputs.description !== undefined && { description: inputs.description }),
    });
    // All or nothing: a group whose members or roles could not be set is deleted again, so the
    // next run starts clean rather than finding a half-made group under the same name.
    try {
      if (inputs.members !== undefined) await syncMembers(client, live.groupId, inputs.members);
      if (inputs.permissions !== undefined) await syncRoles(client, live.groupId, inputs.permissions);
    } catch (error) {
      await ignoreNotFound(client.groups.delete(live.groupId)).catch((cleanup: unknown) =>
        log.warn(`group ${live.groupId}: could not delete it after a failed create: ${String(cleanup)}`),
      );
      throw error;
    }
    return { id: live.groupId, state: { ...inputs, groupId: live.groupId } };
  },
  async read(client, id, state) {
    const live = await ignoreNotFound(client.groups.get(id));
    return live === undefined ? undefined : stateOf(client, state, live);
  },
  async update(client, id, state, inputs, changed) {
    if (changed.includes("name") || changed.includes("description")) {
      await client.groups.update(id, { name: inputs.name, description: inputs.description ?? null });
    }
    // Members and roles left out of the inputs are no longer managed: they stay as they are.
    if (changed.includes("members") && inputs.members !== undefined)
      await syncMembers(client, id, inputs.members);
    if (changed.includes("permissions") && inputs.permissions !== undefined)
      await syncRoles(client, id, inputs.permissions);
    return { ...state, ...inputs, groupId: id };
  },
  async delete(client, id) {
    // Airbyte ends the group's memberships and roles with it.
    await ignoreNotFound(client.groups.delete(id));
  },
};

/** The dynamic provider behind `Group`, loaded by the stub in `sdk/stub.ts`. */
export default defineProvider(groupSpec);
