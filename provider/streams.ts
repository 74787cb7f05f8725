/**
 * A connection's streams: the input schema, the one key that identifies a stream (namespace and
 * name), the form diffs compare, the live streams seen through the declared ones, and the checks
 * against the source's catalog that Airbyte applies on create.
 */
import { z } from "zod";
import {
  type Connection as ApiConnection,
  CONNECTION_SYNC_MODES,
  type StreamProperties,
} from "./api/index.js";
import type { CheckFailure } from "./framework/contract.js";
import { containsUnknown } from "./framework/values.js";

/** Every sync mode of the public API: how a stream is read (full or incremental) and written. */
export const SYNC_MODES = CONNECTION_SYNC_MODES;

/** The schema of one declared stream. */
export const StreamSchema = z
  .strictObject({
    name: z.string({ error: "each stream needs the name of a stream of the source (see getStreams)" }).min(1),
    namespace: z.string().optional(),
    syncMode: z.enum(SYNC_MODES, { error: `syncMode must be one of ${SYNC_MODES.join(", ")}` }).optional(),
    cursorField: z
      .array(z.string())
      .min(1, { error: 'cursorField is a field path, e.g. ["updated_at"]' })
      .optional(),
    primaryKey: z
      .array(z.array(z.string()).min(1))
      .min(1, { error: 'primaryKey is a list of field paths, e.g. [["id"]]' })
      .optional(),
    selectedFields: z.array(z.strictObject({ fieldPath: z.array(z.string()).min(1) })).optional(),
    mappers: z
      .array(
        z.strictObject({
          type: z.enum(["hashing", "field-renaming", "row-filtering", "encryption", "field-filtering"]),
          mapperConfiguration: z.record(z.string(), z.unknown()),
        }),
      )
      .optional(),
    destinationObjectName: z.string().optional(),
    includeFiles: z.boolean().optional(),
  })
  .meta({ id: "ConnectionStream", description: "One stream of the source to sync, and how." });

/** One stream of a connection: which data to sync and how. */
export type StreamInputs = z.infer<typeof StreamSchema>;

/**
 * The one key of a stream, everywhere: its namespace and its name. Two streams of the same name
 * in different namespaces (two schemas of one database) are different streams.
 */
export function streamKey(s: {
  readonly name: string;
  readonly namespace?: string | null | undefined;
}): string {
  return `${s.namespace ?? ""}\u0000${s.name}`;
}

function normalizeStream(s: StreamInputs): StreamInputs {
  const out: StreamInputs = { ...s, syncMode: s.syncMode ?? "full_refresh_overwrite" };
  for (const key of Object.keys(out) as Array<keyof StreamInputs>)
    if (out[key] === undefined) delete out[key];
  return out;
}

/**
 * Whether a declared stream names a live or catalog stream: the same name, and the same namespace
 * when the declaration gives one (leaving it out means "the source's stream of that name").
 */
export function namesStream(
  declared: { readonly name: string; readonly namespace?: string | null | undefined },
  other: { readonly name: string; readonly namespace?: string | null | undefined },
): boolean {
  return (
    declared.name === other.name && (declared.namespace == null || declared.namespace === other.namespace)
  );
}

/** Streams compared as a set: order and an explicit default sync mode are not changes. */
export function normalizeStreams(value: unknown): unknown {
  if (!Array.isArray(value)) return value;
  return (value as StreamInputs[])
    .map(normalizeStream)
    .sort((a, b) => (streamKey(a) < streamKey(b) ? -1 : streamKey(a) > streamKey(b) ? 1 : 0));
}

/** Live streams seen through the declared ones: fields Airbyte fills in are kept only if declared. */
export function projectStreams(
  declared: StreamInputs[] | undefined,
  live: ApiConnection,
): StreamInputs[] | undefined {
  const liveStreams = live.configurations?.streams ?? [];
  if (declared === undefined) return undefined;
  return liveStreams.map((l) => {
    const want = declared.find((d) => namesStream(d, l));
    const out: StreamInputs = { name: l.name };
    if (want?.namespace !== undefined && l.namespace !== undefined) out.namespace = l.namespace;
    if (l.syncMode !== undefined) out.syncMode = l.syncMode as StreamInputs["syncMode"];
    if (want?.cursorField !== undefined && l.cursorField !== undefined) out.cursorField = l.cursorField;
    if (want?.primaryKey !== undefined && l.primaryKey !== undefined) out.primaryKey = l.primaryKey;
    if (want?.selectedFields !== undefined && l.selectedFields !== undefined)
      out.selectedFields = l.selectedFields;
    if (want?.mappers !== undefined && l.mappers !== undefined) {
      out.mappers = l.mappers.map((m) => ({
        type: m.type as NonNullable<StreamInputs["mappers"]>[number]["type"],
        mapperConfiguration: m.mapperConfiguration as Record<string, unknown>,
      }));
    }
    for (const key of ["destinationObjectName", "includeFiles"] as const) {
      if (want?.[key] !== undefined)
        (out as Record<string, unknown>)[key] = (l as Record<string, unknown>)[key];
    }
    return out;
  });
}

