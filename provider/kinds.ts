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

/** What each kind is, in a sentence (the native plugin's schema and its SDKs' documentation). */
export const KIND_DESCRIPTIONS: Readonly<Record<ResourceKind, string>> = {
  workspace: "An Airbyte workspace: the home of sources, destinations, connections and tags.",
  source: "A source: a named connector configuration Airbyte reads data from.",
  destination: "A destination: a named connector configuration Airbyte writes data to.",
  connection: "A connection: which streams of a source sync to a destination, how and when.",
  tag: "A tag: a coloured label a workspace puts on its connections.",
  job: "A sync (or reset, or clear) job of a connection, started as part of a deployment and followed to its end.",
  permission: "A user's role on a workspace or an organization.",
  "source-definition": "A workspace's custom source connector (a Docker image and tag).",
  "destination-definition": "A workspace's custom destination connector (a Docker image and tag).",
  "declarative-source-definition": "A workspace's low-code source connector (a declarative manifest).",
  group: "A group of users of an organization, with roles its members share.",
  application: "An API application (client credentials) of the calling user.",
};
