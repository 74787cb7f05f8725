/** Connections: `/connections`, a source feeding a destination on a schedule, stream by stream. */
import { z } from "zod";
import { PageSchema } from "./pagination.js";
import type { RequestOptions } from "./request-options.js";
import { type ApiResource, type ListParams, listQuery, PATCH_IS_IDEMPOTENT } from "./resource.js";
import { type Tag, TagSchema } from "./tags.js";
import { encodePath } from "./url.js";

/**
 * Every sync mode of the public API (`ConnectionSyncModeEnum`): how a stream is read (full or incremental)
 * and written. The one list of them on the client's side.
 */
export const CONNECTION_SYNC_MODES = [
  "full_refresh_overwrite",
  "full_refresh_overwrite_deduped",
  "full_refresh_append",
  "full_refresh_update",
  "full_refresh_soft_delete",
  "incremental_append",
  "incremental_deduped_history",
  "incremental_update",
  "incremental_soft_delete",
] as const;

/** One of {@link CONNECTION_SYNC_MODES}. */
export type ConnectionSyncMode = (typeof CONNECTION_SYNC_MODES)[number];

/** `ConfiguredStreamMapper`: `type` is hashing, field-renaming, row-filtering, encryption or field-filtering. */
export const StreamMapperSchema = z.looseObject({
  id: z.string().optional(),
  type: z.string(),
  mapperConfiguration: z.record(z.string(), z.unknown()),
});
/** See {@link StreamMapperSchema}. */
export type StreamMapper = z.infer<typeof StreamMapperSchema>;

/**
 * `StreamConfiguration`: one selected stream of a connection. `syncMode` is one of
 * {@link CONNECTION_SYNC_MODES}, or a newer one.
 */
export const StreamConfigurationSchema = z.looseObject({
  name: z.string(),
  namespace: z.string().optional(),
  syncMode: z.string().optional(),
  cursorField: z.array(z.string()).optional(),
  primaryKey: z.array(z.array(z.string())).optional(),
  selectedFields: z.array(z.looseObject({ fieldPath: z.array(z.string()) })).optional(),
  mappers: z.array(StreamMapperSchema).optional(),
  includeFiles: z.boolean().optional(),
  destinationObjectName: z.string().optional(),
});
/** See {@link StreamConfigurationSchema}. */
export type StreamConfiguration = z.infer<typeof StreamConfigurationSchema>;

/**
 * `ConnectionScheduleResponse`: `scheduleType` is `manual`, `cron` or `basic` (UI-made). A cron comes back
 * with a `" UTC"` suffix.
 */
export const ConnectionScheduleSchema = z.looseObject({
  scheduleType: z.string(),
  cronExpression: z.string().optional(),
  basicTiming: z.string().optional(),
});
/** See {@link ConnectionScheduleSchema}. */
export type ConnectionSchedule = z.infer<typeof ConnectionScheduleSchema>;

/**
 * `ConnectionResponse`. `status` is active, inactive, deprecated (deleted) or locked; `namespaceDefinition`
 * source, destination or custom_format; `nonBreakingSchemaUpdatesBehavior` ignore, disable_connection,
 * propagate_columns or propagate_fully.
 */
export const ConnectionSchema = z.looseObject({
  connectionId: z.string(),
  name: z.string(),
  sourceId: z.string(),
  destinationId: z.string(),
  workspaceId: z.string(),
  status: z.string(),
  schedule: ConnectionScheduleSchema,
  dataResidency: z.string().optional(),
  nonBreakingSchemaUpdatesBehavior: z.string().optional(),
  namespaceDefinition: z.string().optional(),
  namespaceFormat: z.string().optional(),
  prefix: z.string().optional(),
  configurations: z.looseObject({ streams: z.array(StreamConfigurationSchema).optional() }),
  /** Epoch seconds. */
  createdAt: z.number(),
  tags: z.array(TagSchema).optional(),
  statusReason: z.string().optional(),
});
/** See {@link ConnectionSchema}. */
export type Connection = z.infer<typeof ConnectionSchema>;

