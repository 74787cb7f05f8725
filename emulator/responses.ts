/**
 * The API's response bodies built from stored records (`WorkspaceResponse`, `SourceResponse`, …
 * of the public API's OpenAPI spec), in one module because responses embed each other: a
 * connection carries its tags.
 */
import { ACTOR_KINDS } from "./connectors/kinds.js";
import { cronResponse } from "./cron.js";
import { isoDuration, isTerminal, javaIsoTime } from "./jobs.js";
import { definitionOf } from "./lookups.js";
import type { App } from "./route-contract.js";
import {
  type ActorRecord,
  type ApplicationRecord,
  type ConnectionRecord,
  type CustomDefinitionRecord,
  type DataplaneRecord,
  type GroupMemberRecord,
  type GroupRecord,
  type JobRecord,
  NOTIFICATION_KEYS,
  type PermissionRecord,
  type RegionRecord,
  type State,
  type TagRecord,
  type UserRecord,
  type WorkspaceRecord,
} from "./store.js";

/**
 * `WorkspaceResponse`. `dataResidency` is the lower-cased name of the workspace's region (the
 * value stored at creation for a workspace whose region record is gone).
 */
export function workspaceResponse(state: State, w: WorkspaceRecord): Record<string, unknown> {
  const notifications: Record<string, unknown> = {};
  for (const k of NOTIFICATION_KEYS) {
    const n = w.notifications[k];
    notifications[k] = { email: { enabled: n.email }, webhook: { enabled: n.webhook, url: n.url } };
  }
  const region = w.regionId ? state.regions[w.regionId] : undefined;
  const dataResidency = region ? region.name.toLowerCase() : w.dataResidency;
  return { workspaceId: w.workspaceId, name: w.name, dataResidency, notifications };
}

/** `SourceResponse` / `DestinationResponse`, secrets masked. */
export function actorResponse(app: App, a: ActorRecord): Record<string, unknown> {
  const k = ACTOR_KINDS[a.kind];
  const def = definitionOf(app, a);
  return {
    [k.idKey]: a.id,
    name: a.name,
    [k.typeKey]: def.slug,
    definitionId: a.definitionId,
    workspaceId: a.workspaceId,
    configuration: app.connectors.mask(def, a.configuration),
    createdAt: a.createdAt,
    resourceAllocation: a.resourceAllocation,
  };
}

/** `TagResponse` (also the `Tag` object embedded in connections). */
export function tagResponse(t: TagRecord): Record<string, unknown> {
  return { tagId: t.tagId, name: t.name, color: t.color, workspaceId: t.workspaceId };
}

/** `ConnectionResponse`. */
export function connectionResponse(state: State, c: ConnectionRecord): Record<string, unknown> {
  return {
    connectionId: c.connectionId,
    name: c.name,
    sourceId: c.sourceId,
    destinationId: c.destinationId,
    workspaceId: c.workspaceId,
    status: c.status,
    schedule:
      c.schedule.scheduleType === "cron"
        ? { scheduleType: "cron", cronExpression: cronResponse(c.schedule.cronExpression) }
        : { scheduleType: "manual" },
    nonBreakingSchemaUpdatesBehavior: c.nonBreakingSchemaUpdatesBehavior,
    namespaceDefinition: c.namespaceDefinition,
    namespaceFormat: c.namespaceFormat,
    prefix: c.prefix,
    configurations: { streams: c.streams },
    createdAt: c.createdAt,
    tags: c.tagIds.flatMap((id) => {
      const t = state.tags[id];
      return t ? [tagResponse(t)] : [];
    }),
  };
}

/** `JobResponse`. */
export function jobResponse(j: JobRecord): Record<string, unknown> {
  const terminal = isTerminal(j.status);
  const started = j.status !== "pending";
  return {
    jobId: j.jobId,
    status: j.status,
    jobType: j.jobType,
    startTime: javaIsoTime(j.createdAt),
    connectionId: j.connectionId,
    lastUpdatedAt: terminal ? javaIsoTime(j.updatedAt) : undefined,
    duration: started ? isoDuration(Math.round((j.updatedAt - j.createdAt) / 1000)) : undefined,
    bytesSynced: started ? (terminal ? j.bytes : 0) : undefined,
    rowsSynced: started ? (terminal ? j.rows : 0) : undefined,
  };
}

