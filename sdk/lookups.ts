import * as pulumi from "@pulumi/pulumi";
import type { AirbyteClient } from "../provider/api/client.js";
import type { ConnectorDefinition, StreamProperties, Tag, Workspace } from "../provider/api/schemas.js";
import { type ConnectorKind, matchDefinition } from "../provider/definitions.js";
import { configureFrom, getClient } from "../provider/settings.js";

/**
 * Look-ups run in the Pulumi program itself, with the same credentials as the resources
 * (`airbyte:*` stack config, else the `AIRBYTE_*` environment) and through the same client.
 */
function client(): AirbyteClient {
  const config = new pulumi.Config("airbyte");
  configureFrom({ get: (key) => config.get(key.replace(/^airbyte:/, "")) });
  return getClient();
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

/** {@link getStreams} for inputs that are Pulumi outputs (unknown during preview). */
export function getStreamsOutput(args: {
  sourceId: pulumi.Input<string>;
  destinationId?: pulumi.Input<string>;
  ignoreCache?: pulumi.Input<boolean>;
}): pulumi.Output<StreamProperties[]> {
  return pulumi.output(args).apply((a) => getStreams(a as GetStreamsArgs));
}

/** A workspace found by name (exactly one must match). */
export async function getWorkspace(args: { name: string }): Promise<Workspace> {
  const found: Workspace[] = [];
  for await (const ws of client().workspaces.list({ limit: 100 })) if (ws.name === args.name) found.push(ws);
  if (found.length !== 1 || found[0] === undefined) {
    throw new Error(`getWorkspace: ${found.length} workspaces are named "${args.name}"; exactly one must be`);
  }
  return found[0];
}

/** A tag of a workspace found by name. */
export async function getTag(args: { workspaceId: string; name: string }): Promise<Tag> {
  const tags = await client().tags.list({ workspaceIds: [args.workspaceId] });
  const tag = tags.find((t) => t.name === args.name);
  if (tag === undefined) throw new Error(`getTag: workspace ${args.workspaceId} has no tag "${args.name}"`);
  return tag;
}

/**
 * A connector definition found by name, as `Source`/`Destination` resolve `definition`: the
 * display name or a word of it, any case.
 */
export async function getConnectorDefinition(args: {
  type: ConnectorKind;
  name: string;
  workspaceId?: string;
}): Promise<ConnectorDefinition> {
  const definitions = await client().connectorDefinitions.list({
    type: args.type,
    ...(args.workspaceId !== undefined && { workspaceId: args.workspaceId }),
  });
  const match = matchDefinition(args.name, args.type, definitions);
  if (!match.ok) throw new Error(`getConnectorDefinition: ${match.reason}`);
  return match.definition;
}
