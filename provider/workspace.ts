import { z } from "zod";
import type { AirbyteClient } from "./api/client.js";
import { ignoreNotFound } from "./api/errors.js";
import {
  type Workspace as ApiWorkspace,
  NOTIFICATION_KINDS,
  type WorkspaceUpdateRequest,
} from "./api/index.js";
import type { KindSpec } from "./framework/contract.js";
import { defineProvider } from "./framework/dynamic.js";

const NOTIFICATION_ITEMS = NOTIFICATION_KINDS;

/** The notification kinds a workspace can configure. */
export type NotificationItemName = (typeof NOTIFICATION_ITEMS)[number];

const NotificationItemInputs = z
  .strictObject({
    email: z
      .strictObject({ enabled: z.boolean({ error: "email.enabled must be true or false" }) })
      .optional(),
    webhook: z
      .strictObject({
        enabled: z.boolean({ error: "webhook.enabled must be true or false" }),
        url: z
          .url({
            error: "webhook.url must be an absolute http(s) URL, e.g. https://hooks.slack.com/services/…",
          })
          .optional(),
      })
      .refine((w) => !w.enabled || w.url !== undefined, {
        message: "an enabled webhook needs a url: set webhook.url or set webhook.enabled to false",
        path: ["url"],
      })
      .optional(),
  })
  .meta({
    id: "WorkspaceNotification",
    description:
      "One notification: by email to the workspace's members, and/or a POST to a webhook (Slack-style).",
  });

/** Inputs of a notification item: email and/or webhook. */
export type NotificationItemInputs = z.infer<typeof NotificationItemInputs>;

const NotificationsInputs = z.strictObject(
  Object.fromEntries(NOTIFICATION_ITEMS.map((item) => [item, NotificationItemInputs.optional()])) as Record<
    NotificationItemName,
    z.ZodOptional<typeof NotificationItemInputs>
  >,
);

/** Workspace notifications as declared: only the items given are managed. */
export type NotificationsInputs = z.infer<typeof NotificationsInputs>;

/** The schema `check` applies to a Workspace's inputs. */
export const WorkspaceInputsSchema = z.strictObject({
  name: z
    .string({ error: 'name is required: give the workspace a name, e.g. name: "analytics"' })
    .trim()
    .min(1, { error: "name must not be empty" }),
  organizationId: z
    .uuid({ error: "organizationId must be an organization's UUID (see getOrganization or the Airbyte UI)" })
    .optional(),
  regionId: z.uuid({ error: "regionId must be a region's UUID" }).optional(),
  notifications: NotificationsInputs.optional(),
});

/** Inputs of a Workspace. */
export type WorkspaceInputs = z.infer<typeof WorkspaceInputsSchema>;

/** What a Workspace records in state: its inputs as applied, plus what Airbyte computed. */
export type WorkspaceState = WorkspaceInputs & z.infer<typeof WorkspaceComputedSchema>;

/** What Airbyte computes for a Workspace. */
export const WorkspaceComputedSchema = z.object({
  workspaceId: z.string().describe("The workspace's id."),
  dataResidency: z.string().describe("Where the workspace's data lives."),
});

/**
 * What an item looks like on a workspace that never configured it: Airbyte turns email on for
 * every kind but success, and webhooks off (checked by the workspace tests against the emulator).
 */
function defaultItem(item: NotificationItemName): Required<NotificationItemInputs> {
  return { email: { enabled: item !== "success" }, webhook: { enabled: false } };
}

/**
 * The live notifications seen through the declared ones: only declared items and keys are kept,
 * so server defaults for undeclared items never show up as drift.
 */
function projectNotifications(
  declared: NotificationsInputs | undefined,
  live: ApiWorkspace["notifications"],
): NotificationsInputs | undefined {
  if (declared === undefined) return undefined;
  const out: NotificationsInputs = {};
  for (const item of NOTIFICATION_ITEMS) {
    const want = declared[item];
    if (want === undefined) continue;
    const have = live?.[item] ?? defaultItem(item);
    const projected: NotificationItemInputs = {};
    if (want.email !== undefined) projected.email = { enabled: have.email?.enabled ?? false };
    if (want.webhook !== undefined) {
      const webhook: { enabled: boolean; url?: string } = { enabled: have.webhook?.enabled ?? false };
      if (have.webhook?.url !== undefined) webhook.url = have.webhook.url;
      projected.webhook = webhook;
    }
    out[item] = projected;
  }
  return out;
}

/**
 * The PATCH body that takes notifications from `before` to `after`. PATCH merges per item, so an
 * item the user stopped declaring is sent back to its default explicitly.
 */
function notificationsPatch(
  before: NotificationsInputs | undefined,
  after: NotificationsInputs | undefined,
): NotificationsInputs {
  const patch: NotificationsInputs = {};
  for (const item of NOTIFICATION_ITEMS) {
    const want = after?.[item];
    if (want !== undefined) patch[item] = want;
    else if (before?.[item] !== undefined) patch[item] = defaultItem(item);
  }
  return patch;
}

function stateFrom(inputs: WorkspaceInputs, live: ApiWorkspace): WorkspaceState {
  return {
    ...inputs,
    name: live.name,
    workspaceId: live.workspaceId,
    dataResidency: live.dataResidency,
  };
}

export const workspaceSpec: KindSpec<WorkspaceInputs, WorkspaceState> = {
  kind: "workspace",
  inputs: WorkspaceInputsSchema,
  computed: WorkspaceComputedSchema,
  fields: {
    name: {},
    organizationId: { replace: true },
    regionId: {},
    notifications: {},
  },

  async create(client: AirbyteClient, inputs) {
    const live = await client.workspaces.create({
      name: inputs.name,
      ...(inputs.organizationId !== undefined && { organizationId: inputs.organizationId }),
      ...(inputs.regionId !== undefined && { regionId: inputs.regionId }),
      ...(inputs.notifications !== undefined && { notifications: inputs.notifications }),
    });
    return { id: live.workspaceId, state: stateFrom(inputs, live) };
  },

  createOnce: {
    strategy: "new-since-noted",
    identity: (inputs) => [inputs.name, inputs.organizationId ?? null],
    // Workspaces record no creation time: the one a create made is told by its name alone.
    async like(client, inputs) {
      const ids: string[] = [];
      for await (const ws of client.workspaces.list({ limit: 100 }))
        if (ws.name === inputs.name) ids.push(ws.workspaceId);
      return ids;
    },
  },

  async read(client, id, state) {
    const live = await ignoreNotFound(client.workspaces.get(id));
    if (live === undefined) return undefined;
    const notifications = projectNotifications(state.notifications, live.notifications);
    return {
      ...state,
      name: live.name,
      workspaceId: live.workspaceId,
      dataResidency: live.dataResidency,
      ...(notifications !== undefined && { notifications }),
    };
  },

  async update(client, id, state, inputs, changed) {
    const body: WorkspaceUpdateRequest = {};
    if (changed.includes("name")) body.name = inputs.name;
    if (changed.includes("regionId") && inputs.regionId !== undefined) body.regionId = inputs.regionId;
    if (changed.includes("notifications"))
      body.notifications = notificationsPatch(state.notifications, inputs.notifications);
    if (Object.keys(body).length === 0) return { ...state, ...inputs };
    const live = await client.workspaces.update(id, body);
    return stateFrom(inputs, live);
  },

  async delete(client, id) {
    await ignoreNotFound(client.workspaces.delete(id));
  },
};

/** The dynamic provider behind `Workspace`, loaded by the stub in `sdk/stub.ts`. */
export default defineProvider(workspaceSpec);
