import * as pulumi from "@pulumi/pulumi";
import type { TagInputs } from "../provider/tag.js";
import type { AdoptArgs } from "./adopt.js";
import { type InputsOf, withoutUnset, withUnknownArgs } from "./inputs.js";
import { providerStub } from "./stub.js";

/** Arguments of a {@link Tag}. */
export interface TagArgs extends InputsOf<TagInputs>, AdoptArgs {
  /** The workspace the tag belongs to. Changing it replaces the tag. */
  workspaceId: pulumi.Input<string>;
  /** At most 30 characters, unique in the workspace. */
  name: pulumi.Input<string>;
  /** 6 hex digits without `#`, e.g. `"FF5733"`. */
  color: pulumi.Input<string>;
}

/**
 * A tag to group connections in a workspace.
 *
 * @example
 * ```ts
 * const finance = new airbyte.Tag("finance", { workspaceId: ws.workspaceId, name: "finance", color: "FF5733" });
 * ```
 */
export class Tag extends pulumi.dynamic.Resource {
  /** The tag's UUID: the resource's `id`, known through in-place updates (see `Workspace.workspaceId`). */
  declare readonly tagId: pulumi.Output<string>;
  /** Its name. */
  declare readonly name: pulumi.Output<string>;
  /** Its color. */
  declare readonly color: pulumi.Output<string>;
  /** The owning workspace. */
  declare readonly workspaceId: pulumi.Output<string>;

  /**
   * @param name The Pulumi resource name.
   * @param args The tag's settings.
   * @param opts Pulumi resource options.
   */
  constructor(name: string, args: TagArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      providerStub("tag"),
      name,
      withoutUnset(
        withUnknownArgs(
          {
            adopt: args.adopt,
            workspaceId: args.workspaceId,
            name: args.name,
            color: args.color,
          },
          args,
        ),
        ["adopt"],
      ),
      opts,
      "airbyte",
      "Tag",
    );
    this.tagId = this.id;
  }
}
