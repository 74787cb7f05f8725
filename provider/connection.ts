import { z } from "zod";
import type { AirbyteClient } from "./api/client.js";
import { ignoreNotFound } from "./api/errors.js";
import type { Connection as ApiConnection, StreamProperties, Tag } from "./api/index.js";
import type { CheckFailure, KindSpec, PagedListing } from "./framework/contract.js";
import { listedOncePerRun } from "./framework/create-once.js";
import { defineProvider } from "./framework/dynamic.js";
import { listingOf, madeHere, writesTo } from "./framework/read-pages.js";
import { containsUnknown, UNKNOWN } from "./framework/values.js";
import { log } from "./logger.js";
import { fromApiSchedule, normalizeSchedule, ScheduleSchema, toApiSchedule } from "./schedule.js";
import {
  normalizeStreams,
  projectStreams,
  type StreamInputs,
  StreamSchema,
  streamsCheck,
} from "./streams.js";
import { tagObject } from "./tag.js";

const NAMESPACE_DEFINITIONS = ["source", "destination", "custom_format"] as const;
const SCHEMA_UPDATE_BEHAVIOURS = [
  "ignore",
  "disable_connection",
  "propagate_columns",
  "propagate_fully",
] as const;

/** The schema `check` applies to a Connection's inputs. */
export const ConnectionInputsSchema = z.strictObject({
  sourceId: z.uuid({ error: "sourceId must be the UUID of a source (e.g. source.sourceId)" }),
  destinationId: z.uuid({
    error: "destinationId must be the UUID of a destination (e.g. destination.destinationId)",
  }),
  name: z.string().min(1, { error: "name must not be empty; leave it out for Airbyte's default" }).optional(),
  schedule: ScheduleSchema.optional(),
  streams: z.array(StreamSchema).optional(),
  namespaceDefinition: z
    .enum(NAMESPACE_DEFINITIONS, {
      error: `namespaceDefinition must be one of ${NAMESPACE_DEFINITIONS.join(", ")}`,
    })
    .optional(),
  namespaceFormat: z.string().optional(),
  prefix: z.string().optional(),
  nonBreakingSchemaUpdatesBehavior: z
    .enum(SCHEMA_UPDATE_BEHAVIOURS, {
      error: `nonBreakingSchemaUpdatesBehavior must be one of ${SCHEMA_UPDATE_BEHAVIOURS.join(", ")}`,
    })
    .optional(),
  status: z.enum(["active", "inactive"], { error: 'status must be "active" or "inactive"' }).optional(),
  tags: z.array(z.uuid({ error: "tags holds tag ids (e.g. tag.tagId)" })).optional(),
});

/** Inputs of a Connection. */
export type ConnectionInputs = z.infer<typeof ConnectionInputsSchema>;

/** State of a Connection: inputs as applied (name as Airbyte chose it) plus computed fields. */
export type ConnectionState = ConnectionInputs & z.infer<typeof ConnectionComputedSchema>;

/** What Airbyte computes for a Connection (and its name, when none is declared). */
export const ConnectionComputedSchema = z.object({
  connectionId: z.string().describe("The connection's id."),
  workspaceId: z.string().describe("The workspace of its source and destination."),
  createdAt: z.number().describe("When it was made (epoch seconds)."),
});

/**
 * What Airbyte uses when a field is not given (the defaults of `ConnectionCreateRequest` in the
 * public API's OpenAPI spec): leaving a field out compares equal to
 * its default, and taking a field out of the program sends the default back.
 */
const SERVER_DEFAULTS = {
  namespaceDefinition: "destination",
  prefix: "",
  nonBreakingSchemaUpdatesBehavior: "ignore",
  status: "active",
} as const;

const withDefault =
  (fallback: unknown) =>
  (value: unknown): unknown =>
    value === undefined ? fallback : value;

async function tagObjects(client: AirbyteClient, ids: readonly string[]): Promise<Tag[]> {
  return Promise.all(ids.map((id) => tagObject(client, id)));
}

/**
 * The source's catalog as this destination sees it (`GET /streams`; without a destination, before
 * it exists, the source's alone). On a real Airbyte each ask is a schema discovery, which runs the
 * connector and can take a minute: it is asked once per source and destination pair per run, and
 * again only after this run wrote the source or the destination (its configuration may have
 * changed what it discovers).
 */
function catalogOf(
  client: AirbyteClient,
  sourceId: string,
  destinationId: string | undefined,
): Promise<StreamProperties[]> {
  const key = `streams:${sourceId}@${writesTo(sourceId)}:${destinationId === undefined ? "" : `${destinationId}@${writesTo(destinationId)}`}`;
  return listedOncePerRun(key, () =>
    client.streams.list({ sourceId, ...(destinationId !== undefined && { destinationId }) }),
  );
}

/** All streams of the source selected with the default mode: what "no streams given" means. */
async function allStreams(client: AirbyteClient, inputs: ConnectionInputs): Promise<StreamInputs[]> {
  const props = await catalogOf(client, inputs.sourceId, inputs.destinationId);
  return props.map((p) => ({
    name: p.streamName,
    ...(p.streamnamespace !== undefined && { namespace: p.streamnamespace }),
    syncMode: "full_refresh_overwrite" as const,
  }));
}

