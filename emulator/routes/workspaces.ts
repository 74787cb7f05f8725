/**
 * Workspaces: CRUD with the notification defaults and merge rules of the real server, soft delete
 * with cascade to the workspace's connections, sources and destinations.
 */
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { liveWorkspace } from "../lookups.js";
import { ApiProblem } from "../problems.js";
import { workspaceResponse } from "../responses.js";
import {
  noContent,
  ok,
  paginate,
  parseBody,
  type Route,
  type RouteContext,
  workspaceFilter,
} from "../routing.js";
import {
  NOTIFICATION_KEYS,
  type NotificationItem,
  type NotificationKey,
  type State,
  type WorkspaceRecord,
} from "../store.js";

const notificationConfig = z.object({
  email: z.object({ enabled: z.boolean().nullish() }).nullish(),
  webhook: z.object({ enabled: z.boolean().nullish(), url: z.string().nullish() }).nullish(),
});
type NotificationConfigInput = z.infer<typeof notificationConfig>;

const notificationsConfig = z.object(
  Object.fromEntries(NOTIFICATION_KEYS.map((k) => [k, notificationConfig.nullish()])) as Record<
    NotificationKey,
    z.ZodOptional<z.ZodNullable<typeof notificationConfig>>
  >,
);

const createBody = z.object({
  name: z.string(),
  organizationId: z.string().nullish(),
  notifications: notificationsConfig.nullish(),
  regionId: z.string().nullish(),
});

const updateBody = z.object({
  name: z.string().nullish(),
  notifications: notificationsConfig.nullish(),
  regionId: z.string().nullish(),
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
  const filter = workspaceFilter(ctx.query);
  const all = Object.values(state.workspaces).filter((w) => filter.admits(w.workspaceId, w.tombstone));
  const page = paginate(ctx, "workspaces", all, filter.echo);
  return ok({ ...page, data: page.data.map(workspaceResponse) });
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
      const notifications = {} as Record<NotificationKey, NotificationItem>;
      for (const k of NOTIFICATION_KEYS) {
        const given = body.notifications?.[k];
        notifications[k] = given ? itemFromCreate(k, given) : defaultItem(k);
      }
      const w: WorkspaceRecord = {
        workspaceId: randomUUID(),
        name: body.name,
        // Self-managed ignores a given organization: every workspace lands in the default one.
        organizationId: store.state.organization.organizationId,
        dataResidency: "auto",
        notifications,
        tombstone: false,
      };
      if (body.regionId) w.regionId = body.regionId;
      store.state.workspaces[w.workspaceId] = w;
      store.save();
      return ok(workspaceResponse(w));
    },
  },
  {
    method: "GET",
    pattern: "/workspaces/:workspaceId",
    auth: true,
    handler: (ctx) => ok(workspaceResponse(liveWorkspace(ctx.app.store.state, ctx.params.workspaceId!))),
  },
  {
    method: "PATCH",
    pattern: "/workspaces/:workspaceId",
    auth: true,
    handler: (ctx) => {
      const { store } = ctx.app;
      const w = liveWorkspace(store.state, ctx.params.workspaceId!);
      const body = parseBody(updateBody, ctx.body);
      const merged = { ...w.notifications };
      for (const k of NOTIFICATION_KEYS) {
        const given = body.notifications?.[k];
        if (given) merged[k] = mergeItem(k, w.notifications[k], given);
      }
      w.notifications = merged;
      if (typeof body.name === "string") w.name = body.name;
      if (body.regionId) w.regionId = body.regionId;
      store.save();
      return ok(workspaceResponse(w));
    },
  },
  {
    method: "DELETE",
    pattern: "/workspaces/:workspaceId",
    auth: true,
    handler: (ctx) => {
      const { store } = ctx.app;
      const w = liveWorkspace(store.state, ctx.params.workspaceId!);
      cascadeDelete(store.state, w.workspaceId);
      w.tombstone = true;
      store.save();
      return noContent();
    },
  },
];
