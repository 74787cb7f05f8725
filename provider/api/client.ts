/**
 * The Airbyte public API v1 client: one method per endpoint the provider uses, grouped by resource,
 * every response validated against its schema.
 *
 * ```ts
 * const client = new AirbyteClient({ serverUrl: "https://api.airbyte.com/v1", credentials: { clientId, clientSecret } });
 * for await (const source of client.sources.list({ workspaceIds: [ws] })) console.log(source.name);
 * ```
 */
import type { z } from "zod";
import type { AirbyteCredentials, TokenCache } from "./auth.js";
import { encodePath, type QueryValue, type RequestOptions, Transport } from "./http.js";
import { paginate } from "./pagination.js";
import {
  type Connection,
  type ConnectionCreateRequest,
  type ConnectionPatchRequest,
  ConnectionSchema,
  type ConnectorDefinition,
  ConnectorDefinitionSchema,
  type Destination,
  type DestinationCreateRequest,
  type DestinationPatchRequest,
  type DestinationPutRequest,
  DestinationSchema,
  type Job,
  type JobCreateRequest,
  JobSchema,
  type Organization,
  OrganizationSchema,
  PageSchema,
  type Source,
  type SourceCreateRequest,
  type SourcePatchRequest,
  type SourcePutRequest,
  SourceSchema,
  type StreamProperties,
  StreamPropertiesListSchema,
  type Tag,
  type TagCreateRequest,
  type TagPatchRequest,
  TagSchema,
  type Workspace,
  type WorkspaceCreateRequest,
  WorkspaceSchema,
  type WorkspaceUpdateRequest,
} from "./schemas.js";

/** Options of {@link AirbyteClient}. */
export interface AirbyteClientOptions {
  /**
   * The API base: `https://api.airbyte.com/v1` for Cloud, `http://<host>/api/public/v1` for self-managed. A
   * trailing slash is tolerated.
   */
  serverUrl: string;
  /** Client credentials (exchanged for short-lived tokens, cached process-wide) or a bearer token. */
  credentials: AirbyteCredentials;
  /**
   * Retries after the first attempt, for rate limiting, gateway errors and network failures. Writes
   * (POST/PATCH) are retried only when the server provably did not act.
   * @default 4
   */
  maxRetries?: number;
  /**
   * Per-attempt limit, in ms, on waiting for the response headers and for each body chunk.
   * @default 300000
   */
  timeoutMs?: number;
  /**
   * First backoff ceiling in ms, doubling per retry up to 8 s (a `Retry-After` from the server wins).
   * @default 250
   */
  retryBaseDelayMs?: number;
  /** Prefix of the `User-Agent` header, e.g. `my-tool/1.2`. */
  userAgent?: string;
  /** Token cache; default the process-wide one. For tests that need isolation. */
  tokenCache?: TokenCache;
}

/** Filters of the paginated list endpoints of sources, destinations, connections and workspaces. */
export interface ListParams {
  /** Only these workspaces; all accessible ones when empty. */
  workspaceIds?: readonly string[];
  /** Include deleted (tombstoned; for connections: `deprecated`) objects. */
  includeDeleted?: boolean;
  /** Page size, 1..100. @default 100 */
  limit?: number;
  /** Stop after this many items. */
  max?: number;
}

/** Filters of {@link AirbyteClient.connections}' `list`. */
export interface ConnectionListParams extends ListParams {
  /** Only connections with one of these tags. */
  tagIds?: readonly string[];
}

/** Filters of {@link AirbyteClient.jobs}' `list`. */
export interface JobListParams {
  /** Only this connection's jobs. */
  connectionId?: string;
  /** Only these workspaces. */
  workspaceIds?: readonly string[];
  /** `sync`, `reset`, `refresh` or `clear`. */
  jobType?: string;
  /** One status, e.g. `running`. */
  status?: string;
  /** `createdAt|ASC` (the server's default), `createdAt|DESC`, `updatedAt|ASC`, `updatedAt|DESC`. */
  orderBy?: string;
  /** ISO-8601 date-time bounds. */
  createdAtStart?: string;
  /** ISO-8601 date-time bounds. */
  createdAtEnd?: string;
  /** ISO-8601 date-time bounds. */
  updatedAtStart?: string;
  /** ISO-8601 date-time bounds. */
  updatedAtEnd?: string;
  /** Page size, 1..100. @default 100 */
  limit?: number;
  /** Stop after this many items. */
  max?: number;
}

