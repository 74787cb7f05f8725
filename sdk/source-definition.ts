import type * as pulumi from "@pulumi/pulumi";
import { CustomDefinition, type CustomDefinitionArgs } from "./custom-definition.js";
import { providerStub } from "./stub.js";

/** Arguments of a {@link SourceDefinition}. */
export type SourceDefinitionArgs = CustomDefinitionArgs;

/**
 * A custom source connector of a workspace, run from your own Docker image. Sources use it through
 * `definitionId`; bumping `dockerImageTag` releases a new version in place, and the sources that
 * use it stay as they are.
 *
 * @example
 * ```ts
 * const billing = new airbyte.SourceDefinition("billing", {
 *   workspaceId: ws.workspaceId,
 *   name: "billing-api",
 *   dockerRepository: "ghcr.io/acme/source-billing",
 *   dockerImageTag: "1.4.0",
 * });
 * new airbyte.Source("billing", {
 *   workspaceId: ws.workspaceId, name: "billing", definitionId: billing.definitionId,
 *   configuration: { api_key: config.requireSecret("billingKey") },
 * });
 * ```
 */
export class SourceDefinition extends CustomDefinition {
  /**
   * @param name The Pulumi resource name.
   * @param args The connector's image and name.
   * @param opts Pulumi resource options.
   */
  constructor(name: string, args: SourceDefinitionArgs, opts?: pulumi.CustomResourceOptions) {
    super(providerStub("source-definition"), "SourceDefinition", name, args, opts);
  }
}
