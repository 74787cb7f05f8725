/**
 * A mini-language for writing the built-in connectors' JSON Schemas by hand: short names for the
 * property types that recur in every spec and stream schema, so a fixture reads like its table.
 */
import type { JsonSchema } from "./types.js";

/** A string property. */
export const str = { type: "string" } as const;

/** An integer property. */
export const int = { type: "integer" } as const;

/** A string the server masks in responses (`airbyte_secret`, as in the real connector specs). */
export const secret = (extra: JsonSchema = {}): JsonSchema => ({
  type: "string",
  airbyte_secret: true,
  ...extra,
});

/** A nullable string column. */
export const nstr = { type: ["null", "string"] } as const;

/** A nullable integer column. */
export const nint = { type: ["null", "integer"] } as const;

/** A nullable number column. */
export const nnum = { type: ["null", "number"] } as const;

/** A nullable date-time column. */
export const ts = { type: ["null", "string"], format: "date-time" } as const;

/** A stream's record schema (draft-07, as discovered catalogs declare it) with these properties. */
export function objectSchema(properties: Record<string, unknown>): JsonSchema {
  return { type: "object", $schema: "http://json-schema.org/draft-07/schema#", properties };
}