/** Workspace endpoints. */
export interface WorkspacesApi {
  /** `GET /workspaces`, every page. */
  list(params?: ListParams): AsyncIterable<Workspace>;
  /** `GET /workspaces/{id}`. */
  get(workspaceId: string): Promise<Workspace>;
  /** `POST /workspaces`. */
  create(body: WorkspaceCreateRequest): Promise<Workspace>;
  /** `PATCH /workspaces/{id}`: only given fields and notification items change. */
  update(workspaceId: string, body: WorkspaceUpdateRequest): Promise<Workspace>;
  /** `DELETE /workspaces/{id}`: cascades to its connections, destinations and sources. */
  delete(workspaceId: string): Promise<void>;
}

/** Source or destination endpoints (`T` the response, `C`/`P`/`U` the create, patch and put bodies). */
export interface ActorsApi<T, C, P, U> {
  /** `GET /{sources|destinations}`, every page. */
  list(params?: ListParams): AsyncIterable<T>;
  /** `GET /{kind}/{id}`; secrets come back masked. */
  get(id: string): Promise<T>;
  /** `POST /{kind}`. */
  create(body: C): Promise<T>;
  /** `PATCH /{kind}/{id}`: deep-merges the configuration. */
  patch(id: string, body: P): Promise<T>;
  /** `PUT /{kind}/{id}`: replaces name and configuration. */
  put(id: string, body: U): Promise<T>;
  /** `DELETE /{kind}/{id}`: soft delete; also deletes connections using it. */
  delete(id: string): Promise<void>;
}

/** Source endpoints. */
export type SourcesApi = ActorsApi<Source, SourceCreateRequest, SourcePatchRequest, SourcePutRequest>;

/** Destination endpoints. */
export type DestinationsApi = ActorsApi<
  Destination,
  DestinationCreateRequest,
  DestinationPatchRequest,
  DestinationPutRequest
>;

/** Connection endpoints (no PUT). */
export interface ConnectionsApi {
  /** `GET /connections`, every page. */
  list(params?: ConnectionListParams): AsyncIterable<Connection>;
  /** `GET /connections/{id}`; a deleted connection is still returned, with status `deprecated`. */
  get(connectionId: string): Promise<Connection>;
  /** `POST /connections`; runs a discover on the source, so it can be slow. */
  create(body: ConnectionCreateRequest): Promise<Connection>;
  /** `PATCH /connections/{id}`. */
  patch(connectionId: string, body: ConnectionPatchRequest): Promise<Connection>;
  /** `DELETE /connections/{id}`. */
  delete(connectionId: string): Promise<void>;
}

/** Tag endpoints. */
export interface TagsApi {
  /** `GET /tags` (not paginated). */
  list(params?: { workspaceIds?: readonly string[] }): Promise<Tag[]>;
  /** `GET /tags/{id}`. */
  get(tagId: string): Promise<Tag>;
  /** `POST /tags`. */
  create(body: TagCreateRequest): Promise<Tag>;
  /** `PATCH /tags/{id}` (name and color both required). */
  patch(tagId: string, body: TagPatchRequest): Promise<Tag>;
  /** `DELETE /tags/{id}`. */
  delete(tagId: string): Promise<void>;
}

/** Stream discovery. */
export interface StreamsApi {
  /**
   * `GET /streams`: the source's streams; with a destination, the sync modes the pair supports.
   * `ignoreCache` forces a fresh discover.
   */
  get(params: {
    sourceId: string;
    destinationId?: string;
    ignoreCache?: boolean;
  }): Promise<StreamProperties[]>;
}

/** Connector definitions. */
export interface ConnectorDefinitionsApi {
  /** `GET /connector_definitions`: public ones, or those visible to a workspace. */
  list(params: { type: "source" | "destination"; workspaceId?: string }): Promise<ConnectorDefinition[]>;
}

