/**
 * An upstream schema change, as the platform handles the discover that finds it
 * (ConnectionsHandler.postprocessDiscoveredCatalog): for every connection of the source, the diff
 * against the catalog the connection was configured with; the connection disabled when the change
 * breaks it, or when it asks for that on any change (`nonBreakingSchemaUpdatesBehavior:
 * disable_connection`); non-breaking changes propagated when it asks for that (`propagate_columns`,
 * `propagate_fully`); and the workspace's schema-change webhook notified with the platform's Slack
 * payload: "The schema of … has changed." when propagated (item `connectionUpdate`), "Airbyte
 * detected schema changes for …" when they wait for approval (`connectionUpdateActionRequired` for
 * a breaking change, `connectionUpdate` otherwise).
 */
import { z } from "zod";
import { catalogOf, liveActor } from "./lookups.js";
import type { App } from "./route-contract.js";
import {
  type CatalogDiff,
  diffCatalogs,
  diffSummary,
  type StreamTransform,
  snapshotOf,
} from "./schema-diff.js";
import type { ConnectionRecord, SchemaDrift, State, StreamConfigRecord } from "./store.js";
import { qualifiedName } from "./streams.js";
import { link, mrkdwn, postWebhook } from "./webhooks.js";

const fieldList = z.array(z.string().min(1));

/** A schema change as the test hooks take it (see {@link SchemaDrift}). */
export const schemaDriftSchema = z.strictObject({
  addStreams: z
    .array(z.strictObject({ name: z.string().min(1), namespace: z.string().optional(), fields: fieldList }))
    .optional(),
  removeStreams: fieldList.optional(),
  addFields: z.record(z.string(), fieldList).optional(),
  removeFields: z.record(z.string(), fieldList).optional(),
  primaryKey: z.record(z.string(), z.array(fieldList)).optional(),
});

/** What a schema change did to one connection. */
export interface SchemaChangeOutcome {
  connectionId: string;
  /** The diff had a change that breaks the connection. */
  breaking: boolean;
  /** The connection's status afterwards (`inactive` when the change disabled it). */
  status: ConnectionRecord["status"];
  /** The change was applied to the connection's streams. */
  propagated: boolean;
  /** The notification item a webhook was sent for, if one was. */
  notified?: "connectionUpdate" | "connectionUpdateActionRequired";
}

/** The connection's streams with an applied diff: removed streams and fields go, `fully` adds streams. */
function propagate(
  streams: StreamConfigRecord[],
  diff: CatalogDiff,
  fully: boolean,
  catalog: ReturnType<typeof catalogOf>,
): StreamConfigRecord[] {
  const removedStreams = new Set(
    diff.transforms.filter((t) => t.type === "remove_stream").map((t) => t.stream),
  );
  const out = streams
    .filter((s) => !removedStreams.has(qualifiedName(s)))
    .map((s) => {
      const t = diff.transforms.find(
        (x): x is Extract<StreamTransform, { type: "update_stream" }> =>
          x.type === "update_stream" && x.stream === qualifiedName(s),
      );
      if (!t || !s.selectedFields) return s;
      // A field selection follows the columns: removed ones leave it, new ones join it.
      const kept = s.selectedFields.filter((f) => !t.removedFields.includes(f.fieldPath[0] ?? ""));
      return { ...s, selectedFields: [...kept, ...t.addedFields.map((f) => ({ fieldPath: [f] }))] };
    });
  if (fully) {
    for (const t of diff.transforms) {
      if (t.type !== "add_stream") continue;
      const s = catalog.find((c) => qualifiedName(c) === t.stream);
      if (!s) continue;
      out.push({
        name: s.name,
        ...(s.namespace && { namespace: s.namespace }),
        syncMode: "full_refresh_overwrite",
      });
    }
  }
  return out;
}

