/**
 * The look-ups, once for both faces: the SDK calls them in the program (`sdk/lookups.ts`), the
 * native plugin answers `Invoke` with them. Each declares the schema of its arguments and of its
 * result, from which the plugin's schema is generated.
 */
import { z } from "zod";
import type { AirbyteClient } from "./api/client.js";
import { ConnectorDefinitionSchema } from "./api/connector-definitions.js";
import { StreamPropertiesSchema } from "./api/streams.js";
import { TagSchema } from "./api/tags.js";
import { WorkspaceSchema } from "./api/workspaces.js";
import { matchDefinition } from "./definitions.js";

/** One look-up: its name, what it takes and gives, and how it runs. */
export interface Lookup<A extends z.ZodType, R extends z.ZodType> {
  /** The function's name in every SDK, e.g. `getStreams`. */
  readonly name: string;
  /** What it is for, in a sentence (the SDKs' documentation). */
  readonly description: string;
  /** Its arguments. */
  readonly args: A;
  /** What it answers. */
  readonly result: R;
  /** Runs it. */
  run(client: AirbyteClient, args: z.infer<A>): Promise<z.infer<R>>;
}

const lookup = <A extends z.ZodType, R extends z.ZodType>(l: Lookup<A, R>): Lookup<A, R> => l;

/** Arguments of {@link getStreams}. */
export const GetStreamsArgsSchema = z.strictObject({
  sourceId: z.string().describe("The source whose streams to list."),
  destinationId: z
    .string()
    .optional()
    .describe("With a destination, each stream's `syncModes` lists the modes valid for the pair."),
  ignoreCache: z.boolean().optional().describe("Discover again instead of using Airbyte's cached catalog."),
});

/**
 * The streams a source offers (name, namespace, sync modes, cursor and primary key defaults,
 * fields), to build a connection's `streams`.
 */
export const getStreams = lookup({
  name: "getStreams",
  description:
    "The streams a source offers (name, namespace, sync modes, cursor and primary key defaults, fields), to build a connection's streams.",
  args: GetStreamsArgsSchema,
  result: z.strictObject({ streams: z.array(StreamPropertiesSchema) }),
  run: async (client, args) => ({ streams: await client.streams.list(args) }),
});

/** A workspace found by name (exactly one must match). */
export const getWorkspace = lookup({
  name: "getWorkspace",
  description: "A workspace found by name; exactly one workspace the credentials can see must have it.",
  args: z.strictObject({ name: z.string().describe("The workspace's name.") }),
  result: WorkspaceSchema,
  async run(client, args) {
    const found: z.infer<typeof WorkspaceSchema>[] = [];
    for await (const ws of client.workspaces.list({ limit: 100 })) if (ws.name === args.name) found.push(ws);
    if (found.length !== 1 || found[0] === undefined) {
      throw new Error(
        `getWorkspace: ${found.length} workspaces are named "${args.name}"; exactly one must be`,
      );
    }
    return found[0];
  },
});

/** A tag of a workspace found by name. */
export const getTag = lookup({
  name: "getTag",
  description: "A tag of a workspace found by name.",
  args: z.strictObject({
    workspaceId: z.string().describe("The workspace the tag belongs to."),
    name: z.string().describe("The tag's name."),
  }),
  result: TagSchema,
  async run(client, args) {
    const tags = await client.tags.list({ workspaceIds: [args.workspaceId] });
    const tag = tags.find((t) => t.name === args.name);
    if (tag === undefined) throw new Error(`getTag: workspace ${args.workspaceId} has no tag "${args.name}"`);
    return tag;
  },
});

/** A connector definition found by name, as `Source`/`Destination` resolve `definition`. */
export const getConnectorDefinition = lookup({
  name: "getConnectorDefinition",
  description:
    "A connector definition found by name, as Source and Destination resolve definition: the display name or a word of it, any case.",
  args: z.strictObject({
    type: z.enum(["source", "destination"]).describe("`source` or `destination`."),
    name: z.string().describe('The display name or a word of it, any case (e.g. "postgres").'),
    workspaceId: z.string().optional().describe("A workspace, to see its custom connectors too."),
  }),
  result: ConnectorDefinitionSchema,
  async run(client, args) {
    const definitions = await client.connectorDefinitions.list({
      type: args.type,
      ...(args.workspaceId !== undefined && { workspaceId: args.workspaceId }),
    });
    const match = matchDefinition(args.name, args.type, definitions);
    if (!match.ok) throw new Error(`getConnectorDefinition: ${match.reason}`);
    return match.definition;
  },
});

/** What {@link getUser} finds. */
export const UserResultSchema = z.strictObject({
  id: z.string().describe("The user's UUID, for a Permission's userId or a Group's members."),
  name: z.string().describe("The user's name."),
  email: z.string().describe("The user's e-mail address as Airbyte holds it."),
});

/** A user found by e-mail, so that a program grants roles by address and never holds a user's UUID. */
export const getUser = lookup({
  name: "getUser",
  description:
    "A user found by e-mail, so that a program grants roles by address. Listing an organization's users takes organization admin.",
  args: z.strictObject({
    email: z.string().describe("The user's e-mail address (any case)."),
    organizationId: z
      .string()
      .optional()
      .describe("The organization to look in; by default every organization the credentials belong to."),
  }),
  result: UserResultSchema,
  async run(client, args) {
    const organizations =
      args.organizationId !== undefined
        ? [args.organizationId]
        : (await client.organizations.list()).map((o) => o.organizationId);
    const wanted = args.email.trim().toLowerCase();
    const found = new Map<string, z.infer<typeof UserResultSchema>>();
    for (const organizationId of organizations) {
      for (const user of await client.users.list({ organizationId, emails: [args.email.trim()] })) {
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
  },
});

/** A look-up with its types left open. */
export interface AnyLookup {
  readonly name: string;
  readonly description: string;
  readonly args: z.ZodType;
  readonly result: z.ZodType;
  run(client: AirbyteClient, args: never): Promise<unknown>;
}

/** Every look-up, by name. */
export const LOOKUPS: readonly AnyLookup[] = [
  getStreams,
  getWorkspace,
  getTag,
  getConnectorDefinition,
  getUser,
];
