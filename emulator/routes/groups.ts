/**
 * Groups: teams of users in an organization, with their members and the permissions every member
 * inherits. All of it needs the organization-admin role. A group id is looked up before the role
 * check, so an unknown group is a 404 for everyone, as the server's controllers do it.
 */
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { checkTypeFitsScope, organizationUserIds, requireOrganizationRole } from "../authz.js";
import { paginateSparse } from "../lists.js";
import { ApiProblem, badRequest, notFound } from "../problems.js";
import { ciEnum, parseBody, queryUuid, uuid, uuidParam } from "../request-input.js";
import { groupMemberResponse, groupPermissionResponse, groupResponse } from "../responses.js";
import { GROUP_PERMISSION_TYPES, type PermissionType } from "../roles.js";
import { noContent, ok, type Route, type RouteContext } from "../route-contract.js";
import type { GroupMemberRecord, GroupRecord, PermissionRecord, State } from "../store.js";

const createBody = z.object({
  name: z.string(),
  organizationId: uuid,
  description: z.string().nullish(),
});
const updateBody = z.object({ name: z.string().optional(), description: z.string().nullish() });
const memberBody = z.object({ userId: uuid });
const permissionBody = z.object({
  permissionType: ciEnum(GROUP_PERMISSION_TYPES as [PermissionType, ...PermissionType[]]),
  workspaceId: uuid.nullish(),
  organizationId: uuid.nullish(),
});

/** The path's group, or 404; then 403 unless the caller administers its organization. */
function adminGroup(ctx: RouteContext): GroupRecord {
  const id = uuidParam(ctx, "groupId");
  const g = ctx.app.store.state.groups[id];
  if (!g) throw notFound("group", id);
  requireOrganizationRole(ctx, g.organizationId, "organization_admin");
  return g;
}

function checkName(state: State, organizationId: string, name: string, self?: string): void {
  if (name.trim() === "") throw badRequest("name must not be empty: give the group a name.");
  const taken = Object.values(state.groups).some(
    (g) => g.organizationId === organizationId && g.name === name && g.groupId !== self,
  );
  if (taken) {
    throw new ApiProblem("groupAlreadyExists", {
      message: `A group named ${name} already exists in organization ${organizationId}.`,
    });
  }
}

function membersOf(state: State, groupId: string): GroupMemberRecord[] {
  return Object.values(state.groupMembers).filter((m) => m.groupId === groupId);
}

function permissionsOfGroup(state: State, groupId: string): PermissionRecord[] {
  return Object.values(state.permissions).filter((p) => p.groupId === groupId);
}

