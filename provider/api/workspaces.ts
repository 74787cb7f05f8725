/** Workspaces: `/workspaces`, and the notification settings a workspace holds. */
import { z } from "zod";
import { PageSchema } from "./pagination.js";
import type { RequestOptions } from "./request-options.js";
import { type ApiResource, type ListParams, listQuery, PATCH_IS_IDEMPOTENT } from "./resource.js";
import { encodePath } from "./url.js";

/**
 * The notification kinds of a workspace (`NotificationsConfig`), the one list of them: `failure` and
 * `success` of syncs; `connectionUpdate`, non-breaking schema changes propagated automatically;
 * `connectionUpdateActionRequired`, breaking ones needing approval; `syncDisabled`, a connection disabled
 * after repeated failures; `syncDisabledWarning`, the warning before that.
 */
export const NOTIFICATION_KINDS = [
  "failure",
  "success",
  "connectionUpdate",
  "connectionUpdateActionRequired",
  "syncDisabled",
  "syncDisabledWarning",
] as const;

/** One of {@link NOTIFICATION_KINDS}. */
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** `{email?: {enabled}, webhook?: {enabled, url?}}`: how one notification kind is delivered. */
export const NotificationConfigSchema = z.looseObject({
  email: z.looseObject({ enabled: z.boolean().optional() }).optional(),
  webhook: z.looseObject({ enabled: z.boolean().optional(), url: z.string().optional() }).optional(),
});
/** See {@link NotificationConfigSchema}. */
export type NotificationConfig = z.infer<typeof NotificationConfigSchema>;

/** A workspace's notification settings, per kind of {@link NOTIFICATION_KINDS} (`NotificationsConfig`). */
export const NotificationsSchema = z.looseObject(
  // Built from the list so a new kind is added once; the cast restores the keys `fromEntries` forgets.
  Object.fromEntries(NOTIFICATION_KINDS.map((kind) => [kind, NotificationConfigSchema.optional()])) as Record<
    NotificationKind,
    z.ZodOptional<typeof NotificationConfigSchema>
  >,
);
/** See {@link NotificationsSchema}. */
export type Notifications = z.infer<typeof NotificationsSchema>;

/** `WorkspaceResponse`. `organizationId` is not returned by current servers; kept optional for others. */
export const WorkspaceSchema = z.looseObject({
  workspaceId: z.string(),
  name: z.string(),
  /** Lower-cased region name: `auto` on self-managed, `us`/`eu` on Cloud. */
  dataResidency: z.string(),
  organizationId: z.string().optional(),
  notifications: NotificationsSchema.optional(),
});
/** See {@link WorkspaceSchema}. */
export type Workspace = z.infer<typeof WorkspaceSchema>;

/** A notification item in a request: flags toggle, `url` replaces (PATCH merges per item). */
export interface NotificationConfigRequest {
  /** E-mail delivery. */
  email?: { enabled: boolean };
  /** Webhook (Slack-style JSON POST) delivery. */
  webhook?: { enabled: boolean; url?: string };
}

/** `NotificationsConfig` in a request body: any of {@link NOTIFICATION_KINDS}. */
export type NotificationsRequest = { [K in NotificationKind]?: NotificationConfigRequest };

/** `POST /workspaces` body. */
export interface WorkspaceCreateRequest {
  /** Workspace name. */
  name: string;
  /** Organization to create it in (immutable; ignored by OSS). */
  organizationId?: string;
  /** Notification settings; items not given get server defaults. */
  notifications?: NotificationsRequest;
  /** Region (data plane group) to run in. */
  regionId?: string;
}

/** `PATCH /workspaces/{id}` body; only the given fields (and notification items) change. */
export interface WorkspaceUpdateRequest {
  /** New name. */
  name?: string;
  /** Notification items to change. */
  notifications?: NotificationsRequest;
  /** New region. */
  regionId?: string;
}

const WorkspacePage = PageSchema(WorkspaceSchema);

/**
 * Workspace endpoints: `client.workspaces`. Methods are `async` so that a bad id (see `encodePath`)
 * rejects instead of throwing.
 */
export class WorkspacesApi {
  /** @param api - The client's calls. */
  constructor(private readonly api: ApiResource) {}

  /** `GET /workspaces`, every page. */
  list(params?: ListParams, options?: RequestOptions): AsyncIterable<Workspace> {
    return this.api.pages(WorkspacePage, "/workspaces", listQuery(params), params, options);
  }

  /** `GET /workspaces/{id}`. */
  async get(workspaceId: string, options?: RequestOptions): Promise<Workspace> {
    return this.api.json(WorkspaceSchema, { ...options, method: "GET", path: one(workspaceId) });
  }

  /** `POST /workspaces`. */
  async create(body: WorkspaceCreateRequest, options?: RequestOptions): Promise<Workspace> {
    return this.api.json(WorkspaceSchema, { ...options, method: "POST", path: "/workspaces", body });
  }

  /** `PATCH /workspaces/{id}`: only given fields and notification items change. */
  async update(
    workspaceId: string,
    body: WorkspaceUpdateRequest,
    options?: RequestOptions,
  ): Promise<Workspace> {
    return this.api.json(WorkspaceSchema, {
      ...options,
      method: "PATCH",
      path: one(workspaceId),
      body,
      idempotent: PATCH_IS_IDEMPOTENT,
    });
  }

  /** `DELETE /workspaces/{id}`: cascades to its connections, destinations and sources. */
  async delete(workspaceId: string, options?: RequestOptions): Promise<void> {
    return this.api.empty({ ...options, method: "DELETE", path: one(workspaceId) });
  }
}

function one(workspaceId: string): string {
  return encodePath`/workspaces/${workspaceId}`;
}
