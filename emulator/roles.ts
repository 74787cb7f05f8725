/**
 * The platform's permission types and what each one grants (its PermissionHelper table): a
 * permission grants its own role and every lesser one, an organization role grants the matching
 * workspace roles in every workspace of the organization, and `instance_admin` grants everything.
 */

/** Every permission type the server stores (`PermissionType` of the internal API). */
export const PERMISSION_TYPES = [
  "instance_admin",
  "organization_admin",
  "organization_editor",
  "organization_runner",
  "organization_reader",
  "organization_member",
  "workspace_owner",
  "workspace_admin",
  "workspace_editor",
  "workspace_source_editor",
  "workspace_destination_editor",
  "workspace_runner",
  "workspace_reader",
] as const;

/** One of {@link PERMISSION_TYPES}. */
export type PermissionType = (typeof PERMISSION_TYPES)[number];

/**
 * The types `POST /permissions` accepts: `PublicPermissionType` (no `instance_admin`, no deprecated
 * `workspace_owner`) plus the two editor splits the server adds.
 */
export const PUBLIC_PERMISSION_TYPES = PERMISSION_TYPES.filter(
  (t) => t !== "instance_admin" && t !== "workspace_owner",
) as [PermissionType, ...PermissionType[]];

/** The types a group permission may carry (api.yaml's `PermissionType`, less `instance_admin`). */
export const GROUP_PERMISSION_TYPES: readonly PermissionType[] = PERMISSION_TYPES.filter(
  (t) => t !== "instance_admin",
);

const WORKSPACE_EDITOR_AND_BELOW = [
  "workspace_editor",
  "workspace_source_editor",
  "workspace_destination_editor",
  "workspace_runner",
  "workspace_reader",
] as const;

/** What each permission type grants, itself included. */
const GRANTS: Readonly<Record<PermissionType, readonly PermissionType[]>> = {
  instance_admin: PERMISSION_TYPES,
  organization_admin: [
    "organization_admin",
    "organization_editor",
    "organization_runner",
    "organization_reader",
    "organization_member",
    "workspace_admin",
    ...WORKSPACE_EDITOR_AND_BELOW,
  ],
  organization_editor: [
    "organization_editor",
    "organization_runner",
    "organization_reader",
    "organization_member",
    ...WORKSPACE_EDITOR_AND_BELOW,
  ],
  organization_runner: [
    "organization_runner",
    "organization_reader",
    "organization_member",
    "workspace_runner",
    "workspace_reader",
  ],
  organization_reader: ["organization_reader", "organization_member", "workspace_reader"],
  organization_member: ["organization_member"],
  workspace_owner: ["workspace_admin", ...WORKSPACE_EDITOR_AND_BELOW],
  workspace_admin: ["workspace_admin", ...WORKSPACE_EDITOR_AND_BELOW],
  workspace_editor: WORKSPACE_EDITOR_AND_BELOW,
  // The two split editors deliberately do not grant each other.
  workspace_source_editor: ["workspace_source_editor", "workspace_runner", "workspace_reader"],
  workspace_destination_editor: ["workspace_destination_editor", "workspace_runner", "workspace_reader"],
  workspace_runner: ["workspace_runner", "workspace_reader"],
  workspace_reader: ["workspace_reader"],
};

/** The roles a permission type grants, itself included. */
export function grantsOf(type: PermissionType): readonly PermissionType[] {
  return GRANTS[type];
}

/** True for the types that apply to a workspace (and need a workspace id). */
export function isWorkspaceType(type: PermissionType): boolean {
  return type.startsWith("workspace_");
}

/** True for the types that apply to an organization (and need an organization id). */
export function isOrganizationType(type: PermissionType): boolean {
  return type.startsWith("organization_");
}

/** The roles that may change a workspace's sources (editor or source editor). */
export const SOURCE_EDITORS: readonly PermissionType[] = ["workspace_editor", "workspace_source_editor"];

/** The roles that may change a workspace's destinations (editor or destination editor). */
export const DESTINATION_EDITORS: readonly PermissionType[] = [
  "workspace_editor",
  "workspace_destination_editor",
];

/** The roles that may change a workspace, its connections and tags (any of the three editors). */
export const ANY_EDITOR: readonly PermissionType[] = [
  "workspace_editor",
  "workspace_source_editor",
  "workspace_destination_editor",
];
