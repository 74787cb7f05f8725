/**
 * What a discover of each connector returns: deterministic catalogs (streams, schemas, sync modes)
 * with record counts and sizes derived from the configuration, so a connection's streams and a
 * sync's `rowsSynced` / `bytesSynced` are plausible and the same on every run.
 */
import { createHash } from "node:crypto";
import { nint, nnum, nstr, objectSchema, str, ts } from "./schema-dsl.js";
import type { DiscoveredStream, SourceSyncMode } from "./types.js";

/** Deterministic number in [min, max] from the given parts. */
function stableNumber(min: number, max: number, ...parts: unknown[]): number {
  const h = createHash("sha256").update(JSON.stringify(parts)).digest();
  return min + (h.readUInt32BE(0) % (max - min + 1));
}

/** Two tables of a relational source, in `namespace`. */
function relationalTables(namespace: string | undefined, seed: unknown): DiscoveredStream[] {
  const table = (name: string, properties: Record<string, unknown>): DiscoveredStream => ({
    name,
    namespace,
    jsonSchema: objectSchema(properties),
    supportedSyncModes: ["full_refresh", "incremental"],
    sourceDefinedCursor: false,
    defaultCursorField: [],
    sourceDefinedPrimaryKey: [["id"]],
    records: stableNumber(100, 5000, seed, namespace, name),
    recordBytes: 180,
  });
  return [
    table("customers", {
      id: { type: "number", airbyte_type: "integer" },
      name: nstr,
      email: nstr,
      country: nstr,
      created_at: ts,
      updated_at: ts,
    }),
    table("orders", {
      id: { type: "number", airbyte_type: "integer" },
      customer_id: nnum,
      amount: nnum,
      currency: nstr,
      status: nstr,
      created_at: ts,
      updated_at: ts,
    }),
  ];
}

/** What Sample Data (Faker) discovers: users, products and purchases, `count` records each but products. */
export function fakerStreams(config: Record<string, unknown>): DiscoveredStream[] {
  const count = typeof config.count === "number" && config.count > 0 ? Math.floor(config.count) : 1000;
  const base = {
    supportedSyncModes: ["full_refresh", "incremental"] as SourceSyncMode[],
    sourceDefinedCursor: true,
    defaultCursorField: ["updated_at"],
    sourceDefinedPrimaryKey: [["id"]],
  };
  return [
    {
      ...base,
      name: "users",
      records: count,
      recordBytes: 540,
      jsonSchema: objectSchema({
        id: nint,
        created_at: ts,
        updated_at: ts,
        name: nstr,
        title: nstr,
        age: nint,
        email: nstr,
        telephone: nstr,
        gender: nstr,
        language: nstr,
        academic_degree: nstr,
        nationality: nstr,
        occupation: nstr,
        height: nstr,
        blood_type: nstr,
        weight: nint,
        address: {
          type: ["null", "object"],
          properties: {
            street_number: nstr,
            street_name: nstr,
            city: nstr,
            state: nstr,
            province: nstr,
            postal_code: nstr,
            country_code: nstr,
          },
        },
      }),
    },
    {
      ...base,
      name: "products",
      records: 10,
      recordBytes: 150,
      jsonSchema: objectSchema({
        id: nint,
        make: nstr,
        model: nstr,
        year: nint,
        price: nnum,
        created_at: ts,
        updated_at: ts,
      }),
    },
    {
      ...base,
      name: "purchases",
      records: count,
      recordBytes: 230,
      jsonSchema: objectSchema({
        id: nint,
        user_id: nint,
        product_id: nint,
        created_at: ts,
        updated_at: ts,
        added_to_cart_at: ts,
        purchased_at: ts,
        returned_at: ts,
      }),
    },
  ];
}

/** The columns a file or S3 stream discovers (a CSV with four string columns). */
function fileColumns(): Record<string, unknown> {
  return { id: nstr, name: nstr, value: nstr, date: nstr };
}

/**
 * Catalog of a connector the emulator has no hand-written catalog for: one plausible stream, so
 * that connections to any connector from api_sdk.yaml can be created.
 */
export function genericStreams(slug: string, config: Record<string, unknown>): DiscoveredStream[] {
  return [
    {
      name: "records",
      jsonSchema: objectSchema({ id: nstr, updated_at: ts, data: { type: ["null", "object"] } }),
      supportedSyncModes: ["full_refresh", "incremental"],
      sourceDefinedCursor: false,
      defaultCursorField: ["updated_at"],
      sourceDefinedPrimaryKey: [["id"]],
      records: stableNumber(50, 2000, slug, config),
      recordBytes: 256,
    },
  ];
}

/** What Postgres discovers: a realistic catalog shaped by `schemas` (see `postgres-catalog.ts`). */
export { postgresCatalog as postgresStreams } from "./postgres-catalog.js";

/** What MySQL discovers: the two tables, in the database (MySQL's namespace). */
export function mysqlStreams(c: Record<string, unknown>): DiscoveredStream[] {
  return relationalTables(typeof c.database === "string" ? c.database : undefined, [c.host, c.database]);
}

/** What the File source discovers: one stream named after `dataset_name`, full refresh only. */
export function fileStreams(c: Record<string, unknown>): DiscoveredStream[] {
  return [
    {
      name: typeof c.dataset_name === "string" ? c.dataset_name : "file",
      jsonSchema: objectSchema(fileColumns()),
      supportedSyncModes: ["full_refresh"],
      sourceDefinedCursor: false,
      defaultCursorField: [],
      sourceDefinedPrimaryKey: [],
      records: stableNumber(10, 1000, c.url),
      recordBytes: 90,
    },
  ];
}

/** What the S3 source discovers: one stream per configured `streams[].name`, cursor on file time. */
export function s3Streams(c: Record<string, unknown>): DiscoveredStream[] {
  const streams = Array.isArray(c.streams) ? c.streams : [];
  return streams.flatMap((s) => {
    const name = (s as { name?: unknown } | null)?.name;
    if (typeof name !== "string") return [];
    return [
      {
        name,
        jsonSchema: objectSchema({
          ...fileColumns(),
          _ab_source_file_last_modified: str,
          _ab_source_file_url: str,
        }),
        supportedSyncModes: ["full_refresh", "incremental"] as SourceSyncMode[],
        sourceDefinedCursor: true,
        defaultCursorField: ["_ab_source_file_last_modified"],
        sourceDefinedPrimaryKey: [],
        records: stableNumber(10, 3000, c.bucket, name),
        recordBytes: 120,
      },
    ];
  });
}
