/**
 * Permissions: the roles users hold on workspaces and organizations. Creating, changing or removing
 * one needs the admin role of its scope; reading one the reader role; listing another user's needs
 * `organizationId` and its admin role. A user holds at most one permission per workspace and per
 * organization, as the server's unique constraints have it.
 */
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { callerOf, checkTypeFitsScope, requireOrganizationRole, requireWorkspaceRole } from "../authz.js";
import { liveWorkspace } from "../lookups.js";
import { badRequest, notFound } from "../problems.js";
import { ciEnum, parseBody, queryUuid, uuid } from "../request-input.js";
import { permissionReadResponse, permissionResponse } from "../responses.js";
import { PERMISSION_TYPES, PUBLIC_PERMISSION_TYPES } from "../roles.js";
import { noContent, ok, type Route, type RouteContext } from "../route-contract.js";
import type { PermissionRecord, State } from "../store.js";

const createBody = z.object({
  permissionType: ciEnum(PUBLIC_PERMISSION_TYPES),
  userId: uuid,
  workspaceId: uuid.optional(),
  organizationId: uuid.optional(),
});
const updateBody = z.object({ permissionType: ciEnum(PERMISSION_TYPES) });

/** A user's permission (not a group's) by id, or 404. */
function getUserPermission(state: State, id: string): PermissionRecord {
  const p = state.permissions[id];
  if (!p || p.userId === undefined) throw notFound("permission", id);
  return p;
}

/** 403 unless the caller holds `role` (an admin or reader role) on the permission's scope. */
function requireOnScope(ctx: RouteContext, p: PermissionRecord, level: "admin" | "reader"): void {
  if (p.workspaceId) {
    requireWorkspaceRole(ctx, p.workspaceId, [level === "admin" ? "workspace_admin" : "workspace_reader"]);
  } else if (p.organizationId) {
    requireOrganizationRole(
      ctx,
      p.organizationId,
      level === "admin" ? "organization_admin" : "organization_reader",
    );
  } else {
    requireOrganizationRole(ctx, undefined, "instance_admin");
  }
}

/** Permission routes. */
export const permissionRoutes: Route[] = [
  {
    method: "GET",
    pattern: "/permissions",
    auth: true,
    handler: (ctx) => {
      const { state } = ctx.app.store;
      const caller = callerOf(ctx);
      const userId = queryUuid(ctx.query, "userId") ?? caller;
      const organizationId = queryUuid(ctx.query, "organizationId");
      let perms = Object.values(state.permissions).filter((p) => p.userId === userId);
      if (userId !== caller) {
        if (!organizationId) {
          throw badRequest("Organization ID is required when getting someone else's permissions.");
        }
        requireOrganizationRole(ctx, organizationId, "organization_admin");
        perms = perms.filter(
          (p) =>
            p.organizationId === organizationId ||
            (p.workspaceId !== undefined &&
              state.workspaces[p.workspaceId]?.organizationId === organizationId),
        );
      }
      return ok({ data: perms.map(permissionReadResponse) });
    },
  },
  {
    method: "POST",
    pattern: "/permissions",
    auth: true,
    handler: (ctx) => {
      const { store } = ctx.app;
      const { state } = store;
      const body = parseBody(createBody, ctx.body);
      if (body.workspaceId && body.organizationId) {
        throw badRequest("A permission cannot target both a workspace and an organization.");
      }
      if (body.workspaceId) {
        requireWorkspaceRole(ctx, state.workspaces[body.workspaceId]?.workspaceId, ["workspace_admin"]);
      } else if (body.organizationId) {
        requireOrganizationRole(
          ctx,
          state.organizations[body.organizationId]?.organizationId,
          "organization_admin",
        );
      } else {
        throw badRequest("Workspace ID or Organization ID must be provided in order to create a permission.");
      }
      checkTypeFitsScope(body.permissionType, body.workspaceId ? "workspace" : "organization");
      if (body.workspaceId) liveWorkspace(state, body.workspaceId);
      if (body.organizationId && !state.organizations[body.organizationId]) {
        throw notFound("organization", body.organizationId);
      }
      if (!state.users[body.userId]) throw notFound("user", body.userId);
      const held = Object.values(state.permissions).find(
        (p) =>
          p.userId === body.userId &&
          (body.workspaceId ? p.workspaceId === body.workspaceId : p.organizationId === body.organizationId),
      );
      if (held) {
        throw badRequest(
          `User ${body.userId} already holds ${held.permissionType} there (permission ${held.permissionId}): change it with PATCH /permissions/${held.permissionId} instead.`,
        );
      }
      const p: PermissionRecord = {
        permissionId: randomUUID(),
        permissionType: body.permissionType,
        userId: body.userId,
      };
      if (body.workspaceId) p.workspaceId = body.workspaceId;
      if (body.organizationId) p.organizationId = body.organizationId;
      state.permissions[p.permissionId] = p;
      store.save();
      return ok(permissionResponse(p));
    },
  },
  {
    method: "GET",
    pattern: "/permissions/:permissionId",
    auth: true,
    handler: (ctx) => {
      const p = getUserPermission(ctx.app.store.state, ctx.params.permissionId!);
      requireOnScope(ctx, p, "reader");
      return ok(permissionResponse(p));
    },
  },
  {
    method: "PATCH",
    pattern: "/permissions/:permissionId",
    auth: true,
    handler: (ctx) => {
      const { store } = ctx.app;
      const p = getUserPermission(store.state, ctx.params.permissionId!);
      requireOnScope(ctx, p, "admin");
      const body = parseBody(updateBody, ctx.body);
      if (p.workspaceId || p.organizationId) {
        checkTypeFitsScope(body.permissionType, p.workspaceId ? "workspace" : "organization");
      } else if (body.permissionType !== "instance_admin") {
        throw badRequest(
          "An instance_admin permission has no scope to hold another type: delete it instead.",
        );
      }
      p.permissionType = body.permissionType;
      store.save();
      return ok(permissionResponse(p));
    },
  },
  {
    method: "DELETE",
    pattern: "/permissions/:permissionId",
    auth: true,
    handler: (ctx) => {
      const { store } = ctx.app;
      const p = getUserPermission(store.state, ctx.params.permissionId!);
      requireOnScope(ctx, p, "admin");
      delete store.state.permissions[p.permissionId];
      store.save();
      return noContent();
    },
  },
];
