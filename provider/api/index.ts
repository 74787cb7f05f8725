/**
 * The Airbyte public API v1 client: {@link AirbyteClient}, its API groups' wire schemas and types, its
 * error classes, pagination and transport helpers. It knows nothing of Pulumi: the provider adds what it
 * knows (where settings come from) through the client's options.
 *
 * The API groups' classes (`…Api`) are exported as types only: the client builds them. The wiring behind
 * them (`resource.ts`, the token request) is not exported: it is free to change.
 */

export type { ActorsApi } from "./actors.js";
export { type Application, ApplicationSchema, type ApplicationsApi } from "./applications.js";
export {
  type AirbyteCredentials,
  defaultTokenCache,
  type IssuedToken,
  isClientCredentials,
  MAX_REFRESH_MARGIN_MS,
  refreshMarginMs,
  TokenCache,
  type TokenCacheOptions,
  type TokenResponse,
  TokenResponseSchema,
} from "./auth.js";
export * from "./client.js";
export {
  CONNECTION_SYNC_MODES,
  type Connection,
  type ConnectionCreateRequest,
  type ConnectionListParams,
  type ConnectionSchedule,
  type ConnectionScheduleRequest,
  ConnectionScheduleSchema,
  ConnectionSchema,
  type ConnectionSyncMode,
  type ConnectionsApi,
  type ConnectionUpdateRequest,
  type StreamConfiguration,
  type StreamConfigurationRequest,
  StreamConfigurationSchema,
  type StreamMapper,
  StreamMapperSchema,
} from "./connections.js";
export {
  type ConnectorDefinition,
  ConnectorDefinitionSchema,
  type ConnectorDefinitionsApi,
} from "./connector-definitions.js";
export {
  type CustomDefinition,
  type CustomDefinitionCreateRequest,
  type CustomDefinitionReplaceRequest,
  CustomDefinitionSchema,
  type CustomDefinitionsApi,
} from "./custom-definitions.js";
export {
  type DeclarativeSourceDefinition,
  type DeclarativeSourceDefinitionCreateRequest,
  type DeclarativeSourceDefinitionReplaceRequest,
  DeclarativeSourceDefinitionSchema,
  type DeclarativeSourceDefinitionsApi,
} from "./declarative-source-definitions.js";
export {
  type Destination,
  type DestinationCreateRequest,
  type DestinationReplaceRequest,
  DestinationSchema,
  type DestinationsApi,
  type DestinationUpdateRequest,
} from "./destinations.js";
export * from "./errors.js";
export {
  type Group,
  type GroupCreateRequest,
  type GroupMember,
  GroupMemberSchema,
  type GroupMembersApi,
  type GroupPermission,
  type GroupPermissionCreateRequest,
  GroupPermissionSchema,
  type GroupPermissionsApi,
  GroupSchema,
  type GroupsApi,
  type GroupUpdateRequest,
} from "./groups.js";
export * from "./http.js";
export {
  type Job,
  type JobCreateRequest,
  type JobListParams,
  JobSchema,
  type JobsApi,
} from "./jobs.js";
export { type Organization, OrganizationSchema, type OrganizationsApi } from "./organizations.js";
export * from "./pagination.js";
export {
  PERMISSION_TYPES,
  type Permission,
  type PermissionCreateRequest,
  type PermissionListItem,
  PermissionListItemSchema,
  type PermissionListParams,
  PermissionSchema,
  type PermissionsApi,
  type PermissionType,
} from "./permissions.js";
export type { ApiRequest, RequestOptions } from "./request-options.js";
export type { ListParams } from "./resource.js";
export * from "./retry.js";
export {
  type Configuration,
  ConfigurationSchema,
  type ResourceRequirements,
  ResourceRequirementsSchema,
  type ScopedResourceRequirements,
  ScopedResourceRequirementsSchema,
} from "./schemas.js";
export {
  type Source,
  type SourceCreateRequest,
  type SourceReplaceRequest,
  SourceSchema,
  type SourcesApi,
  type SourceUpdateRequest,
} from "./sources.js";
export {
  type StreamProperties,
  StreamPropertiesListSchema,
  StreamPropertiesSchema,
  type StreamsApi,
} from "./streams.js";
export { type Tag, type TagCreateRequest, TagSchema, type TagsApi, type TagUpdateRequest } from "./tags.js";
export * from "./url.js";
export { type User, type UserListParams, UserSchema, type UsersApi } from "./users.js";
export { packageVersion } from "./version.js";
export {
  NOTIFICATION_KINDS,
  type NotificationConfig,
  type NotificationConfigRequest,
  NotificationConfigSchema,
  type NotificationKind,
  type Notifications,
  type NotificationsRequest,
  NotificationsSchema,
  type Workspace,
  type WorkspaceCreateRequest,
  WorkspaceSchema,
  type WorkspacesApi,
  type WorkspaceUpdateRequest,
} from "./workspaces.js";
