/**
 * The declarative model of a workspace's pipelines: what `pulumi-airbyte export` reads from a live
 * workspace, and what both of its outputs are written from (a TypeScript Pulumi program, or a
 * YAML spec). Objects refer to each other by resource name, never by id, so the same model
 * describes the workspace it was read from and an equal copy elsewhere.
 */
import type { AirbyteClient } from "../provider/api/client.js";
import type { Connection, ConnectorDefinition, Destination, Source, Tag } from "../provider/api/index.js";
import { maskedPaths } from "../provider/configuration.js";
import { normalizeCron } from "../provider/cron.js";

/** A secret field of a connector configuration, to be given as a stack config secret. */
export interface SecretField {
  /** The dotted path of the field in the configuration, e.g. `tunnel_method.tunnel_user_password`. */
  readonly path: string;
  /** The stack config key that holds it, e.g. `warehouse_password`. */
  readonly configKey: string;
}

/** A source or destination. */
export interface ConnectorModel {
  readonly resourceName: string;
  readonly id: string;
  readonly name: string;
  readonly definitionId: string;
  /** The connector's name as Airbyte lists it (for readers; the program pins `definitionId`). */
  readonly connectorName: string;
  /** The configuration, secrets still masked: each masked field is in {@link secrets}. */
  readonly configuration: Record<string, unknown>;
  readonly secrets: readonly SecretField[];
}

/** A tag. */
export interface TagModel {
  readonly resourceName: string;
  readonly id: string;
  readonly name: string;
  readonly color: string;
}

/** One stream of a connection, as a person declares it. */
export interface StreamModel {
  readonly name: string;
  readonly namespace?: string;
  readonly syncMode: string;
  readonly cursorField?: readonly string[];
  readonly primaryKey?: ReadonlyArray<readonly string[]>;
  readonly selectedFields?: ReadonlyArray<{ readonly fieldPath: readonly string[] }>;
}

/** A connection, with its source, destination and tags by resource name. */
export interface ConnectionModel {
  readonly resourceName: string;
  readonly id: string;
  readonly name: string;
  readonly source: string;
  readonly destination: string;
  readonly schedule?: { readonly scheduleType: "cron"; readonly cronExpression: string };
  readonly streams: readonly StreamModel[];
  readonly namespaceDefinition?: string;
  readonly namespaceFormat?: string;
  readonly prefix?: string;
  readonly nonBreakingSchemaUpdatesBehavior?: string;
  readonly status?: string;
  readonly tags: readonly string[];
}

/** A workspace and everything in it. */
export interface WorkspaceModel {
  readonly workspace: { readonly resourceName: string; readonly id: string; readonly name: string };
  readonly sources: readonly ConnectorModel[];
  readonly destinations: readonly ConnectorModel[];
  readonly tags: readonly TagModel[];
  readonly connections: readonly ConnectionModel[];
}

/** Receives a line per step of a long read. */
export type Progress = (line: string) => void;

/**
 * Turns object names into resource names: lower-case words joined by "-", unique within the
 * model, stable for the same names in the same order.
 */
export class Namer {
  private readonly used = new Set<string>();

  /** A unique resource name for an object called `name`. */
  take(name: string, fallback: string): string {
    const base =
      name
        .normalize("NFKD")
        .replace(/[^\w\s-]/g, " ")
        .toLowerCase()
        .trim()
        .split(/[\s_-]+/)
        .filter((w) => w !== "")
        .join("-") || fallback;
    let candidate = base;
    for (let n = 2; this.used.has(candidate); n++) candidate = `${base}-${n}`;
    this.used.add(candidate);
    return candidate;
  }
}

function stripType(configuration: Record<string, unknown>): Record<string, unknown> {
  const { sourceType: _s, destinationType: _d, ...rest } = configuration;
  return rest;
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** Finds a workspace by id, or by name among those the credentials can see (exactly one must match). */
async function findWorkspace(client: AirbyteClient, ref: string) {
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(ref)) {
    return client.workspaces.get(ref);
  }
  const all = await collect(client.workspaces.list({ limit: 100 }));
  const matches = all.filter((w) => w.name === ref);
  if (matches.length !== 1 || matches[0] === undefined) {
    throw new Error(
      `--workspace "${ref}": ${matches.length} workspaces have that name; give the workspace's id instead (${all
        .slice(0, 10)
        .map((w) => `${w.name} = ${w.workspaceId}`)
        .join(", ")})`,
    );
  }
  return matches[0];
}

function streamOf(s: NonNullable<NonNullable<Connection["configurations"]>["streams"]>[number]): StreamModel {
  const mode = s.syncMode ?? "full_refresh_overwrite";
  const usesCursor = mode.startsWith("incremental");
  const usesKey = /deduped|update|soft_delete/.test(mode);
  return {
    name: s.name,
    ...(s.namespace != null && s.namespace !== "" && { namespace: s.namespace }),
    syncMode: mode,
    ...(usesCursor &&
      s.cursorField !== undefined &&
      s.cursorField.length > 0 && { cursorField: s.cursorField }),
    ...(usesKey && s.primaryKey !== undefined && s.primaryKey.length > 0 && { primaryKey: s.primaryKey }),
    ...(s.selectedFields !== undefined &&
      s.selectedFields.length > 0 && { selectedFields: s.selectedFields }),
  };
}

