/**
 * Schema changes as the platform sees them: a source's discovered catalog with the emulator's
 * drift applied, the snapshot a connection keeps of the catalog it was configured against, and the
 * diff between two snapshots (streams added or removed; fields added or removed and primary keys
 * changed in the streams both hold), with the platform's rule for what breaks a connection: a
 * removed field that a selected stream uses as cursor or primary key, or a changed primary key of
 * a selected stream.
 */
import type { DiscoveredStream } from "./connectors/types.js";
import type { CatalogSnapshot, SchemaDrift, StreamConfigRecord } from "./store.js";
import { qualifiedName } from "./streams.js";

const NULLABLE_STRING = { type: ["null", "string"] };

function sameKey(a: readonly unknown[], b: readonly unknown[]): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The catalog a discover returns once the drifts, in order, are applied to the connector's. */
export function applyDrift(
  streams: DiscoveredStream[],
  drifts: readonly SchemaDrift[] = [],
): DiscoveredStream[] {
  let out = streams;
  for (const d of drifts) {
    const removed = new Set(d.removeStreams ?? []);
    out = out
      .filter((s) => !removed.has(s.name))
      .map((s) => {
        const add = d.addFields?.[s.name] ?? [];
        const drop = new Set(d.removeFields?.[s.name] ?? []);
        const pk = d.primaryKey?.[s.name];
        if (add.length === 0 && drop.size === 0 && pk === undefined) return s;
        const props = { ...((s.jsonSchema.properties as Record<string, unknown> | undefined) ?? {}) };
        for (const f of drop) delete props[f];
        for (const f of add) props[f] ??= NULLABLE_STRING;
        const keep = (path: readonly string[]) => path[0] === undefined || !drop.has(path[0]);
        return {
          ...s,
          jsonSchema: { ...s.jsonSchema, properties: props },
          defaultCursorField: keep(s.defaultCursorField) ? s.defaultCursorField : [],
          sourceDefinedCursor: s.sourceDefinedCursor && keep(s.defaultCursorField),
          sourceDefinedPrimaryKey: pk ?? s.sourceDefinedPrimaryKey.filter(keep),
        };
      });
    for (const a of d.addStreams ?? []) {
      if (out.some((s) => s.name === a.name)) continue;
      out = [
        ...out,
        {
          name: a.name,
          ...(a.namespace !== undefined && { namespace: a.namespace }),
          jsonSchema: {
            type: "object",
            properties: Object.fromEntries(a.fields.map((f) => [f, NULLABLE_STRING])),
          },
          supportedSyncModes: ["full_refresh", "incremental"],
          sourceDefinedCursor: false,
          defaultCursorField: [],
          sourceDefinedPrimaryKey: [],
          records: 10,
          recordBytes: 64,
        },
      ];
    }
  }
  return out;
}

/** What a connection keeps of a catalog to diff it later. */
export function snapshotOf(streams: readonly DiscoveredStream[]): CatalogSnapshot {
  return streams.map((s) => ({
    name: s.name,
    ...(s.namespace !== undefined && { namespace: s.namespace }),
    fields: Object.keys((s.jsonSchema.properties as Record<string, unknown> | undefined) ?? {}),
    primaryKey: s.sourceDefinedPrimaryKey,
  }));
}

/** One stream's changes in a {@link CatalogDiff}. */
export type StreamTransform =
  | { type: "add_stream"; stream: string }
  | { type: "remove_stream"; stream: string }
  | {
      type: "update_stream";
      stream: string;
      addedFields: string[];
      removedFields: string[];
      /** Set when the primary key changed. */
      primaryKey?: { old: string[][]; new: string[][] };
      breaking: boolean;
    };

/** The changes between the catalog a connection was configured against and a newer one. */
export interface CatalogDiff {
  transforms: StreamTransform[];
  /** True when a transform breaks the connection (see the module comment). */
  breaking: boolean;
}