const NEEDS_PRIMARY_KEY = new Set([
  "incremental_deduped_history",
  "full_refresh_update",
  "incremental_update",
  "full_refresh_overwrite_deduped",
]);

const same = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((x, i) => x === b[i]);
const fmt = (path: readonly string[]) => JSON.stringify(path);

/**
 * Checks declared streams against the source's catalog (`GET /streams`) with the rules Airbyte
 * applies on create, so a bad stream fails `preview` instead of half-way through `up`.
 */
export function streamsCheck(
  streams: readonly unknown[],
  catalog: readonly StreamProperties[],
): CheckFailure[] {
  const failures: CheckFailure[] = [];
  const seen = new Set<string>();
  const names = catalog.map((p) => p.streamName);
  streams.forEach((raw, i) => {
    if (raw === null || typeof raw !== "object") return;
    const s = raw as {
      name?: unknown;
      namespace?: unknown;
      syncMode?: unknown;
      cursorField?: string[];
      primaryKey?: string[][];
    };
    const at = (field: string) => `streams[${i}].${field}`;
    if (typeof s.name !== "string" || containsUnknown(raw)) return;
    const declared = { name: s.name, namespace: typeof s.namespace === "string" ? s.namespace : undefined };
    const key = streamKey(declared);
    if (seen.has(key)) failures.push({ property: at("name"), reason: `stream "${s.name}" is listed twice` });
    seen.add(key);
    const props = catalog.find((p) =>
      namesStream(declared, { name: p.streamName, namespace: p.streamnamespace }),
    );
    if (props === undefined) {
      failures.push({
        property: at("name"),
        reason: `the source has no stream "${s.name}"${s.namespace !== undefined ? ` in namespace "${String(s.namespace)}"` : ""}; its streams are: ${names.join(", ")}`,
      });
      return;
    }
    const mode = typeof s.syncMode === "string" ? s.syncMode : "full_refresh_overwrite";
    // Airbyte never lists full_refresh_overwrite_deduped among a stream's modes, yet accepts it.
    const listed = props.syncModes ?? [];
    if (listed.length > 0 && mode !== "full_refresh_overwrite_deduped" && !listed.includes(mode)) {
      failures.push({
        property: at("syncMode"),
        reason: `stream "${s.name}" cannot use ${mode} with this source and destination; valid modes: ${listed.join(", ")}`,
      });
    }
    if (mode.startsWith("incremental")) {
      const defaultCursor = props.defaultCursorField ?? [];
      if (s.cursorField === undefined) {
        if (!props.sourceDefinedCursorField && defaultCursor.length === 0) {
          failures.push({
            property: at("cursorField"),
            reason: `incremental sync of stream "${s.name}" needs a cursor: set cursorField to a field that grows with each change, e.g. ["updated_at"]`,
          });
        }
      } else if (
        props.sourceDefinedCursorField &&
        defaultCursor.length > 0 &&
        !same(s.cursorField, defaultCursor)
      ) {
        failures.push({
          property: at("cursorField"),
          reason: `stream "${s.name}" has a source-defined cursor ${fmt(defaultCursor)}; remove cursorField or set it to that`,
        });
      } else if (
        props.propertyFields !== undefined &&
        !props.propertyFields.some((f) => same(f, s.cursorField ?? []))
      ) {
        failures.push({
          property: at("cursorField"),
          reason: `stream "${s.name}" has no field ${fmt(s.cursorField)} to use as cursor`,
        });
      }
    }
    if (NEEDS_PRIMARY_KEY.has(mode)) {
      const sourcePk = props.sourceDefinedPrimaryKey ?? [];
      if (s.primaryKey === undefined && sourcePk.length === 0) {
        failures.push({
          property: at("primaryKey"),
          reason: `${mode} on stream "${s.name}" deduplicates and needs a primary key: set primaryKey, e.g. [["id"]]`,
        });
      } else if (
        s.primaryKey !== undefined &&
        sourcePk.length > 0 &&
        JSON.stringify(s.primaryKey) !== JSON.stringify(sourcePk)
      ) {
        failures.push({
          property: at("primaryKey"),
          reason: `stream "${s.name}" has a source-defined primary key ${JSON.stringify(sourcePk)}; remove primaryKey or set it to that`,
        });
      }
    }
  });
  return failures;
}