/** The Slack payload of a schema-change notification (SlackNotificationClient). */
function notification(
  state: State,
  c: ConnectionRecord,
  diff: CatalogDiff,
  webappUrl: string,
  kind: "propagated" | "toApply" | "toApplyDisabled",
): { text: string; blocks: unknown[] } | undefined {
  const ws = state.workspaces[c.workspaceId];
  const source = state.sources[c.sourceId];
  if (!ws || !source) return undefined;
  const wsUrl = `${webappUrl}/workspaces/${ws.workspaceId}`;
  const connLink = link(`${wsUrl}/connections/${c.connectionId}`, c.name);
  const header =
    kind === "propagated"
      ? `The schema of '${connLink}' has changed.`
      : `Airbyte detected schema changes for '${connLink}'.`;
  const message =
    kind === "toApply"
      ? `The upstream schema of '${c.name}' has changed. Please review and approve the changes to reflect them in your connection.`
      : `The upstream schema of '${c.name}' has changed. Airbyte has automatically disabled your connections according to your propagation setting. Please review and approve the changes, then re-enable your connection to continue syncing.`;
  const blocks: unknown[] = [{ type: "section", text: mrkdwn(header) }];
  if (kind !== "propagated") blocks.push({ type: "section", text: mrkdwn(message) });
  blocks.push(
    {
      type: "section",
      fields: [
        mrkdwn("*Workspace*"),
        mrkdwn(link(wsUrl, ws.name)),
        mrkdwn("*Source*"),
        mrkdwn(link(`${wsUrl}/source/${source.id}`, source.name)),
      ],
    },
    { type: "divider" },
    { type: "section", text: mrkdwn(diffSummary(diff)) },
  );
  return { text: header, blocks };
}

/**
 * Applies a schema change to a source's discovered catalog, then does to each of its connections
 * what the platform does after a discover, and sends the notifications (resolving once they are
 * sent). Throws 404 for a source that does not exist or was deleted.
 */
export async function changeSourceSchema(
  app: App,
  sourceId: string,
  change: SchemaDrift,
  webappUrl: string,
): Promise<SchemaChangeOutcome[]> {
  const { store } = app;
  const { state } = store;
  const source = liveActor(state, "source", sourceId);
  state.schemaDrift[source.id] = [...(state.schemaDrift[source.id] ?? []), change];
  const catalog = catalogOf(app, source);
  const after = snapshotOf(catalog);
  const outcomes: SchemaChangeOutcome[] = [];
  const sends: Promise<void>[] = [];
  for (const c of Object.values(state.connections)) {
    if (c.sourceId !== source.id || c.status === "deprecated") continue;
    const diff = diffCatalogs(c.catalog, after, c.streams);
    const changed = diff.transforms.length > 0;
    const pref = c.nonBreakingSchemaUpdatesBehavior;
    // disableConnectionIfNeeded: a breaking change, or any change when the connection asks for it.
    if (diff.breaking || (changed && pref === "disable_connection")) c.status = "inactive";
    const outcome: SchemaChangeOutcome = {
      connectionId: c.connectionId,
      breaking: diff.breaking,
      status: c.status,
      propagated: false,
    };
    let kind: "propagated" | "toApply" | "toApplyDisabled" | undefined;
    if (!changed) {
      c.catalog = after;
    } else if (!diff.breaking && (pref === "propagate_columns" || pref === "propagate_fully")) {
      c.streams = propagate(c.streams, diff, pref === "propagate_fully", catalog);
      c.catalog = after;
      outcome.propagated = true;
      kind = "propagated";
    } else if (pref === "ignore" || pref === "disable_connection") {
      kind = pref === "disable_connection" ? "toApplyDisabled" : "toApply";
    }
    const itemKey = diff.breaking ? "connectionUpdateActionRequired" : "connectionUpdate";
    const item = state.workspaces[c.workspaceId]?.notifications[itemKey];
    const payload = kind ? notification(state, c, diff, webappUrl, kind) : undefined;
    if (payload && item?.webhook && item.url) {
      outcome.notified = itemKey;
      sends.push(postWebhook(item.url, payload, app.log, `schema change of connection ${c.connectionId}`));
    }
    outcomes.push(outcome);
  }
  store.save();
  app.log(`schema of source ${source.id} changed: ${outcomes.length} connections checked`);
  await Promise.all(sends);
  return outcomes;
}
