import type * as pulumi from "@pulumi/pulumi";
import { CustomDefinition, type CustomDefinitionArgs } from "./custom-definition.js";
import { providerStub } from "./stub.js";

/** Arguments of a {@link DestinationDefinition}: the same as a `SourceDefinition`'s. */
export type DestinationDefinitionArgs = CustomDefinitionArgs;

/**
 * A custom destination connector of a workspace, run from your own Docker image. Destinations use
 * it through `definitionId`; bumping `dockerImageTag` releases a new version in place.
 *
 * @example
 * ```ts
 * const lake = new airbyte.DestinationDefinition("lake", {
 *   workspaceId: ws.workspaceId,
 *   name: "acme-lake",
 *   dockerRepository: "ghcr.io/acme/destination-lake",
 *   dockerImageTag: "0.3.1",
 * });
 * new airbyte.Destination("lake", {
 *   workspaceId: ws.workspaceId, name: "lake", definitionId: lake.definitionId,
 *   configuration: { bucket: "raw" },
 * });
 * ```
 */
export class DestinationDefinition extends CustomDefinition {
  /**
   * @param name The Pulumi resource name.
   * @param args The connector's image and name.
   * @param opts Pulumi resource options.
   */
  constructor(name: string, args: DestinationDefinitionArgs, opts?: pulumi.CustomResourceOptions) {
    super(providerStub("destination-definition"), "DestinationDefinition", name, args, opts);
  }
}
