import * as pulumi from "@pulumi/pulumi";
import type { PermissionType } from "../provider/api/index.js";
import type { GroupInputs } from "../provider/group.js";
import type { AdoptArgs } from "./adopt.js";
import { type InputsOf, withUnknownArgs } from "./inputs.js";
import { providerStub } from "./stub.js";

/** A role a {@link Group} holds: a `workspace_*` role with `workspaceId`, an `organization_*` role with `organizationId`. */
export interface GroupRole {
  /** The role, as a `Permission`'s `permissionType`. */
  permissionType: pulumi.Input<PermissionType>;
  /** The workspace of a `workspace_*` role. */
  workspaceId?: pulumi.Input<string>;
  /** The organization of an `organization_*` role. */
  organizationId?: pulumi.Input<string>;
}

/** Arguments of a {@link Group}. */
export interface GroupArgs extends Omit<InputsOf<GroupInputs>, "permissions">, AdoptArgs {
  /** The organization the group belongs to. Changing it replaces the group. */
  organizationId: pulumi.Input<string>;
  /** Unique in the organization. Renaming updates in place. */
  name: pulumi.Input<string>;
  /** Free text. */
  description?: pulumi.Input<string>;
  /**
   * The members' user ids (see `getUser` to find them by e-mail), in any order. When given, the
   * group holds exactly these users: others are removed. Leave it out to manage members elsewhere.
   */
  members?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * The roles every member gets through the group, in any order. When given, the group holds
   * exactly these: a role changed is revoked and granted anew. Leave it out to manage them elsewhere.
   */
  permissions?: pulumi.Input<pulumi.Input<GroupRole>[]>;
}

/**
 * A team of users with roles of its own, so access is granted to the team rather than person by
 * person. Destroying it ends its members' memberships and the roles they had through it.
 *
 * @example
 * ```ts
 * const members = ["ana@acme.com", "li@acme.com"].map((email) => airbyte.getUserOutput({ email }).id);
 * new airbyte.Group("data-eng", {
 *   organizationId: org,
 *   name: "data-eng",
 *   members,
 *   permissions: [{ permissionType: "workspace_editor", workspaceId: ws.workspaceId }],
 * });
 * ```
 */
export class Group extends pulumi.dynamic.Resource {
  /** The group's UUID: the resource's `id`, known through in-place updates (see `Workspace.workspaceId`). */
  declare readonly groupId: pulumi.Output<string>;
  /** The organization. */
  declare readonly organizationId: pulumi.Output<string>;
  /** Its name. */
  declare readonly name: pulumi.Output<string>;
  /** Its description, if any. */
  declare readonly description: pulumi.Output<string | undefined>;
  /** The members' user ids, when managed here. */
  declare readonly members: pulumi.Output<string[] | undefined>;
  /** Its roles, when managed here. */
  declare readonly permissions: pulumi.Output<GroupInputs["permissions"]>;

  /**
   * @param name The Pulumi resource name.
   * @param args The group's name, members and roles.
   * @param opts Pulumi resource options.
   */
  constructor(name: string, args: GroupArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      providerStub("group"),
      name,
      withUnknownArgs(
        {
          adopt: args.adopt,
          organizationId: args.organizationId,
          name: args.name,
          description: args.description,
          members: args.members,
          permissions: args.permissions,
        },
        args,
      ),
      opts,
      "airbyte",
      "Group",
    );
    this.groupId = this.id;
  }
}
