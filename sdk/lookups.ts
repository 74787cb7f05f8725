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
  return client().streams.get(args);
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
