import * as pulumi from "@pulumi/pulumi";
import type { ConfigurationOf } from "./connectors.js";
import { type ConnectorArgs, connectorProps } from "./source.js";
import { providerStub } from "./stub.js";

/**
 * Arguments of a {@link Destination}: a source's, with `configuration` typed by the destination
 * connector named in `definition` (`"bigquery"`, `"postgres"`: the names of
 * `DestinationConfigurations`); any object for `definitionId` or a name the package does not know.
 */
export interface DestinationArgs<D extends string = string>
  extends ConnectorArgs<ConfigurationOf<"destination", D>> {
  definition?: pulumi.Input<D>;
}

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
export class Destination<D extends string = string> extends pulumi.dynamic.Resource {
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
  constructor(name: string, args: DestinationArgs<D>, opts?: pulumi.CustomResourceOptions) {
    super(
      providerStub("destination"),
      name,
      connectorProps(args as ConnectorArgs<unknown>, "destination"),
      opts,
      "airbyte",
      "Destination",
    );
    this.destinationId = this.id;
  }
}
