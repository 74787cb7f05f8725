/**
 * Catalog helpers shared by `/streams` and connections: the public sync-mode enum and its mapping
 * to (source, destination) mode pairs, and the property paths of a stream schema.
 */
import type {
  DestinationSyncMode,
  DiscoveredStream,
  JsonSchema,
  SourceSyncMode,
} from "./connectors/types.js";

/** `ConnectionSyncModeEnum` → the internal (syncMode, destinationSyncMode) pair. */
export const SYNC_MODES = {
  full_refresh_overwrite: ["full_refresh", "overwrite"],
  full_refresh_overwrite_deduped: ["full_refresh", "overwrite_dedup"],
  full_refresh_append: ["full_refresh", "append"],
  full_refresh_update: ["full_refresh", "update"],
  full_refresh_soft_delete: ["full_refresh", "soft_delete"],
  incremental_append: ["incremental", "append"],
  incremental_deduped_history: ["incremental", "append_dedup"],
  incremental_update: ["incremental", "update"],
  incremental_soft_delete: ["incremental", "soft_delete"],
} as const satisfies Record<string, readonly [SourceSyncMode, DestinationSyncMode]>;

/** A value of `ConnectionSyncModeEnum`. */
export type ConnectionSyncMode = keyof typeof SYNC_MODES;

/** The enum values, in spec order. */
export const CONNECTION_SYNC_MODES = Object.keys(SYNC_MODES) as [ConnectionSyncMode, ...ConnectionSyncMode[]];

/** Modes whose destination side deduplicates, so they need a primary key. */
export const DEDUP_MODES: readonly ConnectionSyncMode[] = [
  "incremental_deduped_history",
  "full_refresh_update",
  "incremental_update",
  "full_refresh_overwrite_deduped",
];

/** Every mode valid for a stream and destination (what a sync-mode check accepts). */
export function validSyncModes(
  stream: DiscoveredStream,
  dest: readonly DestinationSyncMode[],
): ConnectionSyncMode[] {
  return CONNECTION_SYNC_MODES.filter((m) => {
    const [s, d] = SYNC_MODES[m];
    return stream.supportedSyncModes.includes(s) && dest.includes(d);
  });
}

/** The modes `/streams` lists: as {@link validSyncModes} but never `full_refresh_overwrite_deduped`. */
export function listedSyncModes(
  stream: DiscoveredStream,
  dest: readonly DestinationSyncMode[],
): ConnectionSyncMode[] {
  return validSyncModes(stream, dest).filter((m) => m !== "full_refresh_overwrite_deduped");
}

/** Every property path of a stream schema, nested ones included, depth-first. */
export function propertyFields(schema: JsonSchema): string[][] {
  const out: string[][] = [];
  const walk = (s: unknown, prefix: string[]): void => {
    const props = (s as { properties?: unknown } | null)?.properties;
    if (typeof props !== "object" || props === null) return;
    for (const [k, v] of Object.entries(props)) {
      out.push([...prefix, k]);
      walk(v, [...prefix, k]);
    }
  };
  walk(schema, []);
  return out;
}

/** True when `path` is a property path of the schema. */
export function hasField(schema: JsonSchema, path: readonly string[]): boolean {
  return propertyFields(schema).some((p) => p.length === path.length && p.every((x, i) => x === path[i]));
}
