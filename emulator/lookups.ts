/**
 * Finding stored records by id, as every route needs them, with the server's 404s: one module so
 * route files never import each other. "Live" look-ups refuse what was soft-deleted; the others
 * still resolve it, as the server does for a GET by id.
 */

import { ACTOR_KINDS, type ActorKind } from "./connectors/kinds.js";
import type { DestinationSyncMode, DiscoveredStream } from "./connectors/types.js";
import type { ConnectorDefinition } from "./connectors.js";
import { notFound } from "./problems.js";
import type { App } from "./route-contract.js";
import { applyDrift } from "./schema-diff.js";
import type {
  ActorRecord,
  ConnectionRecord,
  CustomDefinitionRecord,
  JobRecord,
  State,
  TagRecord,
  WorkspaceRecord,
} from "./store.js";

/** A live (not deleted) workspace or 404. */
export function liveWorkspace(state: State, id: string): WorkspaceRecord {
  const w = state.workspaces[id];
  if (!w || w.tombstone) throw notFound("workspace", id);
  return w;
}

/** An actor by id, tombstoned ones included (the server still resolves them), or 404. */
export function getActor(state: State, kind: ActorKind, id: string): ActorRecord {
  const a = state[ACTOR_KINDS[kind].plural][id];
  if (!a) throw notFound(kind, id);
  return a;
}

/** An actor that has not been deleted, or 404. */
export function liveActor(state: State, kind: ActorKind, id: string): ActorRecord {
  const a = getActor(state, kind, id);
  if (a.tombstone) throw notFound(kind, id);
  return a;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * A workspace's custom definition as the connector registry serves it: a declarative manifest's
 * `spec.connection_specification` and stream names, or (a docker image) any configuration object.
 */
export function customConnector(d: CustomDefinitionRecord): ConnectorDefinition {
  const spec = isObject(d.manifest?.spec) ? d.manifest.spec.connection_specification : undefined;
  const streams = Array.isArray(d.manifest?.streams) ? d.manifest.streams : [];
  return {
    kind: d.kind,
    id: d.id,
    slug: "",
    name: d.name,
    version: d.manifest ? String(d.version ?? 1) : d.dockerImageTag,
    custom: {
      schema: isObject(spec) ? spec : { type: "object" },
      streams: streams.flatMap((x) => (isObject(x) && typeof x.name === "string" ? [x.name] : [])),
    },
  };
}

/**
 * A definition an actor of the workspace may use: a public one (built-in or in the server's
 * tables), or one of the workspace's own custom definitions (deleted ones only when `withDeleted`,
 * for actors created before the deletion).
 */
export function findDefinition(
  app: App,
  kind: ActorKind,
  id: string,
  workspaceId: string,
  withDeleted = false,
): ConnectorDefinition | undefined {
  const pub = app.connectors.byId(kind, id);
  if (pub) return pub;
  const d = app.store.state.definitions[id.toLowerCase()];
  if (!d || d.kind !== kind || d.workspaceId !== workspaceId || (d.tombstone && !withDeleted))
    return undefined;
  return customConnector(d);
}

/** The connector definition of a stored actor. */
export function definitionOf(app: App, a: ActorRecord): ConnectorDefinition {
  const def = findDefinition(app, a.kind, a.definitionId, a.workspaceId, true);
  if (!def) throw new Error(`definition ${a.definitionId} of ${a.kind} ${a.id} vanished`);
  return def;
}

/** The workspace of an actor, connection, job or tag, as role checks resolve an id; undefined when unknown. */
export function workspaceOf(
  state: State,
  kind: "source" | "destination" | "connection" | "job" | "tag",
  id: string,
): string | undefined {
  switch (kind) {
    case "source":
      return state.sources[id]?.workspaceId;
    case "destination":
      return state.destinations[id]?.workspaceId;
    case "connection":
      return state.connections[id]?.workspaceId;
    case "job":
      return /^\d+$/.test(id) ? state.jobs[String(Number(id))]?.workspaceId : undefined;
    case "tag":
      return state.tags[id]?.workspaceId;
  }
}

/** The catalog a discover of a stored source returns, the schema changes made to it applied. */
export function catalogOf(app: App, source: ActorRecord): DiscoveredStream[] {
  const discovered = app.connectors.discover(definitionOf(app, source), source.configuration);
  return applyDrift(discovered, app.store.state.schemaDrift[source.id]);
}

/** The destination sync modes a stored destination supports. */
export function syncModesOf(app: App, destination: ActorRecord): DestinationSyncMode[] {
  return app.connectors.destinationSyncModes(definitionOf(app, destination));
}

/** A connection (deprecated ones included) or 404. */
export function getConnection(state: State, id: string): ConnectionRecord {
  const c = state.connections[id];
  if (!c) throw notFound("connection", id);
  return c;
}

/** A tag or 404 (tags are deleted for good, not tombstoned). */
export function getTag(state: State, id: string): TagRecord {
  const t = state.tags[id];
  if (!t) throw notFound("tag", id);
  return t;
}

/**
 * A job by its id as the path spells it, brought up to date with the clock (timers may fire late),
 * or 404. Job ids are integers: any other spelling (`abc`, `1.0`) finds nothing; `007` finds job 7.
 */
export function getJob(app: App, id: string): JobRecord {
  const job = /^\d+$/.test(id) ? app.store.state.jobs[String(Number(id))] : undefined;
  if (!job) throw notFound("job", id);
  return app.jobs.settle(job);
}
