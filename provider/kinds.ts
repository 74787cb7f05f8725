/**
 * The registry of resource kinds. Each kind's dynamic provider is the default export of
 * `provider/<kind>.ts` (loaded at run time as `pulumi-airbyte/provider/<kind>`), and its resource
 * class is in `sdk/<kind>.ts`. Adding a kind starts here; `test/unit/kinds.test.ts` checks that
 * every kind listed has both.
 */
export const RESOURCE_KINDS = [
  "workspace",
  "source",
  "destination",
  "connection",
  "tag",
  "job",
  "permission",
  "source-definition",
  "destination-definition",
  "declarative-source-definition",
  "group",
  "application",
] as const;

/** A resource kind of {@link RESOURCE_KINDS}. */
export type ResourceKind = (typeof RESOURCE_KINDS)[number];

/** Each kind's resource type name, as the SDK classes and the native plugin's type tokens spell it. */
export const KIND_TYPE_NAMES = {
  workspace: "Workspace",
  source: "Source",
  destination: "Destination",
  connection: "Connection",
  tag: "Tag",
  job: "Job",
  permission: "Permission",
  "source-definition": "SourceDefinition",
  "destination-definition": "DestinationDefinition",
  "declarative-source-definition": "DeclarativeSourceDefinition",
  group: "Group",
  application: "Application",
} as const satisfies Record<ResourceKind, string>;
