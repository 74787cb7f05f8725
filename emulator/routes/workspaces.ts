/**
 * Workspaces: CRUD with the notification defaults and merge rules of the real server, soft delete
 * with cascade to the workspace's connections, sources and destinations, and the workspace's OAuth
 * credential overrides. A workspace lands in the organization given (the default one otherwise,
 * which is all a self-managed server has) and in a region of it (the default `AUTO` otherwise);
 * `dataResidency` is the region's name in lower case.
 */
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { requireOrganizationRole, requireWorkspaceRole } from "../authz.js";
import { paginate, workspaceFilter } from "../lists.js";
import { liveWorkspace } from "../lookups.js";
import { deleteOAuthOverride, putOAuthOverride } from "../oauth-overrides.js";
import { ApiProblem, badRequest, notFound } from "../problems.js";
import { parseBody, uuid } from "../request-input.js";
import { workspaceResponse } from "../responses.js";
import { ANY_EDITOR, type PermissionType } from "../roles.js";
import { noContent, ok, type Route, type RouteContext } from "../route-contract.js";
import {
  DEFAULT_ORGANIZATION_ID,
  DEFAULT_REGION_ID,
  NOTIFICATION_KEYS,
  type NotificationItem,
  type NotificationKey,
  type RegionRecord,
  type State,
  type WorkspaceRecord,
} from "../store.js";

const notificationConfig = z.object({
  email: z.object({ enabled: z.boolean().optional() }).optional(),
  webhook: z.object({ enabled: z.boolean().optional(), url: z.string().optional() }).optional(),
});
type NotificationConfigInput = z.infer<typeof notificationConfig>;

const notificationsConfig = z.object(
  Object.fromEntries(NOTIFICATION_KEYS.map((k) => [k, notificationConfig.optional()])) as Record<
    NotificationKey,
    z.ZodOptional<typeof notificationConfig>
  >,
);

const createBody = z.object({
  name: z.string(),
  organizationId: uuid.optional(),
  notifications: notificationsConfig.optional(),
  regionId: uuid.optional(),
});

const updateBody = z.object({
  name: z.string().optional(),
  notifications: notificationsConfig.optional(),
  regionId: uuid.optional(),
});

/** The item a new workspace gets when the request leaves it out. */
function defaultItem(key: NotificationKey): NotificationItem {
  return { email: key !== "success", webhook: false };
}

function requireUrl(key: NotificationKey, item: NotificationItem): void {
  if (item.webhook && !item.url) {
    throw new ApiProblem("notificationMissingUrl", {
      message: `The ${key} webhook notification needs a url.`,
    });
  }
}

/** Create rules: a given item gets email on unless it asks otherwise (except `success`, which is opt-in). */
function itemFromCreate(key: NotificationKey, given: NotificationConfigInput): NotificationItem {
  const webhook = given.webhook?.enabled === true;
  const item: NotificationItem = {
    email: given.email ? given.email.enabled === true : key !== "success",
    webhook,
  };
  if (webhook && given.webhook?.url) item.url = given.webhook.url;
  requireUrl(key, item);
  return item;
}

/** PATCH rules: flags that are sent toggle, a sent url replaces; everything else is kept. */
function mergeItem(
  key: NotificationKey,
  current: NotificationItem,
  given: NotificationConfigInput,
): NotificationItem {
  const item = { ...current };
  if (given.email && typeof given.email.enabled === "boolean") item.email = given.email.enabled;
  if (given.webhook) {
    if (typeof given.webhook.enabled === "boolean") item.webhook = given.webhook.enabled;
    if (typeof given.webhook.url === "string") item.url = given.webhook.url;
  }
  requireUrl(key, item);
  return item;
}

/** Soft-deletes everything in a workspace, as the platform cascades a workspace deletion. */
function cascadeDelete(state: State, workspaceId: string): void {
  for (const c of Object.values(state.connections)) {
    if (c.workspaceId === workspaceId) c.status = "deprecated";
  }
  for (const a of [...Object.values(state.sources), ...Object.values(state.destinations)]) {
    if (a.workspaceId === workspaceId) a.tombstone = true;
  }
}

function list(ctx: RouteContext) {
  const { state } = ctx.app.store;
  const filter = workspaceFilter(ctx);
  const all = Object.values(state.workspaces).filter((w) => filter.admits(w.workspaceId, w.tombstone));
  const page = paginate(ctx, "workspaces", all, filter.echo);
  return ok({ ...page, data: page.data.map((w) => workspaceResponse(state, w)) });
}

/**
 * A workspace's region: a live region of its organization or of the default one (which owns the
 * shared regions, `AUTO` among them). Anything else is a 400 naming the regionId.
 */
