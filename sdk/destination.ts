import * as pulumi from "@pulumi/pulumi";
import { type ConnectorArgs, connectorProps } from "./source.js";
import { providerStub } from "./stub.js";

/** Arguments of a {@link Destination}: the same as a source's. */
export type DestinationArgs = ConnectorArgs;

/**
 * A destination: where Airbyte writes data (a warehouse, a lake, a database).
 *
 * @example
 * ```ts
 * const warehouse = new airbyte.Destination("warehouse", {
 *   workspaceId: ws.workspaceId,
 *   name: "warehouse",
 *   definition: "bigquery",
 *   configuration: {
 *     project_id: "acme-analytics", dataset_location: "EU", dataset_id: "raw",
 *     credentials_json: config.requireSecret("bigqueryKey"),
 *   },
 * });
 * ```
 */
export class Destination extends pulumi.dynamic.Resource {
  /** The destination's UUID: the resource's `id`, known through in-place updates (see `Workspace.workspaceId`). */
  declare readonly destinationId: pulumi.Output<string>;
  /** Its name. */
  declare readonly name: pulumi.Output<string>;
  /** The connector's short name as Airbyte reports it (e.g. `bigquery`); "" when outside Airbyte's table. */
  declare readonly destinationType: pulumi.Output<string>;
  /** The connector definition's UUID. */
  declare readonly definitionId: pulumi.Output<string>;
  /** The owning workspace. */
  declare readonly workspaceId: pulumi.Output<string>;
  /** The configuration as applied (secret). */
  declare readonly configuration: pulumi.Output<Record<string, unknown>>;
  /** When Airbyte created it, in epoch seconds. */
  declare readonly createdAt: pulumi.Output<number>;

  /**
   * @param name The Pulumi resource name.
   * @param args The destination's settings.
   * @param opts Pulumi resource options.
   */
  constructor(name: string, args: DestinationArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      providerStub("destination"),
      name,
      connectorProps(args, "destination"),
      opts,
      "airbyte",
      "Destination",
    );
    this.destinationId = this.id;
  }
}
