/**
 * A seed for the role tests: two organizations, three workspaces with a pipeline in `analytics`,
 * and one user per role (each with its own client credentials), plus a user whose only role comes
 * through a group and one with no role at all.
 */
import type { SeedInput } from "../../emulator/index.js";

/** Fixed ids, so tests can name what the seed made. */
export const IDS = {
  acme: "aaaaaaaa-0000-4000-8000-000000000001",
  globex: "aaaaaaaa-0000-4000-8000-000000000002",
  analytics: "bbbbbbbb-0000-4000-8000-000000000001",
  marketing: "bbbbbbbb-0000-4000-8000-000000000002",
  globexWs: "bbbbbbbb-0000-4000-8000-000000000003",
  orders: "cccccccc-0000-4000-8000-000000000001",
  sink: "cccccccc-0000-4000-8000-000000000002",
  pipeline: "cccccccc-0000-4000-8000-000000000003",
  tag: "cccccccc-0000-4000-8000-000000000004",
  editors: "dddddddd-0000-4000-8000-000000000001",
} as const;

/** The roles the matrix covers, each held by the user of the same name on Acme or `analytics`. */
export const ROLE_USERS = [
  { role: "instance_admin", permissions: [] },
  { role: "organization_admin", permissions: [{ type: "organization_admin", organization: "Acme" }] },
  { role: "organization_editor", permissions: [{ type: "organization_editor", organization: "Acme" }] },
  { role: "organization_runner", permissions: [{ type: "organization_runner", organization: "Acme" }] },
  { role: "organization_reader", permissions: [{ type: "organization_reader", organization: "Acme" }] },
  { role: "organization_member", permissions: [{ type: "organization_member", organization: "Acme" }] },
  { role: "workspace_admin", permissions: [{ type: "workspace_admin", workspace: "analytics" }] },
  { role: "workspace_editor", permissions: [{ type: "workspace_editor", workspace: "analytics" }] },
  {
    role: "workspace_source_editor",
    permissions: [{ type: "workspace_source_editor", workspace: "analytics" }],
  },
  {
    role: "workspace_destination_editor",
    permissions: [{ type: "workspace_destination_editor", workspace: "analytics" }],
  },
  { role: "workspace_runner", permissions: [{ type: "workspace_runner", workspace: "analytics" }] },
  { role: "workspace_reader", permissions: [{ type: "workspace_reader", workspace: "analytics" }] },
  // Reader of a workspace of Globex only: nothing of Acme's is within reach.
  { role: "outsider", permissions: [{ type: "workspace_reader", workspace: "globex-ws" }] },
  // Editor of `analytics` only through the group "editors".
  { role: "group_editor", permissions: [{ type: "organization_member", organization: "Acme" }] },
] as const;

/** One of the matrix's roles. */
export type RoleName = (typeof ROLE_USERS)[number]["role"];

/** The client credentials of a role's user. */
export function credentials(role: RoleName): { clientId: string; clientSecret: string } {
  return { clientId: `${role}-client`, clientSecret: `${role}-secret` };
}

/** The user id of a role's user (`eeeeeeee-…-<index>`). */
export function userId(role: RoleName): string {
  const i = ROLE_USERS.findIndex((u) => u.role === role);
  return `eeeeeeee-0000-4000-8000-${String(i + 1).padStart(12, "0")}`;
}

/** The seed: Acme holds `analytics` (with a faker → dev-null pipeline and a tag) and `marketing`. */
export const SEED: SeedInput = {
  organizations: [
    { id: IDS.acme, name: "Acme", email: "admin@acme.example" },
    { id: IDS.globex, name: "Globex", email: "admin@globex.example" },
  ],
  workspaces: [
    {
      id: IDS.analytics,
      name: "analytics",
      organization: "Acme",
      tags: [{ id: IDS.tag, name: "prod", color: "FF5733" }],
      sources: [{ id: IDS.orders, name: "orders", configuration: { sourceType: "faker", count: 10 } }],
      destinations: [
        {
          id: IDS.sink,
          name: "sink",
          definitionId: "a7bcc9d8-13b3-4e49-b80d-d020b90045e3",
          configuration: { test_destination: { test_destination_type: "SILENT" } },
        },
      ],
      connections: [
        { id: IDS.pipeline, name: "pipeline", source: "orders", destination: "sink", tags: ["prod"] },
      ],
    },
    { id: IDS.marketing, name: "marketing", organization: "Acme" },
    { id: IDS.globexWs, name: "globex-ws", organization: "Globex" },
  ],
  users: ROLE_USERS.map((u) => ({
    id: userId(u.role),
    name: u.role,
    email: `${u.role.replaceAll("_", "-")}@acme.example`,
    instanceAdmin: u.role === "instance_admin",
    applications: [{ name: `${u.role} app`, ...credentials(u.role) }],
    permissions: [...u.permissions],
  })),
  groups: [
    {
      id: IDS.editors,
      name: "editors",
      organization: "Acme",
      members: ["group-editor@acme.example"],
      permissions: [{ type: "workspace_editor", workspace: "analytics" }],
    },
  ],
};
