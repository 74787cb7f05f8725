/**
 * Tags: name length, hex colour, per-workspace uniqueness and limit, as the server checks them.
 */
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { getTag, liveWorkspace } from "../lookups.js";
import { ApiProblem } from "../problems.js";
import { tagResponse } from "../responses.js";
import { noContent, ok, parseBody, queryList, type Route } from "../routing.js";
import type { State, TagRecord } from "../store.js";

/** Most tags a workspace may hold. */
const TAG_LIMIT_PER_WORKSPACE = 100;

const createBody = z.object({ name: z.string(), color: z.string(), workspaceId: z.string() });
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

/** Tag routes. */
export const tagRoutes: Route[] = [
  {
    method: "GET",
    pattern: "/tags",
    auth: true,
    handler: (ctx) => {
      const ids = queryList(ctx.query, "workspaceIds");
      const data = Object.values(ctx.app.store.state.tags)
        .filter((t) => ids.length === 0 || ids.includes(t.workspaceId))
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
      const ws = liveWorkspace(store.state, body.workspaceId);
      const count = Object.values(store.state.tags).filter((t) => t.workspaceId === ws.workspaceId).length;
      if (count >= TAG_LIMIT_PER_WORKSPACE) throw new ApiProblem("tagLimitReached");
      checkTag(store.state, ws.workspaceId, body.name, body.color);
      const t: TagRecord = {
        tagId: randomUUID(),
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
    handler: (ctx) => ok(tagResponse(getTag(ctx.app.store.state, ctx.params.tagId!))),
  },
  {
    method: "PATCH",
    pattern: "/tags/:tagId",
    auth: true,
    handler: (ctx) => {
      const { store } = ctx.app;
      const t = getTag(store.state, ctx.params.tagId!);
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
      const t = getTag(store.state, ctx.params.tagId!);
      delete store.state.tags[t.tagId];
      for (const c of Object.values(store.state.connections))
        c.tagIds = c.tagIds.filter((id) => id !== t.tagId);
      store.save();
      return noContent();
    },
  },
];
