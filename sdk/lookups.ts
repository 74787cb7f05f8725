import * as pulumi from "@pulumi/pulumi";
import type { AirbyteClient } from "../provider/api/client.js";
import type { ConnectorDefinition, StreamProperties, Tag, Workspace } from "../provider/api/index.js";
import { type ConnectorKind, matchDefinition } from "../provider/definitions.js";
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
  return client().streams.list(args);
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
  const found: Workspace[] = [];
  for await (const ws of client().workspaces.list({ limit: 100 })) if (ws.name === args.name) found.push(ws);
  if (found.length !== 1 || found[0] === undefined) {
    throw new Error(`getWorkspace: ${found.length} workspaces are named "${args.name}"; exactly one must be`);
  }
  return found[0];
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
  const tags = await client().tags.list({ workspaceIds: [args.workspaceId] });
  const tag = tags.find((t) => t.name === args.name);
  if (tag === undefined) throw new Error(`getTag: workspace ${args.workspaceId} has no tag "${args.name}"`);
  return tag;
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
  const definitions = await client().connectorDefinitions.list({
    type: args.type,
    ...(args.workspaceId !== undefined && { workspaceId: args.workspaceId }),
  });
  const match = matchDefinition(args.name, args.type, definitions);
  if (!match.ok) throw new Error(`getConnectorDefinition: ${match.reason}`);
  return match.definition;
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
  const api = client();
  const organizations =
    args.organizationId !== undefined
      ? [args.organizationId]
      : (await api.organizations.list()).map((o) => o.organizationId);
  const wanted = args.email.trim().toLowerCase();
  const found = new Map<string, GetUserResult>();
  for (const organizationId of organizations) {
    for (const user of await api.users.list({ organizationId, emails: [args.email.trim()] })) {
      if (user.email.toLowerCase() === wanted)
        found.set(user.id, { id: user.id, name: user.name, email: user.email });
    }
  }
  const [first, ...more] = found.values();
  const where =
    args.organizationId !== undefined
      ? `organization ${args.organizationId}`
      : `the ${organizations.length} organization(s) these credentials belong to`;
  if (first === undefined) {
    throw new Error(
      `getUser: no user with e-mail "${args.email}" in ${where}; invite them to the organization first`,
    );
  }
  if (more.length > 0) {
    throw new Error(
      `getUser: ${found.size} users have e-mail "${args.email}" in ${where}; give organizationId to choose one`,
    );
  }
  return first;
}

/** {@link getUser} for args that are Pulumi inputs. */
export const getUserOutput = outputForm(getUser);
