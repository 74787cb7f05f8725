import type * as pulumi from "@pulumi/pulumi";
import { KEEP_EXISTING_SECRET } from "../provider/configuration.js";

/** The `adopt` argument every resource kind takes (see {@link AdoptArgs.adopt}). */
export interface AdoptArgs {
  /**
   * The id of an existing Airbyte object to bring under management instead of creating one (as
   * `pulumi-airbyte export` writes it). The first `up` reads it, checks that it is what the
   * program declares (same workspace, same connector), and changes only what differs: an object
   * that already matches is not written to. From then on it is managed like any other, and
   * `pulumi destroy` deletes it (use the `retainOnDelete` resource option to let go of it
   * instead). Changing or removing `adopt` later changes nothing.
   */
  adopt?: pulumi.Input<string>;
}

/**
 * Give a secret field of an adopted source's or destination's configuration this value to keep
 * what Airbyte already holds for it: nothing is sent for that field and nothing is lost.
 *
 * @example
 * ```ts
 * new airbyte.Source("orders", {
 *   adopt: "8f4c…", workspaceId, name: "orders", definition: "postgres",
 *   configuration: { host: "db", port: 5432, username: "etl", password: airbyte.keepExistingSecret },
 * });
 * ```
 */
export const keepExistingSecret: string = KEEP_EXISTING_SECRET;
