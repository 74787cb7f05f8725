/**
 * The Airbyte public API v1 client: one method per endpoint the provider uses, grouped by resource, every
 * response validated against its schema. Each group is a class in its own file with its wire types
 * (`workspaces.ts`, `sources.ts`, …); adding one is that file and a line here. Every group names its
 * methods by one rule: `list` (GET many), `get` (GET one), `create` (POST of a new object), `update`
 * (PATCH), `replace` (PUT), `delete` (DELETE); any other action is named for what it does (`jobs.cancel`).
 *
 * ```ts
 * const client = new AirbyteClient({ serverUrl: "https://api.airbyte.com/v1", credentials: { clientId, clientSecret } });
 * for await (const source of client.sources.list({ workspaceIds: [ws] })) console.log(source.name);
 * const ws = await client.workspaces.get(id, { signal: AbortSignal.timeout(10_000), maxRetries: 0 });
 * ```
 */
// First: refuses a Node.js too old for the package before any other module runs.
import "./require-node.js";
import { ApplicationsApi } from "./applications.js";
import { ConnectionsApi } from "./connections.js";
import { ConnectorDefinitionsApi } from "./connector-definitions.js";
import { CustomDefinitionsApi } from "./custom-definitions.js";
import { DeclarativeSourceDefinitionsApi } from "./declarative-source-definitions.js";
import { DestinationsApi } from "./destinations.js";
import { GroupsApi } from "./groups.js";
import { Transport, type TransportOptions } from "./http.js";
import { JobsApi } from "./jobs.js";
import { OrganizationsApi } from "./organizations.js";
import { PermissionsApi } from "./permissions.js";
import { ApiResource } from "./resource.js";
import { SourcesApi } from "./sources.js";
import { StreamsApi } from "./streams.js";
import { TagsApi } from "./tags.js";
import { UsersApi } from "./users.js";
import { WorkspacesApi } from "./workspaces.js";

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
    this.workspaces = new WorkspacesApi(api);
    this.sources = new SourcesApi(api);
    this.destinations = new DestinationsApi(api);
    this.connections = new ConnectionsApi(api);
    this.tags = new TagsApi(api);
    this.streams = new StreamsApi(api);
    this.connectorDefinitions = new ConnectorDefinitionsApi(api);
    this.jobs = new JobsApi(api);
    this.organizations = new OrganizationsApi(api);
    this.users = new UsersApi(api);
    this.permissions = new PermissionsApi(api);
    this.groups = new GroupsApi(api);
    this.applications = new ApplicationsApi(api);
    this.sourceDefinitions = new CustomDefinitionsApi(api, "sources");
    this.destinationDefinitions = new CustomDefinitionsApi(api, "destinations");
    this.declarativeSourceDefinitions = new DeclarativeSourceDefinitionsApi(api);
  }
}
