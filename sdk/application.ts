import * as pulumi from "@pulumi/pulumi";
import type { ApplicationInputs } from "../provider/application.js";
import type { AdoptArgs } from "./adopt.js";
import { type InputsOf, withUnknownArgs } from "./inputs.js";
import { providerStub } from "./stub.js";

/** Arguments of an {@link Application}. */
export interface ApplicationArgs extends InputsOf<ApplicationInputs>, AdoptArgs {
  /** What the credentials are for, e.g. `ci-deploy`. Airbyte cannot rename one: changing it replaces the application (new credentials). */
  name: pulumi.Input<string>;
}

/**
 * API client credentials (for CI, say) belonging to the user the provider authenticates as: they
 * act with that user's roles. Airbyte shows the secret when it creates the application; the
 * resource keeps it as a Pulumi secret, encrypted in state and `[secret]` in every preview.
 * Replacing or destroying the resource revokes the credentials.
 *
 * @example
 * ```ts
 * const ci = new airbyte.Application("ci", { name: "ci-deploy" });
 * export const ciClientId = ci.clientId;
 * export const ciClientSecret = ci.clientSecret; // stays secret: `pulumi stack output --show-secrets`
 * ```
 */
export class Application extends pulumi.dynamic.Resource {
  /** The application's id: the resource's `id`. */
  declare readonly applicationId: pulumi.Output<string>;
  /** Its name. */
  declare readonly name: pulumi.Output<string>;
  /** The OAuth2 client id (for `POST /applications/token`). */
  declare readonly clientId: pulumi.Output<string>;
  /** The OAuth2 client secret: always a Pulumi secret. */
  declare readonly clientSecret: pulumi.Output<string>;
  /** When Airbyte created it, in epoch seconds. */
  declare readonly createdAt: pulumi.Output<number>;

  /**
   * @param name The Pulumi resource name.
   * @param args The application's name.
   * @param opts Pulumi resource options.
   */
  constructor(name: string, args: ApplicationArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      providerStub("application"),
      name,
      withUnknownArgs(
        {
          adopt: args.adopt,
          name: args.name,
          clientId: undefined,
          clientSecret: undefined,
          createdAt: undefined,
        },
        args,
      ),
      // The secret is an output the engine would otherwise store in plain text.
      { ...opts, additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), "clientSecret"] },
      "airbyte",
      "Application",
    );
    this.applicationId = this.id;
  }
}
