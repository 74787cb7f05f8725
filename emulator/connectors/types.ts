/**
 * The emulator's core connector types: JSON Schemas, sync modes, discovered streams and the shape
 * of a built-in connector. Data only; the registry (`../connectors.ts`) gives them behaviour.
 */
import type { ActorKind } from "./kinds.js";

/** A JSON Schema object. */
export type JsonSchema = Record<string, unknown>;

/** Source-side sync modes. */
export type SourceSyncMode = "full_refresh" | "incremental";

/** Destination-side sync modes. */
export type DestinationSyncMode =
  | "overwrite"
  | "append"
  | "append_dedup"
  | "overwrite_dedup"
  | "update"
  | "soft_delete";

/** One stream of a discovered catalog. */
export interface DiscoveredStream {
  name: string;
  namespace?: string;
  jsonSchema: JsonSchema;
  supportedSyncModes: SourceSyncMode[];
  sourceDefinedCursor: boolean;
  defaultCursorField: string[];
  sourceDefinedPrimaryKey: string[][];
  /** Records a full sync of the stream emits. */
  records: number;
  /** Average serialised record size, for `bytesSynced`. */
  recordBytes: number;
}

/** A connector the emulator serves. */
export interface BuiltinConnector {
  kind: ActorKind;
  id: string;
  /** The `sourceType`/`destinationType` name, or "" when the server's table lacks it (dev-null). */
  slug: string;
  /** Schema name in api_sdk.yaml without the kind prefix (differs from slug for dev-null). */
  specName: string;
  name: string;
  version: string;
  spec: JsonSchema;
  discover?: (config: Record<string, unknown>) => DiscoveredStream[];
  destinationSyncModes?: DestinationSyncMode[];
}
