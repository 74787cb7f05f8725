/**
 * The keys the framework keeps beside a resource's own inputs and state, and the helper that takes
 * them off before a kind sees its data.
 */
import { z } from "zod";

/** The property under which Pulumi stores a dynamic resource's serialized provider. */
export const PROVIDER_KEY = "__provider";

/**
 * The state property listing the input fields the user declared. Refresh hands Pulumi the inputs
 * as read back (so `preview --diff` after a refresh shows the drift it will undo), and only the
 * declared ones: a field Airbyte computed when none was given is not an input. Pulumi hides
 * properties whose names start with "__" from every display.
 */
export const DECLARED_KEY = "__declared";

/**
 * The state property recording the server (its API URL) the resource was last created, updated or
 * read on: a stack whose `airbyte:serverUrl` moved shows its resources as changed in the preview,
 * and `up` checks each is on the new server before managing it there. Hidden like the others.
 */
export const SERVER_KEY = "__server";

/**
 * The input naming an existing object to bring under management instead of creating one. Every
 * kind takes it; it is no field of the kind's own schema and never part of a diff, so adding,
 * changing or removing it later changes nothing.
 */
export const ADOPT_KEY = "adopt";

/** The schema of {@link ADOPT_KEY}'s value, shared with the YAML spec of `Pipelines`. */
export const AdoptSchema = z.uuid({
  error:
    "adopt must be the UUID of an existing object (the id in the Airbyte UI's URL, or from `pulumi-airbyte export`)",
});

/**
 * The resource's own inputs or state: without Pulumi's serialized provider, the list of declared
 * fields, the server and `adopt`.
 */
export function withoutBookkeeping(props: Record<string, unknown>): Record<string, unknown> {
  const {
    [PROVIDER_KEY]: _provider,
    [DECLARED_KEY]: _declared,
    [ADOPT_KEY]: _adopt,
    [SERVER_KEY]: _server,
    ...rest
  } = props;
  return rest;
}
