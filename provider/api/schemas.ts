/**
 * Wire types of the Airbyte public API v1 (api.yaml), as zod schemas with their inferred types.
 *
 * Responses are loose objects: unknown fields pass through, so a newer server does not break an older
 * client. Enum-like response fields are plain strings for the same reason (Airbyte added the job status
 * `queued` in 2026); the known values are listed in the TSDoc. The server omits nulls and absent optionals
 * (NOTES §0), so every field the spec does not require is optional. Request bodies are plain TypeScript
 * types: the server is the one validating them.
 */
import { z } from "zod";

// ---------------------------------------------------------------------------------------------------
// Shared pieces

/** `{email?: {enabled}, webhook?: {enabled, url?}}`: how one notification kind is delivered. */
export const NotificationConfigSchema = z.looseObject({
  email: z.looseObject({ enabled: z.boolean().optional() }).optional(),
  webhook: z.looseObject({ enabled: z.boolean().optional(), url: z.string().optional() }).optional(),
});
/** See {@link NotificationConfigSchema}. */
export type NotificationConfig = z.infer<typeof NotificationConfigSchema>;

/** A workspace's notification settings, per notification kind (`NotificationsConfig`). */
export const NotificationsSchema = z.looseObject({
  failure: NotificationConfigSchema.optional(),
  success: NotificationConfigSchema.optional(),
  connectionUpdate: NotificationConfigSchema.optional(),
  connectionUpdateActionRequired: NotificationConfigSchema.optional(),
  syncDisabled: NotificationConfigSchema.optional(),
  syncDisabledWarning: NotificationConfigSchema.optional(),
});
/** See {@link NotificationsSchema}. */
export type Notifications = z.infer<typeof NotificationsSchema>;

/** Worker resource requests/limits (`ResourceRequirements`); quantities are Kubernetes strings. */
export const ResourceRequirementsSchema = z.looseObject({
  cpu_request: z.string().optional(),
  cpu_limit: z.string().optional(),
  memory_request: z.string().optional(),
  memory_limit: z.string().optional(),
  ephemeral_storage_request: z.string().optional(),
  ephemeral_storage_limit: z.string().optional(),
});
/** See {@link ResourceRequirementsSchema}. */
export type ResourceRequirements = z.infer<typeof ResourceRequirementsSchema>;

/** Per-actor resource requirements (`ScopedResourceRequirements`), defaults plus per-job-type overrides. */
export const ScopedResourceRequirementsSchema = z.looseObject({
  default: ResourceRequirementsSchema.optional(),
  jobSpecific: z
    .array(z.looseObject({ jobType: z.string(), resourceRequirements: ResourceRequirementsSchema }))
    .optional(),
});
/** See {@link ScopedResourceRequirementsSchema}. */
export type ScopedResourceRequirements = z.infer<typeof ScopedResourceRequirementsSchema>;

/** A connector configuration: free-form JSON, secrets masked as `"**********"` on read. */
export const ConfigurationSchema = z.record(z.string(), z.unknown());
/** See {@link ConfigurationSchema}. */
export type Configuration = z.infer<typeof ConfigurationSchema>;

// ---------------------------------------------------------------------------------------------------
// Resources

/** `WorkspaceResponse`. `organizationId` is not returned by current servers; kept optional for others. */
export const WorkspaceSchema = z.looseObject({
  workspaceId: z.string(),
  name: z.string(),
  /** Lower-cased region name: `auto` on self-managed, `us`/`eu` on Cloud. */
  dataResidency: z.string(),
  organizationId: z.string().optional(),
  notifications: NotificationsSchema.optional(),
});
/** See {@link WorkspaceSchema}. */
export type Workspace = z.infer<typeof WorkspaceSchema>;

/** `SourceResponse`. `sourceType` is `""` for connectors outside Airbyte's name table. */
export const SourceSchema = z.looseObject({
  sourceId: z.string(),
  name: z.string(),
  sourceType: z.string(),
  definitionId: z.string(),
  workspaceId: z.string(),
  configuration: ConfigurationSchema,
  /** Epoch seconds. */
  createdAt: z.number(),
  resourceAllocation: ScopedResourceRequirementsSchema.optional(),
});
/** See {@link SourceSchema}. */
export type Source = z.infer<typeof SourceSchema>;

/** `DestinationResponse`. `destinationType` is `""` for connectors outside Airbyte's name table. */
export const DestinationSchema = z.looseObject({
  destinationId: z.string(),
  name: z.string(),
  destinationType: z.string(),
  definitionId: z.string(),
  workspaceId: z.string(),
  configuration: ConfigurationSchema,
  /** Epoch seconds. */
  createdAt: z.number(),
  resourceAllocation: ScopedResourceRequirementsSchema.optional(),
});
/** See {@link DestinationSchema}. */
export type Destination = z.infer<typeof DestinationSchema>;

/** `Tag` / `TagResponse`. `color` is 6 hex digits without `#`. */
export const TagSchema = z.looseObject({
  tagId: z.string(),
  name: z.string(),
  color: z.string(),
  workspaceId: z.string(),
});
/** See {@link TagSchema}. */
export type Tag = z.infer<typeof TagSchema>;

