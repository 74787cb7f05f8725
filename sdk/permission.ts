import * as pulumi from "@pulumi/pulumi";
import type { PermissionType } from "../provider/api/index.js";
import type { PermissionInputs } from "../provider/permission.js";
import type { AdoptArgs } from "./adopt.js";
import { type InputsOf, withUnknownArgs } from "./inputs.js";
import { providerStub } from "./stub.js";

/** Arguments of a {@link Permission}. */
export interface PermissionArgs extends InputsOf<PermissionInputs>, AdoptArgs {
  /**
   * The role: `workspace_admin`, `workspace_editor`, `workspace_runner` or `workspace_reader` with
   * `workspaceId`; `organization_admin`, `organization_editor`, `organization_runner`,
   * `organization_reader` or `organization_member` with `organizationId`. Changing it updates the
   * grant in place.
   */
  permissionType: pulumi.Input<PermissionType>;
  /** The user who gets the role (see `getUser` to find it by e-mail). Changing it replaces the grant. */
  userId: pulumi.Input<string>;
  /** The workspace a `workspace_*` role applies to. Changing it replaces the grant. */
  workspaceId?: pulumi.Input<string>;
  /** The organization an `organization_*` role applies to. Changing it replaces the grant. */
  organizationId?: pulumi.Input<string>;
}

/**
 * A user's role on a workspace or an organization. Removing the resource revokes the role.
 *
 * @example
 * ```ts
 * const ana = airbyte.getUserOutput({ email: "ana@acme.com" });
 * new airbyte.Permission("ana-reads-analytics", {
 *   userId: ana.id,
 *   permissionType: "workspace_reader",
 *   workspaceId: ws.workspaceId,
 * });
 * ```
 */
export class Permission extends pulumi.dynamic.Resource {
  /** The permission's UUID: the resource's `id`, known through in-place updates (see `Workspace.workspaceId`). */
  declare readonly permissionId: pulumi.Output<string>;
  /** The role. */
  declare readonly permissionType: pulumi.Output<PermissionType>;
  /** The user who holds it. */
  declare readonly userId: pulumi.Output<string>;
  /** The workspace, for a workspace role. */
  declare readonly workspaceId: pulumi.Output<string | undefined>;
  /** The organization, for an organization role. */
  declare readonly organizationId: pulumi.Output<string | undefined>;

  /**
   * @param name The Pulumi resource name.
   * @param args The grant.
   * @param opts Pulumi resource options.
   */
  constructor(name: string, args: PermissionArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      providerStub("permission"),
      name,
      withUnknownArgs(
        {
          adopt: args.adopt,
          permissionType: args.permissionType,
          userId: args.userId,
          workspaceId: args.workspaceId,
          organizationId: args.organizationId,
        },
        args,
      ),
      opts,
      "airbyte",
      "Permission",
    );
    this.permissionId = this.id;
  }
}