/**
 * Reads a workspace through the API into the model: the workspace, then its sources,
 * destinations, tags and connections, each list read page by page (lists carry whole objects, so
 * no object is fetched on its own), plus the two connector-definition lists for readable names.
 */
export async function readWorkspace(
  client: AirbyteClient,
  ref: string,
  progress: Progress = () => undefined,
): Promise<WorkspaceModel> {
  const ws = await findWorkspace(client, ref);
  progress(`workspace "${ws.name}" (${ws.workspaceId})`);
  const ids = { workspaceIds: [ws.workspaceId] };
  const sources = await collect<Source>(client.sources.list({ ...ids, limit: 100 }));
  progress(`${sources.length} sources`);
  const destinations = await collect<Destination>(client.destinations.list({ ...ids, limit: 100 }));
  progress(`${destinations.length} destinations`);
  const tags: Tag[] = await client.tags.list(ids);
  progress(`${tags.length} tags`);
  const connections: Connection[] = [];
  for await (const c of client.connections.list({ ...ids, limit: 100 })) {
    connections.push(c);
    if (connections.length % 100 === 0) progress(`${connections.length} connections…`);
  }
  const live = connections.filter((c) => c.status !== "deprecated");
  progress(`${live.length} connections`);
  const definitions = new Map<string, ConnectorDefinition>();
  for (const type of ["source", "destination"] as const) {
    for (const d of await client.connectorDefinitions.list({ type, workspaceId: ws.workspaceId })) {
      definitions.set(d.id, d);
    }
  }

  const namer = new Namer();
  const workspace = { resourceName: namer.take(ws.name, "workspace"), id: ws.workspaceId, name: ws.name };
  const connector = (o: Source | Destination, id: string, fallback: string): ConnectorModel => {
    const resourceName = namer.take(o.name, fallback);
    const configuration = stripType(o.configuration ?? {});
    return {
      resourceName,
      id,
      name: o.name,
      definitionId: o.definitionId,
      connectorName: definitions.get(o.definitionId)?.name ?? o.definitionId,
      configuration,
      secrets: maskedPaths(configuration).map((path) => ({
        path,
        configKey: `${resourceName}_${path}`.replace(/[^A-Za-z0-9_]+/g, "_"),
      })),
    };
  };
  const sourceModels = sources.map((s) => connector(s, s.sourceId, "source"));
  const destinationModels = destinations.map((d) => connector(d, d.destinationId, "destination"));
  const tagModels = tags.map((t) => ({
    resourceName: namer.take(`${t.name} tag`, "tag"),
    id: t.tagId,
    name: t.name,
    color: t.color.toUpperCase(),
  }));
  const nameOf = (id: string, list: ReadonlyArray<{ id: string; resourceName: string }>, what: string) => {
    const found = list.find((x) => x.id === id);
    if (found === undefined)
      throw new Error(`a connection refers to ${what} ${id}, which the workspace does not list`);
    return found.resourceName;
  };
  const connectionModels: ConnectionModel[] = live.map((c) => ({
    resourceName: namer.take(c.name, "connection"),
    id: c.connectionId,
    name: c.name,
    source: nameOf(c.sourceId, sourceModels, "source"),
    destination: nameOf(c.destinationId, destinationModels, "destination"),
    ...(c.schedule?.scheduleType === "cron" &&
      c.schedule.cronExpression !== undefined && {
        schedule: { scheduleType: "cron" as const, cronExpression: normalizeCron(c.schedule.cronExpression) },
      }),
    streams: (c.configurations?.streams ?? []).map(streamOf),
    ...(c.namespaceDefinition !== undefined &&
      c.namespaceDefinition !== "destination" && { namespaceDefinition: c.namespaceDefinition }),
    ...(c.namespaceDefinition === "custom_format" &&
      c.namespaceFormat != null && { namespaceFormat: c.namespaceFormat }),
    ...(c.prefix !== undefined && c.prefix !== null && c.prefix !== "" && { prefix: c.prefix }),
    ...(c.nonBreakingSchemaUpdatesBehavior !== undefined &&
      c.nonBreakingSchemaUpdatesBehavior !== "ignore" && {
        nonBreakingSchemaUpdatesBehavior: c.nonBreakingSchemaUpdatesBehavior,
      }),
    ...(c.status !== undefined && c.status !== "active" && { status: c.status }),
    tags: (c.tags ?? []).map((t) => nameOf(t.tagId, tagModels, "tag")),
  }));
  return {
    workspace,
    sources: sourceModels,
    destinations: destinationModels,
    tags: tagModels,
    connections: connectionModels,
  };
}