/** `ConfiguredStreamMapper`: `type` is hashing, field-renaming, row-filtering, encryption or field-filtering. */
export const StreamMapperSchema = z.looseObject({
  id: z.string().optional(),
  type: z.string(),
  mapperConfiguration: z.record(z.string(), z.unknown()),
});
/** See {@link StreamMapperSchema}. */
export type StreamMapper = z.infer<typeof StreamMapperSchema>;

/**
 * `StreamConfiguration`: one selected stream of a connection. `syncMode` is one of `ConnectionSyncModeEnum`
 * (`full_refresh_overwrite`, `incremental_deduped_history`, …).
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

/**
 * `StreamProperties` from `GET /streams`. Note the lower-case `streamnamespace`. `syncModes` is omitted
 * when no destination was given.
 */
export const StreamPropertiesSchema = z.looseObject({
  streamName: z.string(),
  streamnamespace: z.string().optional(),
  syncModes: z.array(z.string()).optional(),
  defaultCursorField: z.array(z.string()).optional(),
  sourceDefinedCursorField: z.boolean().optional(),
  sourceDefinedPrimaryKey: z.array(z.array(z.string())).optional(),
  propertyFields: z.array(z.array(z.string())).optional(),
});
/** See {@link StreamPropertiesSchema}. */
export type StreamProperties = z.infer<typeof StreamPropertiesSchema>;

/** `ConnectorDefinitionResponse`. `version` is the docker image tag. */
export const ConnectorDefinitionSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  /** `source` or `destination`. */
  connectorDefinitionType: z.string().optional(),
  version: z.string().optional(),
});
/** See {@link ConnectorDefinitionSchema}. */
export type ConnectorDefinition = z.infer<typeof ConnectorDefinitionSchema>;

/**
 * `JobResponse`. `status` is a string, not an enum: pending, queued, running, incomplete, failed, succeeded,
 * cancelled today, more tomorrow. `jobType` is sync, reset, refresh or clear. Times are ISO-8601 strings
 * (possibly without seconds), `duration` an ISO-8601 duration.
 */
export const JobSchema = z.looseObject({
  jobId: z.number(),
  status: z.string(),
  jobType: z.string(),
  connectionId: z.string(),
  startTime: z.string(),
  lastUpdatedAt: z.string().optional(),
  duration: z.string().optional(),
  bytesSynced: z.number().optional(),
  rowsSynced: z.number().optional(),
});
/** See {@link JobSchema}. */
export type Job = z.infer<typeof JobSchema>;

/** `OrganizationResponse`. */
export const OrganizationSchema = z.looseObject({
  organizationId: z.string(),
  organizationName: z.string(),
  email: z.string().optional(),
});
/** See {@link OrganizationSchema}. */
export type Organization = z.infer<typeof OrganizationSchema>;

/**
 * `PublicAccessTokenResponse` from `POST /applications/token`. `expires_in` (seconds) is required by the
 * spec; a server that leaves it out gets the old Cloud lifetime of 3 minutes.
 */
export const TokenResponseSchema = z.looseObject({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.number().positive().optional(),
});
/** See {@link TokenResponseSchema}. */
export type TokenResponse = z.infer<typeof TokenResponseSchema>;

/**
 * An error body: an RFC 9457 problem (with nulls included, unlike other bodies) or a framework-level
 * `{errorId}`.
 */
export const ProblemSchema = z.looseObject({
  status: z.number().nullish(),
  type: z.string().nullish(),
  title: z.string().nullish(),
  detail: z.string().nullish(),
  documentationUrl: z.string().nullish(),
  data: z.unknown().optional(),
  errorId: z.string().nullish(),
});
/** See {@link ProblemSchema}. */
export type Problem = z.infer<typeof ProblemSchema>;

/**
 * The list envelope `{data, next?, previous?}`. `next` is not trustworthy for paging (NOTES §0.1) and is
 * only kept for completeness.
 */
export function PageSchema<T extends z.ZodType>(item: T) {
  return z.looseObject({
    data: z.array(item),
    next: z.string().nullish(),
    previous: z.string().nullish(),
  });
}
/** A parsed list envelope. */
export interface Page<T> {
  /** The items of this page. */
  data: T[];
  /** URL of the next page; `""` after an empty page, present even after the last one. */
  next?: string | null | undefined;
  /** URL of the previous page; `""` on the first. */
  previous?: string | null | undefined;
}

/** `StreamPropertiesResponse`: a bare array. */
export const StreamPropertiesListSchema = z.array(StreamPropertiesSchema);

// ---------------------------------------------------------------------------------------------------
// Request bodies

/** A notification item in a request: flags toggle, `url` replaces (PATCH merges per item). */
export interface NotificationConfigRequest {
  /** E-mail delivery. */
  email?: { enabled: boolean };
  /** Webhook (Slack-style JSON POST) delivery. */
  webhook?: { enabled: boolean; url?: string };
}

