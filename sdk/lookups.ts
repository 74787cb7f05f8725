import * as pulumi from "@pulumi/pulumi";
import type { AirbyteClient } from "../provider/api/client.js";
import type { ConnectorDefinition, StreamProperties, Tag, Workspace } from "../provider/api/index.js";
import type { ConnectorKind } from "../provider/definitions.js";
import * as lookups from "../provider/lookups.js";
import { configureFrom, getClient } from "../provider/settings.js";
import type { InputsOf } from "./inputs.js";

/**
 * Look-ups run in the Pulumi program itself, with the same credentials as the resources
 * (`airbyte:*` stack config, else the `AIRBYTE_*` environment) and through the same client.
 */
function client(): AirbyteClient {
  const config = new pulumi.Config("airbyte");
  configureFrom({ get: (key) => config.get(key.replace(/^airbyte:/, "")) });
  return getClient();
}

/**
 * The `…Output` form of a look-up, as Pulumi SDKs pair them: the same look-up for args that are
 * Pulumi inputs; it runs once they are known.
 */
function outputForm<A extends object, R>(
  lookup: (args: A) => Promise<R>,
): (args: InputsOf<A>) => pulumi.Output<R> {
  return (args) => pulumi.output(args).apply((known) => lookup(known as A));
}

/** Arguments of {@link getStreams}. */
export interface GetStreamsArgs {
  /** The source whose streams to list. */
  sourceId: string;
  /** With a destination, each stream's `syncModes` lists the modes valid for the pair. */
  destinationId?: string;
  /** Discover again instead of using Airbyte's cached catalog. */
  ignoreCache?: boolean;
}

/**
 * The streams a source offers (name, namespace, sync modes, cursor and primary key defaults,
 * fields), to build a connection's `streams`.
 *
 * @example
 * ```ts
 * const streams = airbyte.getStreamsOutput({ sourceId: src.sourceId, destinationId: dst.destinationId });
 * new airbyte.Connection("c", { sourceId: src.sourceId, destinationId: dst.destinationId,
 *   streams: streams.apply((s) => s.map((p) => ({ name: p.streamName, syncMode: "full_refresh_overwrite" }))) });
 * ```
 */
export async function getStreams(args: GetStreamsArgs): Promise<StreamProperties[]> {
  return (await lookups.getStreams.run(client(), args)).streams;
}

/** {@link getStreams} for args that are Pulumi inputs (an output of another resource, unknown during preview). */
export const getStreamsOutput = outputForm(getStreams);

/** Arguments of {@link getWorkspace}. */
export interface GetWorkspaceArgs {
  /** The workspace's name; exactly one workspace the credentials can see must have it. */
  name: string;
}

/** A workspace found by name (exactly one must match). */
export async function getWorkspace(args: GetWorkspaceArgs): Promise<Workspace> {
  return lookups.getWorkspace.run(client(), args);
}

/** {@link getWorkspace} for args that are Pulumi inputs. */
export const getWorkspaceOutput = outputForm(getWorkspace);

/** Arguments of {@link getTag}. */
export interface GetTagArgs {
  /** The workspace the tag belongs to. */
  workspaceId: string;
  /** The tag's name. */
  name: string;
}

/** A tag of a workspace found by name. */
export async function getTag(args: GetTagArgs): Promise<Tag> {
  return lookups.getTag.run(client(), args);
}

/** {@link getTag} for args that are Pulumi inputs. */
export const getTagOutput = outputForm(getTag);

/** Arguments of {@link getConnectorDefinition}. */
export interface GetConnectorDefinitionArgs {
  /** `source` or `destination`. */
  type: ConnectorKind;
  /** The display name or a word of it, any case (e.g. "postgres"). */
  name: string;
  /** A workspace, to see its custom connectors too. */
  workspaceId?: string;
}

/**
 * A connector definition found by name, as `Source`/`Destination` resolve `definition`: the
 * display name or a word of it, any case.
 */
export async function getConnectorDefinition(args: GetConnectorDefinitionArgs): Promise<ConnectorDefinition> {
  return lookups.getConnectorDefinition.run(client(), args);
}

/** {@link getConnectorDefinition} for args that are Pulumi inputs. */
export const getConnectorDefinitionOutput = outputForm(getConnectorDefinition);

/** Arguments of {@link getUser}. */
export interface GetUserArgs {
  /** The user's e-mail address (any case). */
  email: string;
  /** The organization to look in; by default every organization the credentials belong to. */
  organizationId?: string;
}

/** What {@link getUser} finds: plain fields, so `getUserOutput(...).id` is an `Output<string>`. */
export interface GetUserResult {
  /** The user's UUID, for a `Permission`'s `userId` or a `Group`'s `members`. */
  readonly id: string;
  /** The user's name. */
  readonly name: string;
  /** The user's e-mail address as Airbyte holds it. */
  readonly email: string;
}

/**
 * A user found by e-mail, so that a program grants roles by address and never holds a user's UUID.
 * Listing an organization's users takes organization admin.
 *
 * @example
 * ```ts
 * const ana = airbyte.getUserOutput({ email: "ana@acme.com" });
 * new airbyte.Permission("ana", { userId: ana.id, permissionType: "workspace_editor", workspaceId: ws.workspaceId });
 * ```
 */
export async function getUser(args: GetUserArgs): Promise<GetUserResult> {
  return lookups.getUser.run(client(), args);
}

/** {@link getUser} for args that are Pulumi inputs. */
export const getUserOutput = outputForm(getUser);
