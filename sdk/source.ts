import * as pulumi from "@pulumi/pulumi";
import type { ActorInputs } from "../provider/actor.js";
import { secretFieldsOf } from "../provider/connector-secrets.js";
import type { AdoptArgs } from "./adopt.js";
import type { AnyConfiguration, ConfigurationOf } from "./connectors.js";
import { type InputsOf, withoutUnset, withUnknownArgs } from "./inputs.js";
import { withSecretFields } from "./secrets.js";
import { providerStub } from "./stub.js";

/**
 * Arguments of a {@link Source} or a `Destination`, whatever the connector: `configuration` is
 * {@link AnyConfiguration} here; {@link SourceArgs} and `DestinationArgs` type it by connector.
 */
export interface ConnectorArgs<C = AnyConfiguration>
  extends Omit<InputsOf<ActorInputs>, "configuration" | "definition">,
    AdoptArgs {
  /** The workspace that owns it. Changing it replaces the resource. */
  workspaceId: pulumi.Input<string>;
  /** Its name in Airbyte. Renaming updates in place. */
  name: pulumi.Input<string>;
  /**
   * The connector by name as Airbyte lists it (`GET /connector_definitions`): the display name
   * ("Sample Data (Faker)") or a word of it ("faker", "postgres"), any case. Or give `definitionId`.
   * Changing the connector replaces the resource.
   */
  definition?: pulumi.Input<string>;
  /** The connector definition's UUID (for custom connectors, or to pin one exactly). */
  definitionId?: pulumi.Input<string>;
  /**
   * The connector's settings, as in its spec. The connector's secret fields (its spec's
   * `airbyte_secret` ones) and any value given as a Pulumi secret (`config.requireSecret(...)`) are
   * secrets in state and in every diff; the other fields stay readable, so a preview shows
   * `count: 100 => 250`. A connector the package does not know keeps its whole configuration secret. A change is sent as a PATCH of what
   * changed, or as a PUT of the whole object when a key is removed.
   */
  configuration: C;
  /** CPU and memory for the connector's jobs (self-managed Airbyte). */
  resourceAllocation?: InputsOf<ActorInputs>["resourceAllocation"];
}

/**
 * Arguments of a {@link Source}. With `definition` given as a literal connector name the package
 * knows (`"postgres"`, `"faker"`: the names of `SourceConfigurations`), `configuration` has that
 * connector's type, so a misspelt or missing setting is a compile error; with `definitionId`, a
 * display name, or a name the package does not know, it takes any object.
 */
export interface SourceArgs<D extends string = string> extends ConnectorArgs<ConfigurationOf<"source", D>> {
  definition?: pulumi.Input<D>;
}

/**
 * A source: where Airbyte reads data from (a database, an API, files).
 *
 * @example
 * ```ts
 * const orders = new airbyte.Source("orders-db", {
 *   workspaceId: ws.workspaceId,
 *   name: "orders",
 *   definition: "postgres",
 *   configuration: {
 *     host: "db.internal", port: 5432, database: "orders", username: "etl",
 *     password: config.requireSecret("pgPassword"),
 *     schemas: ["public"], ssl_mode: { mode: "require" },
 *     replication_method: { method: "Standard" },
 *   },
 * });
 * ```
 */
export class Source<D extends string = string> extends pulumi.dynamic.Resource {
  /** The source's UUID: the resource's `id`, known through in-place updates (see `Workspace.workspaceId`). */
  declare readonly sourceId: pulumi.Output<string>;
  /** Its name. */
  declare readonly name: pulumi.Output<string>;
  /** The connector's short name as Airbyte reports it (e.g. `postgres`); "" for custom connectors. */
  declare readonly sourceType: pulumi.Output<string>;
  /** The connector definition's UUID (resolved from `definition` when that was given). */
  declare readonly definitionId: pulumi.Output<string>;
  /** The owning workspace. */
  declare readonly workspaceId: pulumi.Output<string>;
  /** The configuration as applied (secret). */
  declare readonly configuration: pulumi.Output<Record<string, unknown>>;
  /** When Airbyte created it, in epoch seconds. */
  declare readonly createdAt: pulumi.Output<number>;

  /**
   * @param name The Pulumi resource name.
   * @param args The source's settings.
   * @param opts Pulumi resource options.
   */
  constructor(name: string, args: SourceArgs<D>, opts?: pulumi.CustomResourceOptions) {
    super(
      providerStub("source"),
      name,
      connectorProps(args as ConnectorArgs<unknown>, "source"),
      opts,
      "airbyte",
      "Source",
    );
    this.sourceId = this.id;
  }
}

/** The props of a source or destination: configuration secret, computed outputs declared. */
export function connectorProps(args: ConnectorArgs<unknown>, kind: "source" | "destination"): pulumi.Inputs {
  const props: pulumi.Inputs = {
    adopt: args.adopt,
    workspaceId: args.workspaceId,
    name: args.name,
    definition: args.definition,
    definitionId: args.definitionId,
    // Only the connector's secret fields are secrets, so a reviewer sees every other change; an
    // unknown connector's configuration stays secret as a whole.
    configuration: readableConfiguration(args, kind),
    resourceAllocation: args.resourceAllocation,
    [`${kind}Type`]: undefined,
    createdAt: undefined,
  };
  return withoutUnset(withUnknownArgs(props, args), ["adopt", "definition", "resourceAllocation"]);
}

function readableConfiguration(
  args: ConnectorArgs<unknown>,
  kind: "source" | "destination",
): pulumi.Input<unknown> {
  const paths = secretFieldsOf(kind, args.definition, args.definitionId);
  const marked = paths === undefined ? undefined : withSecretFields(args.configuration, paths);
  return marked ?? pulumi.secret(args.configuration);
}
