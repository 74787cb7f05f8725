/**
 * Turns a connection request's `configurations.streams` into the stored selection, applying the
 * server's catalog rules (AirbyteCatalogHelper): stream lookup, sync-mode support, cursor and
 * primary-key requirements, field selection, defaults from the discovered catalog.
 */
import { randomUUID } from "node:crypto";
import { z } from "zod";
import {
  CONNECTION_SYNC_MODES,
  type ConnectionSyncMode,
  DEDUP_MODES,
  hasField,
  validSyncModes,
} from "./catalog.js";
import type { DestinationSyncMode, DiscoveredStream } from "./connectors/types.js";
import { badRequest } from "./problems.js";
import { ciEnum } from "./request-input.js";
import type { StreamConfigRecord } from "./store.js";

/**
 * A stream's fully qualified name, as the server spells it in messages and notifications:
 * `namespace.name`, or `name` for a stream without a namespace.
 */
export function qualifiedName(s: { name: string; namespace?: string | undefined }): string {
  return s.namespace ? `${s.namespace}.${s.name}` : s.name;
}

/** `StreamConfiguration` as accepted in requests. */
export const streamConfigurationSchema = z.object({
  name: z.string(),
  namespace: z.string().optional(),
  syncMode: ciEnum(CONNECTION_SYNC_MODES).optional(),
  cursorField: z.array(z.string()).optional(),
  primaryKey: z.array(z.array(z.string())).optional(),
  selectedFields: z.array(z.object({ fieldPath: z.array(z.string()) })).optional(),
  mappers: z
    .array(
      z.object({
        id: z.string().optional(),
        type: ciEnum(["hashing", "field-renaming", "row-filtering", "encryption", "field-filtering"]),
        mapperConfiguration: z.record(z.string(), z.unknown()),
      }),
    )
    .optional(),
  includeFiles: z.boolean().optional(),
  destinationObjectName: z.string().optional(),
});

/** One requested stream configuration. */
export type StreamConfigurationInput = z.infer<typeof streamConfigurationSchema>;

const same = (a: readonly unknown[], b: readonly unknown[]): boolean =>
  JSON.stringify(a) === JSON.stringify(b);
const show = (path: readonly string[]): string => `[${path.join(", ")}]`;

function findStream(
  catalog: DiscoveredStream[],
  name: string,
  namespace: string | null | undefined,
): DiscoveredStream {
  let found = catalog.filter((s) => s.name === name);
  if (namespace) found = found.filter((s) => s.namespace === namespace);
  if (found.length === 0) {
    throw badRequest(
      `No streams found with name [${name}] and namespace [${namespace ?? "null"}]. Available streams: ${catalog
        .map(qualifiedName)
        .join(", ")}`,
    );
  }
  if (found.length > 1) throw badRequest(`Multiple streams found with name [${name}]: specify a namespace.`);
  return found[0]!;
}

/** The default selection: every discovered stream, full_refresh_overwrite. */
function defaultStream(s: DiscoveredStream): StreamConfigRecord {
  const out: StreamConfigRecord = { name: s.name, syncMode: "full_refresh_overwrite" };
  if (s.namespace) out.namespace = s.namespace;
  if (s.defaultCursorField.length > 0) out.cursorField = s.defaultCursorField;
  if (s.sourceDefinedPrimaryKey.length > 0) out.primaryKey = s.sourceDefinedPrimaryKey;
  return out;
}

function cursorFor(
  s: DiscoveredStream,
  mode: ConnectionSyncMode,
  given: string[] | undefined,
): string[] | undefined {
  const wanted = given && given.length > 0 ? given : undefined;
  if (!mode.startsWith("incremental"))
    return wanted ?? (s.defaultCursorField.length > 0 ? s.defaultCursorField : undefined);
  if (s.sourceDefinedCursor) {
    if (wanted && !same(wanted, s.defaultCursorField)) {
      throw badRequest(
        `Cursor field cannot be set for stream ${s.name} because it is source defined (${show(s.defaultCursorField)}).`,
      );
    }
    return s.defaultCursorField;
  }
  if (wanted) {
    if (!hasField(s.jsonSchema, wanted)) {
      throw badRequest(
        `Invalid cursor field for stream ${s.name}: ${show(wanted)} is not a field of the stream.`,
      );
    }
    return wanted;
  }
  if (s.defaultCursorField.length > 0) return s.defaultCursorField;
  throw badRequest(`No default cursor field for stream ${s.name}. Please provide a cursorField.`);
}

