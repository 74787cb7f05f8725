import * as pulumi from "@pulumi/pulumi";
import type { CustomDefinitionInputs } from "../provider/custom-definition.js";
import type { AdoptArgs } from "./adopt.js";
import { type InputsOf, withUnknownArgs } from "./inputs.js";

/** Arguments of a `SourceDefinition` or `DestinationDefinition`. */
export interface CustomDefinitionArgs extends InputsOf<CustomDefinitionInputs>, AdoptArgs {
  /** The workspace that gets the connector. Changing it replaces the definition. */
  workspaceId: pulumi.Input<string>;
  /** The connector's name in the workspace (what the UI lists). Renaming updates in place. */
  name: pulumi.Input<string>;
  /** The image without its tag, e.g. `ghcr.io/acme/source-billing`. Changing it replaces the definition. */
  dockerRepository: pulumi.Input<string>;
  /** The image's tag, e.g. `1.4.0`. Changing it updates the definition in place: a new release. */
  dockerImageTag: pulumi.Input<string>;
  /** A link to the connector's documentation. Changing it replaces the definition. */
  documentationUrl?: pulumi.Input<string>;
}

/**
 * What `SourceDefinition` and `DestinationDefinition` share: the same args and outputs; each
 * subclass names its provider and type.
 */
export abstract class CustomDefinition extends pulumi.dynamic.Resource {
  /** The definition's UUID, for a connector's `definitionId`: the resource's `id`, known through in-place updates. */
  declare readonly definitionId: pulumi.Output<string>;
  /** The owning workspace. */
  declare readonly workspaceId: pulumi.Output<string>;
  /** Its name. */
  declare readonly name: pulumi.Output<string>;
  /** The image without its tag. */
  declare readonly dockerRepository: pulumi.Output<string>;
  /** The image's tag. */
  declare readonly dockerImageTag: pulumi.Output<string>;
  /** The documentation link, if any. */
  declare readonly documentationUrl: pulumi.Output<string | undefined>;

  /**
   * @param provider The kind's provider stub.
   * @param type The resource type's name, e.g. `SourceDefinition`.
   * @param name The Pulumi resource name.
   * @param args The connector's image and name.
   * @param opts Pulumi resource options.
   */
  protected constructor(
    provider: pulumi.dynamic.ResourceProvider,
    type: string,
    name: string,
    args: CustomDefinitionArgs,
    opts: pulumi.CustomResourceOptions | undefined,
  ) {
    const props = {
      adopt: args.adopt,
      workspaceId: args.workspaceId,
      name: args.name,
      dockerRepository: args.dockerRepository,
      dockerImageTag: args.dockerImageTag,
      documentationUrl: args.documentationUrl,
    };
    super(provider, name, withUnknownArgs(props, args), opts, "airbyte", type);
    this.definitionId = this.id;
  }
}