/** Job endpoints. */
export interface JobsApi {
  /** `GET /jobs`, every page (oldest first unless `orderBy` says otherwise). */
  list(params?: JobListParams): AsyncIterable<Job>;
  /** `GET /jobs/{id}`. */
  get(jobId: number): Promise<Job>;
  /** `POST /jobs`: starts a sync, reset or clear. 409 when one is already running. */
  create(body: JobCreateRequest): Promise<Job>;
  /** `DELETE /jobs/{id}`: cancels a running job and returns it. 409 when it is not running. */
  cancel(jobId: number): Promise<Job>;
}

/** Organization endpoints. */
export interface OrganizationsApi {
  /** `GET /organizations`: the caller's organizations. */
  list(): Promise<Organization[]>;
}

const WorkspacePage = PageSchema(WorkspaceSchema);
const SourcePage = PageSchema(SourceSchema);
const DestinationPage = PageSchema(DestinationSchema);
const ConnectionPage = PageSchema(ConnectionSchema);
const JobPage = PageSchema(JobSchema);
const TagList = PageSchema(TagSchema);
const DefinitionList = PageSchema(ConnectorDefinitionSchema);
const OrganizationList = PageSchema(OrganizationSchema);

function jobPath(jobId: number): string {
  if (!Number.isSafeInteger(jobId) || jobId < 0)
    throw new TypeError(`jobId must be a non-negative integer, got ${jobId}`);
  return encodePath`/jobs/${jobId}`;
}

/**
 * A client for one Airbyte server and credential. Cheap to keep: it shares the process-wide connection pool
 * and token cache with every other client.
 */
export class AirbyteClient {
  /** Workspaces. */
  readonly workspaces: WorkspacesApi;
  /** Sources. */
  readonly sources: SourcesApi;
  /** Destinations. */
  readonly destinations: DestinationsApi;
  /** Connections. */
  readonly connections: ConnectionsApi;
  /** Tags. */
  readonly tags: TagsApi;
  /** Stream properties. */
  readonly streams: StreamsApi;
  /** Connector definitions. */
  readonly connectorDefinitions: ConnectorDefinitionsApi;
  /** Jobs. */
  readonly jobs: JobsApi;
  /** Organizations. */
  readonly organizations: OrganizationsApi;

  private readonly http: Transport;

