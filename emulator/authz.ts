/**
 * Role checks, as the server's RoleResolver makes them: the caller's permissions (its own and its
 * groups') resolve to the roles it holds on the workspaces or organization a request refers to,
 * and a request without the role it needs is a 403. An id that resolves to no workspace gives no
 * role, so it is a 403 for everyone but an instance admin, who goes on to the 404.
 */
import { ApiProblem, badRequest } from "./problems.js";
import { grantsOf, isOrganizationType, isWorkspaceType, type PermissionType } from "./roles.js";
import type { RouteContext } from "./route-contract.js";
import type { PermissionRecord, State } from "./store.js";

/** Every permission a user holds: its own and those of the groups it is a member of. */
export function permissionsOf(state: State, userId: string): PermissionRecord[] {
  const groups = new Set(
    Object.values(state.groupMembers)
      .filter((m) => m.userId === userId)
      .map((m) => m.groupId),
  );
  return Object.values(state.permissions).filter(
    (p) => p.userId === userId || (p.groupId !== undefined && groups.has(p.groupId)),
  );
}

/** True when the user holds `instance_admin`. */
export function isInstanceAdmin(state: State, userId: string): boolean {
  return permissionsOf(state, userId).some((p) => p.permissionType === "instance_admin");
}

function rolesWhere(
  perms: PermissionRecord[],
  applies: (p: PermissionRecord) => boolean,
): Set<PermissionType> {
  const roles = new Set<PermissionType>();
  for (const p of perms) if (applies(p)) for (const r of grantsOf(p.permissionType)) roles.add(r);
  return roles;
}

/**
 * The roles the user holds on every one of the workspaces: through a permission on the workspace,
 * one on its organization, or instance admin. A workspace that does not exist gives none (but an
 * instance admin holds every role everywhere).
 */
export function workspaceRoles(
  state: State,
  userId: string,
  workspaceIds: readonly string[],
): Set<PermissionType> {
  const perms = permissionsOf(state, userId);
  let common: Set<PermissionType> | undefined;
  for (const id of workspaceIds) {
    const org = state.workspaces[id]?.organizationId;
    const roles = rolesWhere(
      perms,
      (p) =>
        p.permissionType === "instance_admin" ||
        (p.workspaceId === id && isWorkspaceType(p.permissionType)) ||
        (org !== undefined && p.organizationId === org && isOrganizationType(p.permissionType)),
    );
    common = common ? new Set([...common].filter((r) => roles.has(r))) : roles;
  }
  return common ?? new Set();
}

/** The roles the user holds on an organization (through a permission on it, or instance admin). */
export function organizationRoles(state: State, userId: string, organizationId: string): Set<PermissionType> {
  return rolesWhere(
    permissionsOf(state, userId),
    (p) =>
      p.permissionType === "instance_admin" ||
      (p.organizationId === organizationId && isOrganizationType(p.permissionType)),
  );
}

/** A predicate for the workspaces the user may read: what the lists show when no ids are given. */
export function workspaceVisibility(state: State, userId: string): (workspaceId: string) => boolean {
  const cache = new Map<string, boolean>();
  return (id) => {
    let v = cache.get(id);
    if (v === undefined) {
      v = workspaceRoles(state, userId, [id]).has("workspace_reader");
      cache.set(id, v);
    }
    return v;
  };
}

/** The organizations the user belongs to: a permission on it, or on one of its workspaces. */
export function organizationsOf(state: State, userId: string): string[] {
  const ids = new Set<string>();
  for (const p of permissionsOf(state, userId)) {
    if (p.organizationId) ids.add(p.organizationId);
    const ws = p.workspaceId ? state.workspaces[p.workspaceId] : undefined;
    if (ws) ids.add(ws.organizationId);
  }
  return [...ids].filter((id) => state.organizations[id] !== undefined);
}

/** The caller of an authenticated route. */
export function callerOf(ctx: RouteContext): string {
  if (ctx.callerId === undefined) throw new Error("callerOf used on an anonymous route");
  return ctx.callerId;
}

/** The 403 the server's RoleResolver throws, naming the role when there is one. */
export function forbidden(anyOf: readonly PermissionType[]): ApiProblem {
  const message =
    anyOf.length === 1
      ? `Caller does not have the required ${anyOf[0]!.toUpperCase()} permissions to access the resource(s).`
      : "Caller does not have the required permissions to access the resource(s).";
  return new ApiProblem("forbidden", { message });
}

/**
 * Throws 403 unless the caller holds one of `anyOf` on every given workspace. `undefined` is an
 * id that resolved to no workspace: only an instance admin passes (the handler then answers 404).
 */
export function requireWorkspaceRole(
  ctx: RouteContext,
  workspaceIds: string | readonly (string | undefined)[] | undefined,
  anyOf: readonly PermissionType[],
): void {
  const { state } = ctx.app.store;
  const userId = callerOf(ctx);
  const ids = typeof workspaceIds === "string" ? [workspaceIds] : (workspaceIds ?? [undefined]);
  if (ids.some((id) => id === undefined)) {
    if (isInstanceAdmin(state, userId)) return;
    throw forbidden(anyOf);
  }
  const roles = workspaceRoles(state, userId, ids as string[]);
  if (!anyOf.some((r) => roles.has(r))) throw forbidden(anyOf);
}

/**
 * Throws 403 unless the caller holds `role` on the organization; `undefined` (an id that resolved
 * to no organization) passes for an instance admin only.
 */
export function requireOrganizationRole(
  ctx: RouteContext,
  organizationId: string | undefined,
  role: PermissionType,
): void {
  const { state } = ctx.app.store;
  const userId = callerOf(ctx);
  if (organizationId === undefined) {
    if (isInstanceAdmin(state, userId)) return;
    throw forbidden([role]);
  }
  if (!organizationRoles(state, userId, organizationId).has(role)) throw forbidden([role]);
}

/** The users of an organization: a permission on it or on one of its workspaces, or a group of it. */
export function organizationUserIds(state: State, organizationId: string): Set<string> {
  const ids = new Set<string>();
  const groups = new Set(
    Object.values(state.groups)
      .filter((g) => g.organizationId === organizationId)
      .map((g) => g.groupId),
  );
  for (const p of Object.values(state.permissions)) {
    if (p.userId === undefined) continue;
    const org =
      p.organizationId ?? (p.workspaceId ? state.workspaces[p.workspaceId]?.organizationId : undefined);
    if (org === organizationId) ids.add(p.userId);
  }
  for (const m of Object.values(state.groupMembers)) if (groups.has(m.groupId)) ids.add(m.userId);
  return ids;
}

/**
 * 400 unless the type fits the scope: a workspace type on a workspace, an organization type on an
 * organization. `instance_admin` is never granted through the API.
 */
export function checkTypeFitsScope(type: PermissionType, scope: "workspace" | "organization"): void {
  const fits = scope === "workspace" ? isWorkspaceType(type) : isOrganizationType(type);
  if (!fits) {
    throw badRequest(
      `A ${type} permission cannot be set on ${scope === "workspace" ? "a workspace" : "an organization"}: use a ${scope}_* permission type, or give the ${scope === "workspace" ? "organizationId" : "workspaceId"} instead.`,
    );
  }
}