/** The diff of two snapshots, breaking judged against the connection's selected streams. */
export function diffCatalogs(
  before: CatalogSnapshot,
  after: CatalogSnapshot,
  selected: readonly StreamConfigRecord[],
): CatalogDiff {
  const key = (s: { name: string; namespace?: string }) => qualifiedName(s);
  const old = new Map(before.map((s) => [key(s), s]));
  const now = new Map(after.map((s) => [key(s), s]));
  const transforms: StreamTransform[] = [];
  for (const [k] of now) if (!old.has(k)) transforms.push({ type: "add_stream", stream: k });
  for (const [k] of old) if (!now.has(k)) transforms.push({ type: "remove_stream", stream: k });
  for (const [k, o] of old) {
    const n = now.get(k);
    if (!n) continue;
    const addedFields = n.fields.filter((f) => !o.fields.includes(f));
    const removedFields = o.fields.filter((f) => !n.fields.includes(f));
    const pkChanged = !sameKey(o.primaryKey, n.primaryKey);
    if (addedFields.length === 0 && removedFields.length === 0 && !pkChanged) continue;
    const config = selected.find((s) => qualifiedName(s) === k);
    const used = new Set([
      ...(config?.cursorField?.slice(0, 1) ?? []),
      ...(config?.primaryKey ?? []).map((p) => p[0]),
    ]);
    const breaking = config !== undefined && (pkChanged || removedFields.some((f) => used.has(f)));
    transforms.push({
      type: "update_stream",
      stream: k,
      addedFields,
      removedFields,
      ...(pkChanged && { primaryKey: { old: o.primaryKey, new: n.primaryKey } }),
      breaking,
    });
  }
  return { transforms, breaking: transforms.some((t) => t.type === "update_stream" && t.breaking) };
}

function formatPrimaryKey(pk: string[][]): string {
  return pk.map((p) => p.join(".")).join(", ");
}

/**
 * The summary the platform's webhook notifications carry: streams added, removed and with a new
 * primary key, then fields added and removed per stream (SlackNotificationClient.buildSummary).
 */
export function diffSummary(diff: CatalogDiff): string {
  const byName = <T extends StreamTransform>(xs: T[]) =>
    [...xs].sort((a, b) => a.stream.localeCompare(b.stream));
  const added = byName(diff.transforms.filter((t) => t.type === "add_stream"));
  const removed = byName(diff.transforms.filter((t) => t.type === "remove_stream"));
  const updates = diff.transforms.filter(
    (t): t is Extract<StreamTransform, { type: "update_stream" }> => t.type === "update_stream",
  );
  const pk = byName(updates.filter((t) => t.primaryKey));
  const fields = byName(updates.filter((t) => !t.primaryKey));
  let out = "";
  if (added.length + removed.length + pk.length > 0) {
    out += ` • Streams (+${added.length}/-${removed.length}/~${pk.length})\n`;
    for (const t of added) out += `   ＋ ${t.stream}\n`;
    for (const t of removed) out += `   － ${t.stream}\n`;
    for (const t of pk) {
      const o = formatPrimaryKey(t.primaryKey!.old);
      const n = formatPrimaryKey(t.primaryKey!.new);
      out += `   ~ ${t.stream}\n`;
      if (o && !n) out += `     • ${o} removed as primary key\n`;
      else if (!o && n) out += `     • ${n} added as primary key\n`;
      else if (o) out += `     • Primary key changed (${o} -> ${n})\n`;
    }
  }
  if (fields.length > 0) {
    const plus = fields.reduce((n, t) => n + t.addedFields.length, 0);
    const minus = fields.reduce((n, t) => n + t.removedFields.length, 0);
    out += ` • Fields (+${plus}/~0/-${minus})\n`;
    for (const t of fields) {
      out += `   • ${t.stream}\n`;
      for (const f of [...t.addedFields].sort()) out += `     ＋ ${f}\n`;
      for (const f of [...t.removedFields].sort()) out += `     － ${f}\n`;
    }
  }
  return out;
}
