import type * as pulumi from "@pulumi/pulumi";
import type { CustomDefinitionInputs } from "../provider/custom-definition.js";
import type { AdoptArgs } from "./adopt.js";
import { type InputsOf, withUnknownArgs } from "./inputs.js";

/** Arguments of a {@link SourceDefinition} or `DestinationDefinition`. */
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

/** The props of a custom definition: its args, and its computed outputs declared. */
export function customDefinitionProps(args: CustomDefinitionArgs): pulumi.Inputs {
  return withUnknownArgs(
    {
      adopt: args.adopt,
      workspaceId: args.workspaceId,
      name: args.name,
      dockerRepository: args.dockerRepository,
      dockerImageTag: args.dockerImageTag,
      documentationUrl: args.documentationUrl,
    },
    args,
  );
}