  /** @param opts - Server, credentials, retry and timeout settings. */
  constructor(opts: AirbyteClientOptions) {
    this.http = new Transport({
      serverUrl: opts.serverUrl,
      credentials: opts.credentials,
      ...(opts.maxRetries !== undefined && { maxRetries: opts.maxRetries }),
      ...(opts.timeoutMs !== undefined && { timeoutMs: opts.timeoutMs }),
      ...(opts.retryBaseDelayMs !== undefined && { retryBaseDelayMs: opts.retryBaseDelayMs }),
      ...(opts.userAgent !== undefined && { userAgent: opts.userAgent }),
      ...(opts.tokenCache !== undefined && { tokenCache: opts.tokenCache }),
    });
    const http = this.http;
    const call = <S extends z.ZodType>(schema: S, o: RequestOptions): Promise<z.output<S>> =>
      http.request({ ...o, schema });
    const none = (o: RequestOptions): Promise<void> => http.request(o);
    const pages = <S extends z.ZodType>(
      schema: z.ZodType<{ data: z.output<S>[] }>,
      path: string,
      query: Record<string, QueryValue>,
      params: { limit?: number; max?: number } | undefined,
    ): AsyncIterable<z.output<S>> =>
      paginate(
        (offset, limit) => http.request({ method: "GET", path, query: { ...query, limit, offset }, schema }),
        {
          ...(params?.limit !== undefined && { limit: params.limit }),
          ...(params?.max !== undefined && { max: params.max }),
        },
      );
    const listQuery = (p: ListParams | undefined): Record<string, QueryValue> => ({
      workspaceIds: p?.workspaceIds,
      includeDeleted: p?.includeDeleted,
    });

    this.workspaces = {
      list: (p) => pages<typeof WorkspaceSchema>(WorkspacePage, "/workspaces", listQuery(p), p),
      get: async (id) => call(WorkspaceSchema, { method: "GET", path: encodePath`/workspaces/${id}` }),
      create: (body) => call(WorkspaceSchema, { method: "POST", path: "/workspaces", body }),
      update: async (id, body) =>
        call(WorkspaceSchema, { method: "PATCH", path: encodePath`/workspaces/${id}`, body }),
      delete: async (id) => none({ method: "DELETE", path: encodePath`/workspaces/${id}` }),
    };

    this.sources = {
      list: (p) => pages<typeof SourceSchema>(SourcePage, "/sources", listQuery(p), p),
      get: async (id) => call(SourceSchema, { method: "GET", path: encodePath`/sources/${id}` }),
      create: (body) => call(SourceSchema, { method: "POST", path: "/sources", body }),
      patch: async (id, body) =>
        call(SourceSchema, { method: "PATCH", path: encodePath`/sources/${id}`, body }),
      put: async (id, body) => call(SourceSchema, { method: "PUT", path: encodePath`/sources/${id}`, body }),
      delete: async (id) => none({ method: "DELETE", path: encodePath`/sources/${id}` }),
    };

    this.destinations = {
      list: (p) => pages<typeof DestinationSchema>(DestinationPage, "/destinations", listQuery(p), p),
      get: async (id) => call(DestinationSchema, { method: "GET", path: encodePath`/destinations/${id}` }),
      create: (body) => call(DestinationSchema, { method: "POST", path: "/destinations", body }),
      patch: async (id, body) =>
        call(DestinationSchema, { method: "PATCH", path: encodePath`/destinations/${id}`, body }),
      put: async (id, body) =>
        call(DestinationSchema, { method: "PUT", path: encodePath`/destinations/${id}`, body }),
      delete: async (id) => none({ method: "DELETE", path: encodePath`/destinations/${id}` }),
    };

    this.connections = {
      list: (p) =>
        pages<typeof ConnectionSchema>(
          ConnectionPage,
          "/connections",
          { ...listQuery(p), tagIds: p?.tagIds },
          p,
        ),
      get: async (id) => call(ConnectionSchema, { method: "GET", path: encodePath`/connections/${id}` }),
      create: (body) => call(ConnectionSchema, { method: "POST", path: "/connections", body }),
      patch: async (id, body) =>
        call(ConnectionSchema, { method: "PATCH", path: encodePath`/connections/${id}`, body }),
      delete: async (id) => none({ method: "DELETE", path: encodePath`/connections/${id}` }),
    };

    this.tags = {
      list: async (p) =>
        (await call(TagList, { method: "GET", path: "/tags", query: { workspaceIds: p?.workspaceIds } }))
          .data,
      get: async (id) => call(TagSchema, { method: "GET", path: encodePath`/tags/${id}` }),
      create: (body) => call(TagSchema, { method: "POST", path: "/tags", body }),
      patch: async (id, body) => call(TagSchema, { method: "PATCH", path: encodePath`/tags/${id}`, body }),
      delete: async (id) => none({ method: "DELETE", path: encodePath`/tags/${id}` }),
    };

    this.streams = {
      get: (p) =>
        call(StreamPropertiesListSchema, {
          method: "GET",
          path: "/streams",
          query: { sourceId: p.sourceId, destinationId: p.destinationId, ignoreCache: p.ignoreCache },
        }),
    };

    this.connectorDefinitions = {
      list: async (p) =>
        (
          await call(DefinitionList, {
            method: "GET",
            path: "/connector_definitions",
            query: { type: p.type, workspaceId: p.workspaceId },
          })
        ).data,
    };

    this.jobs = {
      list: (p) =>
        pages<typeof JobSchema>(
          JobPage,
          "/jobs",
          {
            connectionId: p?.connectionId,
            workspaceIds: p?.workspaceIds,
            jobType: p?.jobType,
            status: p?.status,
            orderBy: p?.orderBy,
            createdAtStart: p?.createdAtStart,
            createdAtEnd: p?.createdAtEnd,
            updatedAtStart: p?.updatedAtStart,
            updatedAtEnd: p?.updatedAtEnd,
          },
          p,
        ),
      get: async (id) => call(JobSchema, { method: "GET", path: jobPath(id) }),
      create: (body) => call(JobSchema, { method: "POST", path: "/jobs", body }),
      cancel: async (id) => call(JobSchema, { method: "DELETE", path: jobPath(id) }),
    };

    this.organizations = {
      list: async () => (await call(OrganizationList, { method: "GET", path: "/organizations" })).data,
    };
  }
}