function primaryKeyFor(
  s: DiscoveredStream,
  mode: ConnectionSyncMode,
  given: string[][] | undefined,
): string[][] | undefined {
  const wanted = given && given.length > 0 ? given : undefined;
  if (!DEDUP_MODES.includes(mode))
    return wanted ?? (s.sourceDefinedPrimaryKey.length > 0 ? s.sourceDefinedPrimaryKey : undefined);
  if (s.sourceDefinedPrimaryKey.length > 0) {
    if (wanted && !same(wanted, s.sourceDefinedPrimaryKey)) {
      throw badRequest(
        `Primary key for stream: ${s.name} is already pre-defined. Please remove the primaryKey or provide the value as ${JSON.stringify(s.sourceDefinedPrimaryKey)}.`,
      );
    }
    return s.sourceDefinedPrimaryKey;
  }
  if (!wanted) throw badRequest(`No default primary key for stream ${s.name}. Please provide a primaryKey.`);
  const seen = new Set<string>();
  for (const path of wanted) {
    if (!hasField(s.jsonSchema, path)) {
      throw badRequest(
        `Invalid primary key for stream ${s.name}: ${show(path)} is not a field of the stream.`,
      );
    }
    const key = JSON.stringify(path);
    if (seen.has(key)) throw badRequest(`Duplicate primary key field ${show(path)} for stream ${s.name}.`);
    seen.add(key);
  }
  return wanted;
}

function checkSelectedFields(
  s: DiscoveredStream,
  mode: ConnectionSyncMode,
  fields: { fieldPath: string[] }[],
  cursor: string[] | undefined,
  pk: string[][] | undefined,
): void {
  if (fields.length === 0) throw badRequest(`Selected fields for stream ${s.name} cannot be empty.`);
  const names = new Set<string>();
  for (const f of fields) {
    if (f.fieldPath.length !== 1) {
      throw badRequest(
        `Nested field selection is not supported (stream ${s.name}, field ${show(f.fieldPath)}).`,
      );
    }
    const name = f.fieldPath[0]!;
    if (names.has(name)) throw badRequest(`Duplicate selected field ${name} for stream ${s.name}.`);
    if (!hasField(s.jsonSchema, f.fieldPath))
      throw badRequest(`Selected field ${name} does not exist in stream ${s.name}.`);
    names.add(name);
  }
  if (mode.startsWith("incremental") && cursor?.[0] !== undefined && !names.has(cursor[0])) {
    throw badRequest(`Cursor field ${cursor[0]} must be selected for stream ${s.name}.`);
  }
  if (DEDUP_MODES.includes(mode)) {
    for (const path of pk ?? []) {
      if (path[0] !== undefined && !names.has(path[0])) {
        throw badRequest(`Primary key field ${path[0]} must be selected for stream ${s.name}.`);
      }
    }
  }
}

/**
 * The stored selection for `given` (undefined/empty: every stream, full_refresh_overwrite).
 * Only listed streams are selected.
 */
export function buildSelection(
  catalog: DiscoveredStream[],
  destModes: readonly DestinationSyncMode[],
  given: StreamConfigurationInput[] | null | undefined,
): StreamConfigRecord[] {
  if (!given || given.length === 0) return catalog.map(defaultStream);
  const seen = new Set<string>();
  return given.map((g) => {
    const key = `${g.namespace ?? ""}\u0000${g.name}`;
    if (seen.has(key)) throw badRequest(`Duplicate stream found in configuration for: ${g.name}`);
    seen.add(key);
    const s = findStream(catalog, g.name, g.namespace);
    const mode: ConnectionSyncMode = g.syncMode ?? "full_refresh_overwrite";
    const valid = validSyncModes(s, destModes);
    if (!valid.includes(mode)) {
      throw badRequest(
        `Cannot set sync mode to ${mode} for stream ${s.name}. Valid sync modes are: [${valid.join(", ")}]`,
      );
    }
    const cursorField = cursorFor(s, mode, g.cursorField ?? undefined);
    const primaryKey = primaryKeyFor(s, mode, g.primaryKey ?? undefined);
    if (g.selectedFields) checkSelectedFields(s, mode, g.selectedFields, cursorField, primaryKey);
    const out: StreamConfigRecord = { name: s.name, syncMode: mode };
    if (s.namespace) out.namespace = s.namespace;
    if (cursorField) out.cursorField = cursorField;
    if (primaryKey) out.primaryKey = primaryKey;
    if (g.selectedFields) out.selectedFields = g.selectedFields;
    if (g.mappers) {
      out.mappers = g.mappers.map((m) => ({
        id: m.id ?? randomUUID(),
        type: m.type,
        mapperConfiguration: m.mapperConfiguration,
      }));
    }
    if (typeof g.includeFiles === "boolean") out.includeFiles = g.includeFiles;
    if (g.destinationObjectName) out.destinationObjectName = g.destinationObjectName;
    return out;
  });
}