/** Group routes, with their members and permissions. */
export const groupRoutes: Route[] = [
  {
    method: "GET",
    pattern: "/groups",
    auth: true,
    handler: (ctx) => {
      const organizationId = queryUuid(ctx.query, "organizationId");
      if (!organizationId) throw badRequest("organizationId query parameter is required");
      requireOrganizationRole(ctx, organizationId, "organization_admin");
      const { state } = ctx.app.store;
      const all = Object.values(state.groups).filter((g) => g.organizationId === organizationId);
      const page = paginateSparse(ctx, "groups", all, [["organizationId", organizationId]]);
      return ok({ ...page, data: page.data.map((g) => groupResponse(state, g)) });
    },
  },
  {
    method: "POST",
    pattern: "/groups",
    auth: true,
    handler: (ctx) => {
      const { store } = ctx.app;
      const body = parseBody(createBody, ctx.body);
      requireOrganizationRole(ctx, body.organizationId, "organization_admin");
      if (!store.state.organizations[body.organizationId])
        throw notFound("organization", body.organizationId);
      checkName(store.state, body.organizationId, body.name);
      const g: GroupRecord = { groupId: randomUUID(), name: body.name, organizationId: body.organizationId };
      if (body.description) g.description = body.description;
      store.state.groups[g.groupId] = g;
      store.save();
      return ok(groupResponse(store.state, g));
    },
  },
  {
    method: "GET",
    pattern: "/groups/:groupId",
    auth: true,
    handler: (ctx) => ok(groupResponse(ctx.app.store.state, adminGroup(ctx))),
  },
  {
    method: "PATCH",
    pattern: "/groups/:groupId",
    auth: true,
    handler: (ctx) => {
      const { store } = ctx.app;
      const g = adminGroup(ctx);
      const body = parseBody(updateBody, ctx.body);
      if (body.name !== undefined) checkName(store.state, g.organizationId, body.name, g.groupId);
      if (body.name !== undefined) g.name = body.name;
      if (body.description === null) delete g.description;
      else if (body.description !== undefined) g.description = body.description;
      store.save();
      return ok(groupResponse(store.state, g));
    },
  },
  {
    method: "DELETE",
    pattern: "/groups/:groupId",
    auth: true,
    handler: (ctx) => {
      const { store } = ctx.app;
      const g = adminGroup(ctx);
      for (const m of membersOf(store.state, g.groupId)) delete store.state.groupMembers[m.memberId];
      for (const p of permissionsOfGroup(store.state, g.groupId))
        delete store.state.permissions[p.permissionId];
      delete store.state.groups[g.groupId];
      store.save();
      return noContent();
    },
  },
  {
    method: "GET",
    pattern: "/groups/:groupId/members",
    auth: true,
    handler: (ctx) => {
      const { state } = ctx.app.store;
      const g = adminGroup(ctx);
      const page = paginateSparse(ctx, `groups/${g.groupId}/members`, membersOf(state, g.groupId), []);
      return ok({ ...page, data: page.data.map((m) => groupMemberResponse(state, m)) });
    },
  },
  {
    method: "POST",
    pattern: "/groups/:groupId/members",
    auth: true,
    handler: (ctx) => {
      const { store } = ctx.app;
      const g = adminGroup(ctx);
      const { userId } = parseBody(memberBody, ctx.body);
      // A user outside the organization cannot join its groups; the server reports it as not found.
      if (!store.state.users[userId] || !organizationUserIds(store.state, g.organizationId).has(userId)) {
        throw notFound("user", userId);
      }
      if (membersOf(store.state, g.groupId).some((m) => m.userId === userId)) {
        throw new ApiProblem("groupMemberAlreadyExists", {
          message: `User ${userId} is already a member of group ${g.groupId}.`,
        });
      }
      const m: GroupMemberRecord = { memberId: randomUUID(), groupId: g.groupId, userId };
      store.state.groupMembers[m.memberId] = m;
      store.save();
      return { status: 201, body: groupMemberResponse(store.state, m) };
    },
  },
  {
    method: "DELETE",
    pattern: "/groups/:groupId/members/:userId",
    auth: true,
    handler: (ctx) => {
      const { store } = ctx.app;
      const g = adminGroup(ctx);
      const userId = uuidParam(ctx, "userId");
      const m = membersOf(store.state, g.groupId).find((x) => x.userId === userId);
      if (!m) throw notFound("group_member", userId);
      delete store.state.groupMembers[m.memberId];
      store.save();
      return noContent();
    },
  },
  {
    method: "GET",
    pattern: "/groups/:groupId/permissions",
    auth: true,
    handler: (ctx) => {
      const g = adminGroup(ctx);
      return ok({ data: permissionsOfGroup(ctx.app.store.state, g.groupId).map(groupPermissionResponse) });
    },
  },
  {
    method: "POST",
    pattern: "/groups/:groupId/permissions",
    auth: true,
    handler: (ctx) => {
      const { store } = ctx.app;
      const { state } = store;
      const g = adminGroup(ctx);
      const body = parseBody(permissionBody, ctx.body);
      const workspaceId = body.workspaceId ?? undefined;
      const organizationId = body.organizationId ?? undefined;
      if ((workspaceId === undefined) === (organizationId === undefined)) {
        throw badRequest(
          "Give exactly one of workspaceId (a workspace role) and organizationId (an organization role).",
        );
      }
      checkTypeFitsScope(body.permissionType, workspaceId ? "workspace" : "organization");
      if (workspaceId && state.workspaces[workspaceId]?.organizationId !== g.organizationId) {
        throw badRequest(`Workspace ${workspaceId} is not in the group's organization ${g.organizationId}.`);
      }
      if (organizationId && organizationId !== g.organizationId) {
        throw badRequest(
          `A group of organization ${g.organizationId} cannot hold a role on organization ${organizationId}.`,
        );
      }
      const duplicate = permissionsOfGroup(state, g.groupId).some(
        (p) =>
          p.permissionType === body.permissionType &&
          p.workspaceId === workspaceId &&
          p.organizationId === organizationId,
      );
      if (duplicate) {
        throw badRequest(
          `Group already has ${body.permissionType} permission for ${workspaceId ? `workspace ${workspaceId}` : `organization ${organizationId}`}`,
        );
      }
      const p: PermissionRecord = {
        permissionId: randomUUID(),
        permissionType: body.permissionType,
        groupId: g.groupId,
      };
      if (workspaceId) p.workspaceId = workspaceId;
      if (organizationId) p.organizationId = organizationId;
      state.permissions[p.permissionId] = p;
      store.save();
      return { status: 201, body: groupPermissionResponse(p) };
    },
  },
  {
    method: "DELETE",
    pattern: "/groups/:groupId/permissions/:permissionId",
    auth: true,
    handler: (ctx) => {
      const { store } = ctx.app;
      const g = adminGroup(ctx);
      const id = uuidParam(ctx, "permissionId");
      const p = store.state.permissions[id];
      if (!p || p.groupId !== g.groupId) throw notFound("permission", id);
      delete store.state.permissions[id];
      store.save();
      return noContent();
    },
  },
];
