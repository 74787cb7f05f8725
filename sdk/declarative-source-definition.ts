import * as pulumi from "@pulumi/pulumi";
import {
  type DeclarativeSourceDefinitionInputs,
  type Manifest,
  parseManifest,
} from "../provider/declarative-source-definition.js";
import type { AdoptArgs } from "./adopt.js";
import { type InputsOf, withUnknownArgs } from "./inputs.js";
import { providerStub } from "./stub.js";

/** Arguments of a {@link DeclarativeSourceDefinition}. */
export interface DeclarativeSourceDefinitionArgs
  extends Omit<InputsOf<DeclarativeSourceDefinitionInputs>, "manifest">,
    AdoptArgs {
  /** The workspace that gets the connector. Changing it replaces the definition. */
  workspaceId: pulumi.Input<string>;
  /** The connector's name in the workspace. Airbyte cannot rename one: changing it replaces the definition. */
  name: pulumi.Input<string>;
  /**
   * The Connector Builder manifest: its YAML or JSON text as kept in the repository
   * (`readFileSync("connectors/billing/manifest.yaml", "utf8")`), or the object. Changing it
   * updates the definition in place and Airbyte bumps its `version`; a preview shows the change
   * key by key, whichever form it was given in.
   */
  manifest: pulumi.Input<string | Manifest>;
}

/**
 * A low-code (Connector Builder) source connector of a workspace, defined by its manifest. Sources
 * use it through `definitionId`.
 *
 * @example
 * ```ts
 * const billing = new airbyte.DeclarativeSourceDefinition("billing", {
 *   workspaceId: ws.workspaceId,
 *   name: "billing-api",
 *   manifest: readFileSync("connectors/billing/manifest.yaml", "utf8"),
 * });
 * new airbyte.Source("billing", {
 *   workspaceId: ws.workspaceId, name: "billing", definitionId: billing.definitionId,
 *   configuration: { api_key: config.requireSecret("billingKey") },
 * });
 * ```
 */
export class DeclarativeSourceDefinition extends pulumi.dynamic.Resource {
  /** The definition's UUID, for a source's `definitionId`: the resource's `id`, known through in-place updates. */
  declare readonly definitionId: pulumi.Output<string>;
  /** The owning workspace. */
  declare readonly workspaceId: pulumi.Output<string>;
  /** Its name. */
  declare readonly name: pulumi.Output<string>;
  /** The manifest as applied, as an object. */
  declare readonly manifest: pulumi.Output<Manifest>;
  /** Airbyte's version of the definition: 1 when created, one more with each manifest change. */
  declare readonly version: pulumi.Output<number>;

  /**
   * @param name The Pulumi resource name.
   * @param args The connector's name and manifest.
   * @param opts Pulumi resource options.
   */
  constructor(name: string, args: DeclarativeSourceDefinitionArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      providerStub("declarative-source-definition"),
      name,
      withUnknownArgs(
        {
          adopt: args.adopt,
          workspaceId: args.workspaceId,
          name: args.name,
          // Parsed here, so state and every diff hold the manifest's keys rather than one long string.
          manifest: pulumi.output(args.manifest).apply((m) => parseManifest(m)),
          version: undefined,
        },
        args,
      ),
      opts,
      "airbyte",
      "DeclarativeSourceDefinition",
    );
    this.definitionId = this.id;
  }
}
