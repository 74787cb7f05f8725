/**
 * The API's response bodies built from stored records (`WorkspaceResponse`, `SourceResponse`, …
 * of the public API's OpenAPI spec), in one module because responses embed each other: a
 * connection carries its tags.
 */
import { ACTOR_KINDS } from "./connectors/kinds.js";
import { cronResponse } from "./cron.js";
import { isoDuration, isTerminal, javaIsoTime } from "./jobs.js";
import { definitionOf } from "./lookups.js";
import type { App } from "./routing.js";
import {
  type ActorRecord,
  type ConnectionRecord,
  type JobRecord,
  NOTIFICATION_KEYS,
  type State,
  type TagRecord,
  type WorkspaceRecord,
} from "./store.js";

/** `WorkspaceResponse`. */
export function workspaceResponse(w: WorkspaceRecord): Record<string, unknown> {
  const notifications: Record<string, unknown> = {};
  for (const k of NOTIFICATION_KEYS) {
    const n = w.notifications[k];
    notifications[k] = { email: { enabled: n.email }, webhook: { enabled: n.webhook, url: n.url } };
  }
  return { workspaceId: w.workspaceId, name: w.name, dataResidency: w.dataResidency, notifications };
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