/** What every read of an application shows in place of its secret, which only creation returns. */
export const APPLICATION_SECRET_MASK = "**********";

/** `ApplicationRead`; the secret is masked unless `withSecret` (the answer to its creation). */
export function applicationResponse(a: ApplicationRecord, withSecret = false): Record<string, unknown> {
  return {
    id: a.id,
    name: a.name,
    clientId: a.clientId,
    clientSecret: withSecret ? a.clientSecret : APPLICATION_SECRET_MASK,
    createdAt: a.createdAt,
  };
}

/** `UserResponse`. */
export function userResponse(u: UserRecord): Record<string, unknown> {
  return { id: u.id, name: u.name, email: u.email };
}

/** `PermissionResponse` (a user's permission). */
export function permissionResponse(p: PermissionRecord): Record<string, unknown> {
  return {
    permissionId: p.permissionId,
    permissionType: p.permissionType,
    userId: p.userId,
    workspaceId: p.workspaceId,
    organizationId: p.organizationId,
  };
}

/** The scope id of a permission without one (instance admin), as the server reports it. */
const NO_SCOPE_ID = "00000000-0000-0000-0000-000000000000";

/** `PermissionResponseRead`: a permission with its scope spelt out. */
export function permissionReadResponse(p: PermissionRecord): Record<string, unknown> {
  const scope = p.workspaceId ? "workspace" : p.organizationId ? "organization" : "none";
  return {
    permissionId: p.permissionId,
    permissionType: p.permissionType,
    userId: p.userId,
    scope,
    scopeId: p.workspaceId ?? p.organizationId ?? NO_SCOPE_ID,
  };
}

/** `GroupResponse`. */
export function groupResponse(state: State, g: GroupRecord): Record<string, unknown> {
  const memberCount = Object.values(state.groupMembers).filter((m) => m.groupId === g.groupId).length;
  return {
    groupId: g.groupId,
    name: g.name,
    description: g.description,
    organizationId: g.organizationId,
    memberCount,
  };
}

/** `GroupMemberResponse`. */
export function groupMemberResponse(state: State, m: GroupMemberRecord): Record<string, unknown> {
  const u = state.users[m.userId];
  return {
    memberId: m.memberId,
    groupId: m.groupId,
    userId: m.userId,
    userEmail: u?.email ?? "",
    userName: u?.name ?? "",
  };
}

/** `GroupPermissionResponse`. */
export function groupPermissionResponse(p: PermissionRecord): Record<string, unknown> {
  return {
    permissionId: p.permissionId,
    groupId: p.groupId,
    permissionType: p.permissionType,
    workspaceId: p.workspaceId,
    organizationId: p.organizationId,
  };
}

/** `DefinitionResponse` (a custom docker definition). */
export function definitionResponse(d: CustomDefinitionRecord): Record<string, unknown> {
  return {
    id: d.id,
    name: d.name,
    dockerRepository: d.dockerRepository,
    dockerImageTag: d.dockerImageTag,
    documentationUrl: d.documentationUrl,
  };
}

/** `DeclarativeSourceDefinitionResponse`. */
export function declarativeDefinitionResponse(d: CustomDefinitionRecord): Record<string, unknown> {
  return { id: d.id, name: d.name, manifest: d.manifest ?? {}, version: d.version ?? 1 };
}

/** A time of a region or data plane, as Java's `OffsetDateTime.toString()` of epoch seconds. */
function javaOffsetTime(seconds: number): string {
  return javaIsoTime(seconds * 1000);
}

/** `RegionResponse`. */
export function regionResponse(r: RegionRecord): Record<string, unknown> {
  return {
    regionId: r.regionId,
    name: r.name,
    organizationId: r.organizationId,
    enabled: r.enabled,
    createdAt: javaOffsetTime(r.createdAt),
    updatedAt: javaOffsetTime(r.updatedAt),
  };
}

/** `DataplaneResponse`. */
export function dataplaneResponse(d: DataplaneRecord): Record<string, unknown> {
  return {
    dataplaneId: d.dataplaneId,
    name: d.name,
    regionId: d.regionId,
    enabled: d.enabled,
    createdAt: javaOffsetTime(d.createdAt),
    updatedAt: javaOffsetTime(d.updatedAt),
  };
}