/** A `StreamConfiguration` in a request. */
export interface StreamConfigurationRequest {
  /** Stream name. */
  name: string;
  /** Only needed to tell apart streams of the same name. */
  namespace?: string;
  /** Sync mode; the server defaults to `full_refresh_overwrite`. */
  syncMode?: ConnectionSyncMode | (string & {});
  /** Cursor field path (incremental modes). */
  cursorField?: string[];
  /** Primary key paths (dedup modes). */
  primaryKey?: string[][];
  /** Top-level fields to sync; all when omitted. */
  selectedFields?: { fieldPath: string[] }[];
  /** Mappers applied before writing. */
  mappers?: { id?: string; type: string; mapperConfiguration: Record<string, unknown> }[];
  /** Move raw files too. */
  includeFiles?: boolean;
  /** Destination object name (data-activation destinations). */
  destinationObjectName?: string;
}

/** `AirbyteApiConnectionSchedule`: a cron is Quartz syntax (`0 0 12 * * ?`). */
export interface ConnectionScheduleRequest {
  /** `manual` or `cron`. */
  scheduleType: "manual" | "cron";
  /** Required for `cron`. */
  cronExpression?: string;
}

/** `POST /connections` body. */
export interface ConnectionCreateRequest {
  /** Source (immutable). */
  sourceId: string;
  /** Destination (immutable). */
  destinationId: string;
  /** Name; defaults to `"<source> <> <destination>"`. */
  name?: string;
  /** Selected streams; absent or empty selects every stream with full_refresh_overwrite. */
  configurations?: { streams?: StreamConfigurationRequest[] };
  /** Schedule; manual when omitted. */
  schedule?: ConnectionScheduleRequest;
  /** Default `destination`. */
  namespaceDefinition?: "source" | "destination" | "custom_format";
  /** Used with `custom_format`, e.g. `${SOURCE_NAMESPACE}`. */
  namespaceFormat?: string | null;
  /** Stream name prefix; default `""`. */
  prefix?: string;
  /** Default `ignore`. */
  nonBreakingSchemaUpdatesBehavior?:
    | "ignore"
    | "disable_connection"
    | "propagate_columns"
    | "propagate_fully";
  /** Default `active`. */
  status?: "active" | "inactive" | "deprecated" | "locked";
  /** Full tag objects. */
  tags?: Tag[];
}

/** `PATCH /connections/{id}` body; streams given replace the whole selection. */
export type ConnectionUpdateRequest = Partial<Omit<ConnectionCreateRequest, "sourceId" | "destinationId">>;

/** Filters of {@link ConnectionsApi.list}. */
export interface ConnectionListParams extends ListParams {
  /** Only connections with one of these tags. */
  tagIds?: readonly string[];
}

const ConnectionPage = PageSchema(ConnectionSchema);

/** Connection endpoints (no PUT): `client.connections`. */
export class ConnectionsApi {
  /** @param api - The client's calls. */
  constructor(private readonly api: ApiResource) {}

  /** `GET /connections`, every page. */
  list(params?: ConnectionListParams, options?: RequestOptions): AsyncIterable<Connection> {
    return this.api.pages(
      ConnectionPage,
      "/connections",
      { ...listQuery(params), tagIds: params?.tagIds },
      params,
      options,
    );
  }

  /** `GET /connections/{id}`; a deleted connection is still returned, with status `deprecated`. */
  async get(connectionId: string, options?: RequestOptions): Promise<Connection> {
    return this.api.json(ConnectionSchema, { ...options, method: "GET", path: one(connectionId) });
  }

  /** `POST /connections`; runs a discover on the source, so it can be slow. */
  async create(body: ConnectionCreateRequest, options?: RequestOptions): Promise<Connection> {
    return this.api.json(ConnectionSchema, { ...options, method: "POST", path: "/connections", body });
  }

  /** `PATCH /connections/{id}`. */
  async update(
    connectionId: string,
    body: ConnectionUpdateRequest,
    options?: RequestOptions,
  ): Promise<Connection> {
    return this.api.json(ConnectionSchema, {
      ...options,
      method: "PATCH",
      path: one(connectionId),
      body,
      idempotent: PATCH_IS_IDEMPOTENT,
    });
  }

  /** `DELETE /connections/{id}`. */
  async delete(connectionId: string, options?: RequestOptions): Promise<void> {
    return this.api.empty({ ...options, method: "DELETE", path: one(connectionId) });
  }
}

function one(connectionId: string): string {
  return encodePath`/connections/${connectionId}`;
}
