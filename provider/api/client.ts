/**
 * The Airbyte public API v1 client: one method per endpoint the provider uses, grouped by resource, every
 * response validated against its schema. Each group lives in its own file with its wire types
 * (`workspaces.ts`, `sources.ts`, …); adding one is that file and a line here.
 *
 * ```ts
 * const client = new AirbyteClient({ serverUrl: "https://api.airbyte.com/v1", credentials: { clientId, clientSecret } });
 * for await (const source of client.sources.list({ workspaceIds: [ws] })) console.log(source.name);
 * const ws = await client.workspaces.get(id, { signal: AbortSignal.timeout(10_000), maxRetries: 0 });
 * ```
 */
import { type ApplicationsApi, applicationsApi } from "./applications.js";
import { type ConnectionsApi, connectionsApi } from "./connections.js";
import { type ConnectorDefinitionsApi, connectorDefinitionsApi } from "./connector-definitions.js";
import { type CustomDefinitionsApi, customDefinitionsApi } from "./custom-definitions.js";
import {
  type DeclarativeSourceDefinitionsApi,
  declarativeSourceDefinitionsApi,
} from "./declarative-source-definitions.js";
import { type DestinationsApi, destinationsApi } from "./destinations.js";
import { type GroupsApi, groupsApi } from "./groups.js";
import { Transport, type TransportOptions } from "./http.js";
import { type JobsApi, jobsApi } from "./jobs.js";
import { type OrganizationsApi, organizationsApi } from "./organizations.js";
import { type PermissionsApi, permissionsApi } from "./permissions.js";
import { ApiResource } from "./resource.js";
import { type SourcesApi, sourcesApi } from "./sources.js";
import { type StreamsApi, streamsApi } from "./streams.js";
import { type TagsApi, tagsApi } from "./tags.js";
import { type UsersApi, usersApi } from "./users.js";
import { type WorkspacesApi, workspacesApi } from "./workspaces.js";

/**
 * Options of {@link AirbyteClient}: the transport's, documented on {@link TransportOptions}. Every call
 * also takes per-call `RequestOptions` (`signal`, `timeoutMs`, `maxRetries`) as its last argument.
 */
export type AirbyteClientOptions = TransportOptions;

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
  /** Users of an organization. */
  readonly users: UsersApi;
  /** Users' roles on workspaces and organizations. */
  readonly permissions: PermissionsApi;
  /** Groups of users, their members and roles. */
  readonly groups: GroupsApi;
  /** The caller's API applications (client credentials). */
  readonly applications: ApplicationsApi;
  /** A workspace's custom (Docker image) source connectors. */
  readonly sourceDefinitions: CustomDefinitionsApi;
  /** A workspace's custom (Docker image) destination connectors. */
  readonly destinationDefinitions: CustomDefinitionsApi;
  /** A workspace's low-code (manifest) source connectors. */
  readonly declarativeSourceDefinitions: DeclarativeSourceDefinitionsApi;

  /** @param opts - Server, credentials, retry and timeout settings. */
  constructor(opts: AirbyteClientOptions) {
    const api = new ApiResource(new Transport(opts));
    this.workspaces = workspacesApi(api);
    this.sources = sourcesApi(api);
    this.destinations = destinationsApi(api);
    this.connections = connectionsApi(api);
    this.tags = tagsApi(api);
    this.streams = streamsApi(api);
    this.connectorDefinitions = connectorDefinitionsApi(api);
    this.jobs = jobsApi(api);
    this.organizations = organizationsApi(api);
    this.users = usersApi(api);
    this.permissions = permissionsApi(api);
    this.groups = groupsApi(api);
    this.applications = applicationsApi(api);
    this.sourceDefinitions = customDefinitionsApi(api, "sources");
    this.destinationDefinitions = customDefinitionsApi(api, "destinations");
    this.declarativeSourceDefinitions = declarativeSourceDefinitionsApi(api);
  }
}