/** `NotificationsConfig` in a request body. */
export interface NotificationsRequest {
  /** Sync failures. */
  failure?: NotificationConfigRequest;
  /** Sync successes. */
  success?: NotificationConfigRequest;
  /** Non-breaking schema changes propagated automatically. */
  connectionUpdate?: NotificationConfigRequest;
  /** Breaking schema changes needing approval. */
  connectionUpdateActionRequired?: NotificationConfigRequest;
  /** A connection disabled after repeated failures. */
  syncDisabled?: NotificationConfigRequest;
  /** A warning before a connection gets disabled. */
  syncDisabledWarning?: NotificationConfigRequest;
}

/** `POST /workspaces` body. */
export interface WorkspaceCreateRequest {
  /** Workspace name. */
  name: string;
  /** Organization to create it in (immutable; ignored by OSS). */
  organizationId?: string;
  /** Notification settings; items not given get server defaults. */
  notifications?: NotificationsRequest;
  /** Region (data plane group) to run in. */
  regionId?: string;
}

/** `PATCH /workspaces/{id}` body; only the given fields (and notification items) change. */
export interface WorkspaceUpdateRequest {
  /** New name. */
  name?: string;
  /** Notification items to change. */
  notifications?: NotificationsRequest;
  /** New region. */
  regionId?: string;
}

/** `POST /sources` body. Without `definitionId`, `configuration.sourceType` names the connector. */
export interface SourceCreateRequest {
  /** Source name. */
  name: string;
  /** Workspace to create it in (immutable). */
  workspaceId: string;
  /** Connector configuration. */
  configuration: Configuration;
  /** Connector definition (immutable). */
  definitionId?: string;
  /** Secret id from the OAuth flow. */
  secretId?: string;
  /** Worker resources (rejected on Cloud). */
  resourceAllocation?: ScopedResourceRequirements;
}

/** `PATCH /sources/{id}` body: a deep merge into the stored configuration. */
export interface SourcePatchRequest {
  /** New name; kept when omitted. */
  name?: string;
  /** Accepted but ignored by the server. */
  workspaceId?: string;
  /** Configuration to merge (objects merge, scalars and arrays replace). */
  configuration?: Configuration;
  /** Secret id from the OAuth flow. */
  secretId?: string;
  /** Worker resources. */
  resourceAllocation?: ScopedResourceRequirements;
}

/** `PUT /sources/{id}` body: full replacement; a secret given as `"**********"` keeps the stored value. */
export interface SourcePutRequest {
  /** Name. */
  name: string;
  /** The complete configuration. */
  configuration: Configuration;
  /** Worker resources. */
  resourceAllocation?: ScopedResourceRequirements;
}

/** `POST /destinations` body. Without `definitionId`, `configuration.destinationType` names the connector. */
export interface DestinationCreateRequest {
  /** Destination name. */
  name: string;
  /** Workspace to create it in (immutable). */
  workspaceId: string;
  /** Connector configuration. */
  configuration: Configuration;
  /** Connector definition (immutable). */
  definitionId?: string;
  /** Worker resources (rejected on Cloud). */
  resourceAllocation?: ScopedResourceRequirements;
}

/** `PATCH /destinations/{id}` body: a deep merge into the stored configuration. */
export interface DestinationPatchRequest {
  /** New name; kept when omitted. */
  name?: string;
  /** Configuration to merge. */
  configuration?: Configuration;
  /** Worker resources. */
  resourceAllocation?: ScopedResourceRequirements;
}

/** `PUT /destinations/{id}` body: full replacement. */
export interface DestinationPutRequest {
  /** Name. */
  name: string;
  /** The complete configuration. */
  configuration: Configuration;
  /** Worker resources. */
  resourceAllocation?: ScopedResourceRequirements;
}

/** Known `ConnectionSyncModeEnum` values; other strings are passed through. */
export type ConnectionSyncMode =
  | "full_refresh_overwrite"
  | "full_refresh_overwrite_deduped"
  | "full_refresh_append"
  | "full_refresh_update"
  | "full_refresh_soft_delete"
  | "incremental_append"
  | "incremental_deduped_history"
  | "incremental_update"
  | "incremental_soft_delete";

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
export type ConnectionPatchRequest = Partial<Omit<ConnectionCreateRequest, "sourceId" | "destinationId">>;

/** `POST /tags` body. */
export interface TagCreateRequest {
  /** At most 30 characters, unique per workspace. */
  name: string;
  /** 6 hex digits without `#`. */
  color: string;
  /** Workspace (immutable). */
  workspaceId: string;
}

/** `PATCH /tags/{id}` body: both fields required. */
export interface TagPatchRequest {
  /** New name. */
  name: string;
  /** New colour. */
  color: string;
}

/** `POST /jobs` body. `refresh` is rejected with 422 by the public API. */
export interface JobCreateRequest {
  /** Connection to run. */
  connectionId: string;
  /** `sync`, `reset`, `clear` (or `refresh`). */
  jobType: "sync" | "reset" | "refresh" | "clear" | (string & {});
}
