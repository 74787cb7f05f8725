/**
 * Tags: name length, hex colour, per-workspace uniqueness and limit, as the server checks them.
 */
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { requireWorkspaceRole } from "../authz.js";
import { workspaceIdsFilter } from "../lists.js";
import { getTag, liveWorkspace, workspaceOf } from "../lookups.js";
import { ApiProblem } from "../problems.js";
import { parseBody, uuid, uuidParam } from "../request-input.js";
import { tagResponse } from "../responses.js";
import { ANY_EDITOR, type PermissionType } from "../roles.js";
import { noContent, ok, type Route, type RouteContext } from "../route-contract.js";
import type { State, TagRecord } from "../store.js";

/** Most tags a workspace may hold. */
const TAG_LIMIT_PER_WORKSPACE = 100;

const createBody = z.object({ name: z.string(), color: z.string(), workspaceId: uuid });
const patchBody = z.object({ name: z.string(), color: z.string() });

function checkTag(state: State, workspaceId: string, name: string, color: string, self?: string): void {
  if (name.length > 30) throw new ApiProblem("tagNameTooLong", { message: `Tag name ${name} is too long.` });
  if (!/^[0-9A-Fa-f]{6}$/.test(color)) {
    throw new ApiProblem("tagInvalidHexColor", { message: `${color} is not a valid hex color.` });
  }
  if (
    Object.values(state.tags).some(
      (t) => t.workspaceId === workspaceId && t.name === name && t.tagId !== self,
    )
  ) {
    throw new ApiProblem("tagAlreadyExists", {
      message: `A tag named ${name} already exists in this workspace.`,
    });
  }
}

/** The path's tag, once the caller holds one of `anyOf` on its workspace. */
function tagFor(ctx: RouteContext, anyOf: readonly PermissionType[]): TagRecord {
  const { state } = ctx.app.store;
  const id = uuidParam(ctx, "tagId");
  requireWorkspaceRole(ctx, workspaceOf(state, "tag", id), anyOf);
  return getTag(state, id);
}

/** Tag routes. */
export const tagRoutes: Route[] = [
  {
    method: "GET",
    pattern: "/tags",
    auth: true,
    handler: (ctx) => {
      const workspaces = workspaceIdsFilter(ctx);
      const data = Object.values(ctx.app.store.state.tags)
        .filter((t) => workspaces.admits(t.workspaceId))
        .map(tagResponse);
      return ok({ data });
    },
  },
  {
    method: "POST",
    pattern: "/tags",
    auth: true,
    handler: (ctx) => {
      const { store } = ctx.app;
      const body = parseBody(createBody, ctx.body);
      requireWorkspaceRole(ctx, store.state.workspaces[body.workspaceId]?.workspaceId, ANY_EDITOR);
      const ws = liveWorkspace(store.state, body.workspaceId);
      const count = Object.values(store.state.tags).filter((t) => t.workspaceId === ws.workspaceId).length;
      if (count >= TAG_LIMIT_PER_WORKSPACE) throw new ApiProblem("tagLimitReached");
      checkTag(store.state, ws.workspaceId, body.name, body.color);
      const t: TagRecord = {
        tagId: ctx.requestedId ?? randomUUID(),
        name: body.name,
        color: body.color,
        workspaceId: ws.workspaceId,
      };
      store.state.tags[t.tagId] = t;
      store.save();
      return ok(tagResponse(t));
    },
  },
  {
    method: "GET",
    pattern: "/tags/:tagId",
    auth: true,
    handler: (ctx) => ok(tagResponse(tagFor(ctx, ["workspace_reader"]))),
  },
  {
    method: "PATCH",
    pattern: "/tags/:tagId",
    auth: true,
    handler: (ctx) => {
      const { store } = ctx.app;
      const t = tagFor(ctx, ANY_EDITOR);
      const body = parseBody(patchBody, ctx.body);
      checkTag(store.state, t.workspaceId, body.name, body.color, t.tagId);
      t.name = body.name;
      t.color = body.color;
      store.save();
      return ok(tagResponse(t));
    },
  },
  {
    method: "DELETE",
    pattern: "/tags/:tagId",
    auth: true,
    handler: (ctx) => {
      const { store } = ctx.app;
      const t = tagFor(ctx, ANY_EDITOR);
      delete store.state.tags[t.tagId];
      for (const c of Object.values(store.state.connections))
        c.tagIds = c.tagIds.filter((id) => id !== t.tagId);
      store.save();
      return noContent();
    },
  },
];
