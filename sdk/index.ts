/**
 * pulumi-airbyte: Airbyte workspaces, sources, destinations, connections, tags and sync jobs as
 * Pulumi resources, plus look-ups that spare programs hard-coded UUIDs.
 *
 * @packageDocumentation
 */

// First: refuses a Node.js too old for the package before any other module runs.
import "./require-node.js";

export { type AdoptArgs, keepExistingSecret } from "./adopt.js";
export { Application, type ApplicationArgs } from "./application.js";
export {
  Connection,
  type ConnectionArgs,
  type ConnectionSchedule,
  type ConnectionStream,
} from "./connection.js";
export type {
  AnyConfiguration,
  BigQueryDestinationConfiguration,
  ConfigurationOf,
  DestinationConfigurations,
  DevNullDestinationConfiguration,
  FakerSourceConfiguration,
  FileSourceConfiguration,
  KnownConnector,
  MysqlSourceConfiguration,
  PostgresDestinationConfiguration,
  PostgresSourceConfiguration,
  PostgresSslMode,
  S3DestinationConfiguration,
  SnowflakeDestinationConfiguration,
  SourceConfigurations,
  SshTunnel,
} from "./connectors.js";
export type { CustomDefinition, CustomDefinitionArgs } from "./custom-definition.js";
export {
  DeclarativeSourceDefinition,
  type DeclarativeSourceDefinitionArgs,
} from "./declarative-source-definition.js";
export { Destination, type DestinationArgs } from "./destination.js";
export { DestinationDefinition, type DestinationDefinitionArgs } from "./destination-definition.js";
export { Group, type GroupArgs, type GroupRole } from "./group.js";
export type { DeepInput, InputsOf } from "./inputs.js";
export { Job, type JobArgs } from "./job.js";
export {
  type GetConnectorDefinitionArgs,
  type GetStreamsArgs,
  type GetTagArgs,
  type GetUserArgs,
  type GetUserResult,
  type GetWorkspaceArgs,
  getConnectorDefinition,
  getConnectorDefinitionOutput,
  getStreams,
  getStreamsOutput,
  getTag,
  getTagOutput,
  getUser,
  getUserOutput,
  getWorkspace,
  getWorkspaceOutput,
} from "./lookups.js";
export { Permission, type PermissionArgs } from "./permission.js";
export { Pipelines, type PipelinesArgs } from "./pipelines.js";
export { type ConnectorArgs, Source, type SourceArgs } from "./source.js";
export { SourceDefinition, type SourceDefinitionArgs } from "./source-definition.js";
export { type PipelinesFile, PipelinesSpecError, type SpecOverride, type SpecProblem } from "./spec.js";
export { Tag, type TagArgs } from "./tag.js";
export { Workspace, type WorkspaceArgs, type WorkspaceNotifications } from "./workspace.js";
