import * as pulumi from "@pulumi/pulumi";
import type { NotificationsInputs, WorkspaceInputs } from "../provider/workspace.js";
import type { AdoptArgs } from "./adopt.js";
import { type InputsOf, withoutUnset, withUnknownArgs } from "./inputs.js";
import { providerStub } from "./stub.js";

/** Notification settings of a workspace; see {@link WorkspaceArgs.notifications}. */
export type WorkspaceNotifications = NotificationsInputs;

/** Arguments of a {@link Workspace}. */
export interface WorkspaceArgs extends InputsOf<WorkspaceInputs>, AdoptArgs {
  /** The workspace's name. Renaming updates it in place. */
  name: pulumi.Input<string>;
  /** The organization that owns the workspace (Cloud). Changing it replaces the workspace. */
  organizationId?: pulumi.Input<string>;
  /** The region (data plane group) the workspace runs in. */
  regionId?: pulumi.Input<string>;
  /**
   * Notifications for sync failures, successes, schema changes and disabled connections, by email
   * and/or webhook. Only the items given are managed; the others keep Airbyte's defaults. A
   * webhook URL often embeds a token: pass it as `pulumi.secret(...)` to keep it encrypted.
   */
  notifications?: pulumi.Input<WorkspaceNotifications>;
}

/**
 * An Airbyte workspace: the home of sources, destinations, connections and tags.
 *
 * @example
 * ```ts
 * const ws = new airbyte.Workspace("analytics", {
 *   name: "analytics",
 *   notifications: {
 *     failure: { email: { enabled: true }, webhook: { enabled: true, url: slackWebhookUrl } },
 *   },
 * });
 * export const workspaceId = ws.workspaceId;
 * ```
 */
export class Workspace extends pulumi.dynamic.Resource {
  /**
   * The workspace's UUID: the resource's `id`, which stays known while the workspace is updated in
   * place, so a preview never shows the resources that reference it as changing.
   */
  declare readonly workspaceId: pulumi.Output<string>;
  /** The workspace's name. */
  declare readonly name: pulumi.Output<string>;
  /** Where its data is processed: the lower-cased region name (`auto` on self-managed Airbyte). */
  declare readonly dataResidency: pulumi.Output<string>;
  /** The organization given in the args, if any (Airbyte does not return it). */
  declare readonly organizationId: pulumi.Output<string | undefined>;
  /** The region given in the args, if any. */
  declare readonly regionId: pulumi.Output<string | undefined>;
  /** The notifications as applied. */
  declare readonly notifications: pulumi.Output<WorkspaceNotifications | undefined>;

  /**
   * @param name The Pulumi resource name (unique in the stack; not the workspace's name).
   * @param args The workspace's settings.
   * @param opts Pulumi resource options.
   */
  constructor(name: string, args: WorkspaceArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      providerStub("workspace"),
      name,
      withoutUnset(
        withUnknownArgs(
          {
            adopt: args.adopt,
            name: args.name,
            organizationId: args.organizationId,
            regionId: args.regionId,
            notifications: args.notifications,
            dataResidency: undefined,
          },
          args,
        ),
        ["adopt"],
      ),
      opts,
      "airbyte",
      "Workspace",
    );
    this.workspaceId = this.id;
  }
}