/** The declared streams against the source's catalog (one discovery on a real Airbyte). */
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null;

async function checkStreams(
  inputs: Record<string, unknown>,
  client: () => AirbyteClient,
): Promise<CheckFailure[]> {
  const streams = inputs.streams;
  const sourceId = inputs.sourceId;
  if (!Array.isArray(streams) || streams.length === 0) return [];
  if (typeof sourceId !== "string" || sourceId === UNKNOWN) {
    // The source is created by this deployment: its catalog cannot be read before it exists.
    const names = streams.map((s) => (isRecord(s) && typeof s.name === "string" ? s.name : "?"));
    log.warn(
      `connection${typeof inputs.name === "string" && inputs.name !== UNKNOWN ? ` "${inputs.name}"` : ""}: streams ${names.join(", ")} are checked when the source is created (this deployment creates it, and its catalog exists only then): a stream the source lacks fails at up, after the source and destination are made`,
    );
    return [];
  }
  const destinationId =
    typeof inputs.destinationId === "string" && !containsUnknown(inputs.destinationId)
      ? inputs.destinationId
      : undefined;
  if (checkedAtCreate(sourceId, destinationId)) return [];
  return streamsCheck(streams as unknown[], await catalogOf(client(), sourceId, destinationId));
}

/**
 * True when the streams are checked by `create` rather than `check`: the source or the destination
 * was made by this run. The engine runs every resource's `check` one after another (its step
 * generator) and creates side by side, so a discovery in `check` would wait on every other; and a
 * preview, which ran before either existed, could not check these streams anyway.
 */
function checkedAtCreate(sourceId: string, destinationId: string | undefined): boolean {
  return madeHere(sourceId) || (destinationId !== undefined && madeHere(destinationId));
}

/** Declared streams that do not fit the source's catalog, found where `check` could not look. */
export class StreamsCheckError extends Error {
  /** @param failures - Each stream field that does not fit, and the fix. */
  constructor(readonly failures: readonly CheckFailure[]) {
    super(failures.map((f) => `${f.property}: ${f.reason}`).join("; "));
    this.name = "StreamsCheckError";
  }
}

function stateFrom(inputs: ConnectionInputs, live: ApiConnection): ConnectionState {
  return {
    ...inputs,
    name: live.name,
    connectionId: live.connectionId,
    workspaceId: live.workspaceId,
    createdAt: live.createdAt,
  };
}

/**
 * The state of a live connection, read by id or from its workspace's list (both map it with
 * `ConnectionReadMapper`); `undefined` for a deleted one, which Airbyte keeps as "deprecated".
 */
function stateOf(live: ApiConnection, state: ConnectionState): ConnectionState | undefined {
  if (live.status === "deprecated") return undefined;
  const streams = projectStreams(state.streams, live);
  const schedule = fromApiSchedule(live.schedule);
  const next: ConnectionState = {
    ...state,
    sourceId: live.sourceId,
    destinationId: live.destinationId,
    name: live.name,
    workspaceId: live.workspaceId,
    createdAt: live.createdAt,
    tags: (live.tags ?? []).map((t) => t.tagId),
    status: live.status as ConnectionState["status"],
    ...(live.namespaceDefinition !== undefined && {
      namespaceDefinition: live.namespaceDefinition as ConnectionState["namespaceDefinition"],
    }),
    ...(live.nonBreakingSchemaUpdatesBehavior !== undefined && {
      nonBreakingSchemaUpdatesBehavior:
        live.nonBreakingSchemaUpdatesBehavior as ConnectionState["nonBreakingSchemaUpdatesBehavior"],
    }),
    prefix: live.prefix ?? SERVER_DEFAULTS.prefix,
  };
  if (live.namespaceFormat !== undefined || state.namespaceFormat !== undefined)
    next.namespaceFormat = live.namespaceFormat;
  if (schedule !== undefined) next.schedule = schedule;
  if (streams !== undefined) next.streams = streams;
  if (state.tags === undefined && next.tags?.length === 0) delete next.tags;
  return next;
}

/**
 * A workspace's connections: what create-once looks in and refresh reads from. Deleted
 * (deprecated) ones are left out.
 */
function connectionsIn(client: AirbyteClient, workspaceId: string): PagedListing<ApiConnection> {
  return listingOf(`connections:${workspaceId}`, () =>
    client.connections.list({ workspaceIds: [workspaceId] }),
  );
}