function regionFor(state: State, organizationId: string, regionId: string): RegionRecord {
  const r = state.regions[regionId];
  if (
    !r ||
    r.tombstone ||
    (r.organizationId !== organizationId && r.organizationId !== DEFAULT_ORGANIZATION_ID)
  ) {
    throw badRequest(
      `regionId ${regionId} is not a region of organization ${organizationId}: list them with GET /regions?organizationId=${organizationId}.`,
    );
  }
  return r;
}

function checkName(name: string): string {
  if (name.trim() === "") throw badRequest("name must not be empty: give the workspace a name.");
  return name;
}

/** The path's workspace, once the caller holds one of `anyOf` on it; 404 when deleted or unknown. */
function workspaceFor(ctx: RouteContext, anyOf: readonly PermissionType[]): WorkspaceRecord {
  const { state } = ctx.app.store;
  const id = ctx.params.workspaceId!;
  requireWorkspaceRole(ctx, state.workspaces[id]?.workspaceId, anyOf);
  return liveWorkspace(state, id);
}

/**
 * The scope of a workspace's OAuth override, once the caller may edit the workspace: the live
 * workspace's id (undefined when deleted or unknown, which the override answers with 404) and the
 * id as the path gave it.
 */
function overrideScope(ctx: RouteContext): [string | undefined, string] {
  const id = ctx.params.workspaceId!;
  const { state } = ctx.app.store;
  requireWorkspaceRole(ctx, state.workspaces[id]?.workspaceId, ANY_EDITOR);
  return [state.workspaces[id]?.tombstone === false ? id : undefined, id];
}

/** Workspace routes. */
export const workspaceRoutes: Route[] = [
  { method: "GET", pattern: "/workspaces", auth: true, handler: list },
  {
    method: "POST",
    pattern: "/workspaces",
    auth: true,
    handler: (ctx) => {
      const body = parseBody(createBody, ctx.body);
      const { store } = ctx.app;
      const organizationId = body.organizationId ?? DEFAULT_ORGANIZATION_ID;
      requireOrganizationRole(
        ctx,
        store.state.organizations[organizationId]?.organizationId,
        "organization_editor",
      );
      if (!store.state.organizations[organizationId]) throw notFound("organization", organizationId);
      const name = checkName(body.name);
      const region = regionFor(store.state, organizationId, body.regionId ?? DEFAULT_REGION_ID);
      const notifications = {} as Record<NotificationKey, NotificationItem>;
      for (const k of NOTIFICATION_KEYS) {
        const given = body.notifications?.[k];
        notifications[k] = given ? itemFromCreate(k, given) : defaultItem(k);
      }
      const w: WorkspaceRecord = {
        workspaceId: ctx.requestedId ?? randomUUID(),
        name,
        organizationId,
        regionId: region.regionId,
        dataResidency: region.name.toLowerCase(),
        notifications,
        tombstone: false,
      };
      store.state.workspaces[w.workspaceId] = w;
      store.save();
      return ok(workspaceResponse(store.state, w));
    },
  },
  {
    method: "GET",
    pattern: "/workspaces/:workspaceId",
    auth: true,
    handler: (ctx) => ok(workspaceResponse(ctx.app.store.state, workspaceFor(ctx, ["workspace_reader"]))),
  },
  {
    method: "PATCH",
    pattern: "/workspaces/:workspaceId",
    auth: true,
    handler: (ctx) => {
      const { store } = ctx.app;
      const w = workspaceFor(ctx, ANY_EDITOR);
      const body = parseBody(updateBody, ctx.body);
      const merged = { ...w.notifications };
      for (const k of NOTIFICATION_KEYS) {
        const given = body.notifications?.[k];
        if (given) merged[k] = mergeItem(k, w.notifications[k], given);
      }
      const name = body.name === undefined ? w.name : checkName(body.name);
      const region =
        body.regionId === undefined ? undefined : regionFor(store.state, w.organizationId, body.regionId);
      w.notifications = merged;
      w.name = name;
      if (region) {
        w.regionId = region.regionId;
        w.dataResidency = region.name.toLowerCase();
      }
      store.save();
      return ok(workspaceResponse(store.state, w));
    },
  },
  {
    method: "DELETE",
    pattern: "/workspaces/:workspaceId",
    auth: true,
    handler: (ctx) => {
      const { store } = ctx.app;
      const w = workspaceFor(ctx, ANY_EDITOR);
      cascadeDelete(store.state, w.workspaceId);
      w.tombstone = true;
      store.save();
      return noContent();
    },
  },
  {
    method: "PUT",
    pattern: "/workspaces/:workspaceId/oauthCredentials",
    auth: true,
    handler: (ctx) => putOAuthOverride(ctx, "workspace", ...overrideScope(ctx)),
  },
  {
    method: "DELETE",
    pattern: "/workspaces/:workspaceId/oauthCredentials/:actorType/:name",
    auth: true,
    handler: (ctx) => deleteOAuthOverride(ctx, "workspace", ...overrideScope(ctx)),
  },
];
