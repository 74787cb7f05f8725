import { z } from "zod";
import type { AirbyteClient } from "./api/client.js";
import { ignoreNotFound } from "./api/errors.js";
import { type Permission as ApiPermission, PERMISSION_TYPES, type PermissionType } from "./api/index.js";
import type { KindSpec } from "./framework/contract.js";
import { defineProvider } from "./framework/dynamic.js";

const ROLE_LIST = PERMISSION_TYPES.join(", ");

/**
 * A role and where it applies, as users and groups are granted them: a `workspace_*` role on a
 * workspace, an `organization_*` role on an organization. Shared by `Permission` and `Group`.
 */
export const ScopedRoleShape = {
  permissionType: z.enum(PERMISSION_TYPES, { error: `permissionType must be one of ${ROLE_LIST}` }),
  workspaceId: z
    .uuid({ error: "workspaceId must be the UUID of the workspace the role applies to" })
    .optional(),
  organizationId: z
    .uuid({ error: "organizationId must be the UUID of the organization the role applies to" })
    .optional(),
};

/** A role with its scope, checked: exactly one scope, and the one the role's name says. */
export interface ScopedRole {
  permissionType: PermissionType;
  workspaceId?: string | undefined;
  organizationId?: string | undefined;
}

/**
 * Why a role does not fit its scope, or `undefined` when it does. `at` prefixes the field names
 * (e.g. "permissions[0].").
 */
export function scopeProblem(
  role: { permissionType?: unknown; workspaceId?: unknown; organizationId?: unknown },
  at = "",
): { field: string; reason: string } | undefined {
  const ws = role.workspaceId !== undefined;
  const org = role.organizationId !== undefined;
  if (ws && org) {
    return {
      field: `${at}organizationId`,
      reason: `give workspaceId or organizationId, not both: a ${String(role.permissionType ?? "role")} applies to one of them`,
    };
  }
  if (!ws && !org) {
    return {
      field: `${at}workspaceId`,
      reason: "give the scope: workspaceId for a workspace_* role, organizationId for an organization_* role",
    };
  }
  const type = role.permissionType;
  if (typeof type !== "string") return undefined;
  if (type.startsWith("workspace_") && !ws) {
    return {
      field: `${at}permissionType`,
      reason: `${type} applies to a workspace: give workspaceId instead of organizationId, or an organization_* role`,
    };
  }
  if (type.startsWith("organization_") && !org) {
    return {
      field: `${at}permissionType`,
      reason: `${type} applies to an organization: give organizationId instead of workspaceId, or a workspace_* role`,
    };
  }
  return undefined;
}

/** The schema `check` applies to a Permission's inputs. */
export const PermissionInputsSchema = z
  .strictObject({
    ...ScopedRoleShape,
    userId: z.uuid({
      error:
        "userId must be a user's UUID: look it up by e-mail with getUser({ email }) rather than typing it",
    }),
  })
  .superRefine((v, ctx) => {
    const problem = scopeProblem(v);
    if (problem !== undefined)
      ctx.addIssue({ code: "custom", path: [problem.field], message: problem.reason });
  });

/** Inputs of a Permission. */
export type PermissionInputs = z.infer<typeof PermissionInputsSchema>;

/** State of a Permission: its inputs as applied, and its id. */
export type PermissionState = PermissionInputs & z.infer<typeof PermissionComputedSchema>;

/** What Airbyte computes for a Permission. */
export const PermissionComputedSchema = z.object({
  permissionId: z.string().describe("The permission's id."),
});

const stateFrom = (inputs: PermissionInputs, live: ApiPermission): PermissionState => ({
  ...inputs,
  permissionType: live.permissionType as PermissionType,
  userId: live.userId,
  ...(live.workspaceId !== undefined && { workspaceId: live.workspaceId }),
  ...(live.organizationId !== undefined && { organizationId: live.organizationId }),
  permissionId: live.permissionId,
});

/**
 * The organizations to look for a user's permissions in: reading another user's permissions takes
 * an organization, and a workspace's is not in the API's answer, so every one the caller belongs to.
 */
async function organizationsOf(client: AirbyteClient, inputs: PermissionInputs): Promise<string[]> {
  if (inputs.organizationId !== undefined) return [inputs.organizationId];
  return (await client.organizations.list()).map((o) => o.organizationId);
}

/** The Permission's resource spec (exported for tests). */
export const permissionSpec: KindSpec<PermissionInputs, PermissionState> = {
  kind: "permission",
  inputs: PermissionInputsSchema,
  computed: PermissionComputedSchema,
  fields: {
    // The API changes a role in place; who holds it and where is fixed.
    permissionType: {},
    userId: { replace: true },
    workspaceId: { replace: true },
    organizationId: { replace: true },
  },
  createOnce: {
    strategy: "new-since-noted",
    identity: (i) => [i.userId, i.permissionType, i.workspaceId ?? null, i.organizationId ?? null],
    async like(client, inputs) {
      const scopeId = inputs.workspaceId ?? inputs.organizationId;
      const ids: string[] = [];
      for (const organizationId of await organizationsOf(client, inputs)) {
        for (const p of await client.permissions.list({ userId: inputs.userId, organizationId })) {
          if (p.scopeId === scopeId && p.permissionType === inputs.permissionType) ids.push(p.permissionId);
        }
      }
      return ids;
    },
  },

  async create(client, inputs) {
    const live = await client.permissions.create({
      permissionType: inputs.permissionType,
      userId: inputs.userId,
      ...(inputs.workspaceId !== undefined && { workspaceId: inputs.workspaceId }),
      ...(inputs.organizationId !== undefined && { organizationId: inputs.organizationId }),
    });
    return { id: live.permissionId, state: stateFrom(inputs, live) };
  },
  async read(client, id, state) {
    const live = await ignoreNotFound(client.permissions.get(id));
    return live === undefined ? undefined : stateFrom(state, live);
  },
  async update(client, id, state, inputs, changed) {
    // Nothing to send when only the provider's code changed.
    if (!changed.includes("permissionType")) return { ...state, ...inputs };
    const live = await client.permissions.update(id, { permissionType: inputs.permissionType });
    return stateFrom(inputs, live);
  },
  async delete(client, id) {
    await ignoreNotFound(client.permissions.delete(id));
  },
};

/** The dynamic provider behind `Permission`, loaded by the stub in `sdk/stub.ts`. */
export default defineProvider(permissionSpec);