/** The Connection's resource spec (exported for tests). */
export const connectionSpec: KindSpec<ConnectionInputs, ConnectionState> = {
  kind: "connection",
  inputs: ConnectionInputsSchema,
  computed: ConnectionComputedSchema,
  fields: {
    sourceId: { replace: true },
    destinationId: { replace: true },
    name: { computedWhenAbsent: true },
    schedule: { normalize: normalizeSchedule },
    streams: { normalize: normalizeStreams },
    namespaceDefinition: { normalize: withDefault(SERVER_DEFAULTS.namespaceDefinition) },
    namespaceFormat: {},
    prefix: { normalize: withDefault(SERVER_DEFAULTS.prefix) },
    nonBreakingSchemaUpdatesBehavior: {
      normalize: withDefault(SERVER_DEFAULTS.nonBreakingSchemaUpdatesBehavior),
    },
    status: { normalize: withDefault(SERVER_DEFAULTS.status) },
    tags: { normalize: (v) => (Array.isArray(v) ? [...new Set(v as string[])].sort() : withDefault([])(v)) },
  },

  checks: { uses: ["sourceId", "destinationId", "streams"], run: checkStreams },

  createOnce: {
    strategy: "creation-time",
    identity: (inputs) => [inputs.sourceId, inputs.destinationId, inputs.name ?? null],
    within: (inputs) => [inputs.sourceId, inputs.destinationId],
    async candidates(client, inputs) {
      const { workspaceId } = await client.sources.get(inputs.sourceId);
      return {
        ...connectionsIn(client, workspaceId),
        id: (c: ApiConnection) => c.connectionId,
        createdAt: (c: ApiConnection) => c.createdAt,
        matches: (c: ApiConnection) =>
          c.sourceId === inputs.sourceId &&
          c.destinationId === inputs.destinationId &&
          c.status !== "deprecated" &&
          (inputs.name === undefined || c.name === inputs.name),
      };
    },
  },

  async create(client, inputs) {
    if (inputs.streams !== undefined && checkedAtCreate(inputs.sourceId, inputs.destinationId)) {
      const catalog = await catalogOf(client, inputs.sourceId, inputs.destinationId);
      const failures = streamsCheck(inputs.streams, catalog);
      if (failures.length > 0) throw new StreamsCheckError(failures);
    }
    const live = await client.connections.create({
      sourceId: inputs.sourceId,
      destinationId: inputs.destinationId,
      ...(inputs.name !== undefined && { name: inputs.name }),
      ...(inputs.schedule !== undefined && { schedule: toApiSchedule(inputs.schedule) }),
      ...(inputs.streams !== undefined && { configurations: { streams: inputs.streams } }),
      ...(inputs.namespaceDefinition !== undefined && { namespaceDefinition: inputs.namespaceDefinition }),
      ...(inputs.namespaceFormat !== undefined && { namespaceFormat: inputs.namespaceFormat }),
      ...(inputs.prefix !== undefined && { prefix: inputs.prefix }),
      ...(inputs.nonBreakingSchemaUpdatesBehavior !== undefined && {
        nonBreakingSchemaUpdatesBehavior: inputs.nonBreakingSchemaUpdatesBehavior,
      }),
      ...(inputs.status !== undefined && { status: inputs.status }),
      ...(inputs.tags !== undefined && { tags: await tagObjects(client, inputs.tags) }),
    });
    return { id: live.connectionId, state: stateFrom(inputs, live) };
  },

  async read(client, id, state) {
    const live = await ignoreNotFound(client.connections.get(id));
    return live === undefined ? undefined : stateOf(live, state);
  },

  pages: {
    listing: (client, state) =>
      typeof state.workspaceId === "string" ? connectionsIn(client, state.workspaceId) : undefined,
    id: (live: ApiConnection) => live.connectionId,
    stateOf: (live: ApiConnection, state) => stateOf(live, state),
  },

  async update(client, id, state, inputs, changed) {
    const body: Record<string, unknown> = {};
    for (const key of changed) {
      switch (key) {
        case "name":
          if (inputs.name !== undefined) body.name = inputs.name;
          break;
        case "schedule":
          body.schedule = toApiSchedule(inputs.schedule ?? { scheduleType: "manual" });
          break;
        case "streams":
          body.configurations = { streams: inputs.streams ?? (await allStreams(client, inputs)) };
          break;
        case "namespaceDefinition":
          body.namespaceDefinition = inputs.namespaceDefinition ?? SERVER_DEFAULTS.namespaceDefinition;
          break;
        case "namespaceFormat":
          body.namespaceFormat = inputs.namespaceFormat ?? null;
          break;
        case "prefix":
          body.prefix = inputs.prefix ?? SERVER_DEFAULTS.prefix;
          break;
        case "nonBreakingSchemaUpdatesBehavior":
          body.nonBreakingSchemaUpdatesBehavior =
            inputs.nonBreakingSchemaUpdatesBehavior ?? SERVER_DEFAULTS.nonBreakingSchemaUpdatesBehavior;
          break;
        case "status":
          body.status = inputs.status ?? SERVER_DEFAULTS.status;
          break;
        case "tags":
          body.tags = await tagObjects(client, inputs.tags ?? []);
          break;
      }
    }
    if (Object.keys(body).length === 0) return { ...state, ...inputs, name: inputs.name ?? state.name };
    const live = await client.connections.update(id, body);
    return stateFrom(inputs, live);
  },

  async delete(client, id) {
    await ignoreNotFound(client.connections.delete(id));
  },
};

/** The dynamic provider behind `Connection`, loaded by the stub in `sdk/stub.ts`. */
export default defineProvider(connectionSpec);
