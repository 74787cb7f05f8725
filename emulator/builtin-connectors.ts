/**
 * The connectors the emulator knows without `api_sdk.yaml`: small hand-written configuration specs
 * (secrets flagged `airbyte_secret`, as in the real connector specs) and deterministic "discovered"
 * catalogs, so connections and syncs behave plausibly.
 */
import { createHash } from "node:crypto";

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
  kind: "source" | "destination";
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

const str = { type: "string" } as const;
const int = { type: "integer" } as const;
const secret = (extra: JsonSchema = {}): JsonSchema => ({ type: "string", airbyte_secret: true, ...extra });
const nstr = { type: ["null", "string"] } as const;
const nint = { type: ["null", "integer"] } as const;
const nnum = { type: ["null", "number"] } as const;
const ts = { type: ["null", "string"], format: "date-time" } as const;

/** Deterministic number in [min, max] from the given parts. */
export function stableNumber(min: number, max: number, ...parts: unknown[]): number {
  const h = createHash("sha256").update(JSON.stringify(parts)).digest();
  return min + (h.readUInt32BE(0) % (max - min + 1));
}

function objectSchema(properties: Record<string, unknown>): JsonSchema {
  return { type: "object", $schema: "http://json-schema.org/draft-07/schema#", properties };
}

const sslModes: JsonSchema = {
  type: "object",
  oneOf: [
    { title: "disable", properties: { mode: { const: "disable" } }, required: ["mode"] },
    { title: "prefer", properties: { mode: { const: "prefer" } }, required: ["mode"] },
    { title: "require", properties: { mode: { const: "require" } }, required: ["mode"] },
    {
      title: "verify-ca",
      properties: {
        mode: { const: "verify-ca" },
        ca_certificate: secret(),
        client_key: secret(),
        client_key_password: secret(),
      },
      required: ["mode", "ca_certificate"],
    },
  ],
};

const sshTunnel: JsonSchema = {
  type: "object",
  oneOf: [
    {
      title: "No Tunnel",
      properties: { tunnel_method: { const: "NO_TUNNEL" } },
      required: ["tunnel_method"],
    },
    {
      title: "SSH Key Authentication",
      properties: {
        tunnel_method: { const: "SSH_KEY_AUTH" },
        tunnel_host: str,
        tunnel_port: { ...int, default: 22 },
        tunnel_user: str,
        ssh_key: secret({ multiline: true }),
      },
      required: ["tunnel_method", "tunnel_host", "tunnel_port", "tunnel_user", "ssh_key"],
    },
    {
      title: "Password Authentication",
      properties: {
        tunnel_method: { const: "SSH_PASSWORD_AUTH" },
        tunnel_host: str,
        tunnel_port: { ...int, default: 22 },
        tunnel_user: str,
        tunnel_user_password: secret(),
      },
      required: ["tunnel_method", "tunnel_host", "tunnel_port", "tunnel_user", "tunnel_user_password"],
    },
  ],
};

function dbSourceSpec(title: string, defaultPort: number): JsonSchema {
  return {
    title,
    type: "object",
    required: ["host", "port", "database", "username"],
    properties: {
      host: str,
      port: { ...int, minimum: 0, maximum: 65536, default: defaultPort },
      database: str,
      schemas: { type: "array", items: str, minItems: 0, uniqueItems: true },
      username: str,
      password: secret(),
      jdbc_url_params: str,
      ssl_mode: sslModes,
      replication_method: {
        type: "object",
        oneOf: [
          {
            title: "Scan Changes with User Defined Cursor",
            properties: { method: { const: "Standard" } },
            required: ["method"],
          },
          {
            title: "Read Changes using Change Data Capture (CDC)",
            properties: {
              method: { const: "CDC" },
              replication_slot: str,
              publication: str,
              initial_waiting_seconds: int,
            },
            required: ["method"],
          },
        ],
      },
      tunnel_method: sshTunnel,
    },
  };
}

/** Two tables of a relational source, in `namespace`. */
function dbTables(namespace: string | undefined, seed: unknown): DiscoveredStream[] {
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

function fakerStreams(config: Record<string, unknown>): DiscoveredStream[] {
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

/** Destination sync modes of a connector without a hand-written list. */
export const GENERIC_DESTINATION_SYNC_MODES: DestinationSyncMode[] = ["overwrite", "append", "append_dedup"];

const awsKeys = {
  aws_access_key_id: secret(),
  aws_secret_access_key: secret(),
};

/** The built-in connectors. */
export const BUILTIN_CONNECTORS: BuiltinConnector[] = [
  {
    kind: "source",
    id: "dfd88b22-b603-4c3d-aad7-3701784586b1",
    slug: "faker",
    specName: "faker",
    name: "Sample Data (Faker)",
    version: "6.2.21",
    spec: {
      title: "Faker Source Spec",
      type: "object",
      required: [],
      properties: {
        count: { ...int, minimum: 1, default: 1000 },
        seed: { ...int, default: -1 },
        records_per_slice: { ...int, minimum: 1, default: 1000 },
        always_updated: { type: "boolean", default: true },
        parallelism: { ...int, minimum: 1, default: 4 },
      },
    },
    discover: fakerStreams,
  },
  {
    kind: "source",
    id: "decd338e-5647-4c0b-adf4-da0e75f5a750",
    slug: "postgres",
    specName: "postgres",
    name: "Postgres",
    version: "3.6.28",
    spec: dbSourceSpec("Postgres Source Spec", 5432),
    discover: (c) => {
      const schemas = Array.isArray(c.schemas) ? c.schemas.filter((s) => typeof s === "string") : [];
      return dbTables(schemas[0] ?? "public", [c.host, c.database]);
    },
  },
  {
    kind: "source",
    id: "435bb9a5-7887-4809-aa58-28c27df0d7ad",
    slug: "mysql",
    specName: "mysql",
    name: "MySQL",
    version: "3.11.1",
    spec: dbSourceSpec("MySql Source Spec", 3306),
    discover: (c) => dbTables(typeof c.database === "string" ? c.database : undefined, [c.host, c.database]),
  },
  {
    kind: "source",
    id: "778daa7c-feaf-4db6-96f3-70fd645acc77",
    slug: "file",
    specName: "file",
    name: "File (CSV, JSON, Excel, Feather, Parquet)",
    version: "0.5.13",
    spec: {
      title: "File Source Spec",
      type: "object",
      required: ["dataset_name", "format", "url", "provider"],
      properties: {
        dataset_name: str,
        format: {
          type: "string",
          enum: ["csv", "json", "jsonl", "excel", "excel_binary", "fwf", "feather", "parquet", "yaml"],
          default: "csv",
        },
        reader_options: str,
        url: str,
        provider: {
          type: "object",
          oneOf: [
            {
              title: "HTTPS: Public Web",
              properties: { storage: { const: "HTTPS" }, user_agent: { type: "boolean", default: false } },
              required: ["storage"],
            },
            {
              title: "GCS: Google Cloud Storage",
              properties: { storage: { const: "GCS" }, service_account_json: secret() },
              required: ["storage"],
            },
            {
              title: "S3: Amazon Web Services",
              properties: { storage: { const: "S3" }, ...awsKeys },
              required: ["storage"],
            },
          ],
        },
      },
    },
    discover: (c) => [
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
    ],
  },
  {
    kind: "source",
    id: "69589781-7828-43c5-9f63-8925b1c1ccc2",
    slug: "s3",
    specName: "s3",
    name: "S3",
    version: "4.14.2",
    spec: {
      title: "S3 Source Spec",
      type: "object",
      required: ["bucket", "streams"],
      properties: {
        bucket: str,
        endpoint: str,
        region_name: str,
        role_arn: str,
        ...awsKeys,
        start_date: { type: "string", format: "date-time" },
        streams: {
          type: "array",
          items: {
            type: "object",
            required: ["name", "format"],
            properties: {
              name: str,
              globs: { type: "array", items: str },
              days_to_sync_if_history_is_full: int,
              format: { type: "object", properties: { filetype: str } },
              input_schema: str,
            },
          },
        },
      },
    },
    discover: (c) => {
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
    },
  },
  {
    kind: "destination",
    id: "25c5221d-dce2-4163-ade9-739ef790f503",
    slug: "postgres",
    specName: "postgres",
    name: "Postgres",
    version: "2.4.7",
    spec: {
      title: "Postgres Destination Spec",
      type: "object",
      required: ["host", "port", "username", "database", "schema"],
      properties: {
        host: str,
        port: { ...int, minimum: 0, maximum: 65536, default: 5432 },
        database: str,
        schema: { ...str, default: "public" },
        username: str,
        password: secret(),
        ssl: { type: "boolean", default: false },
        ssl_mode: sslModes,
        jdbc_url_params: str,
        raw_data_schema: str,
        disable_type_dedupe: { type: "boolean", default: false },
        drop_cascade: { type: "boolean", default: false },
        tunnel_method: sshTunnel,
      },
    },
    destinationSyncModes: ["overwrite", "append", "append_dedup", "overwrite_dedup"],
  },
  {
    kind: "destination",
    id: "22f6c74f-5699-40ff-833c-4a879ea40133",
    slug: "bigquery",
    specName: "bigquery",
    name: "BigQuery",
    version: "2.12.4",
    spec: {
      title: "BigQuery Destination Spec",
      type: "object",
      required: ["project_id", "dataset_location", "dataset_id"],
      properties: {
        project_id: str,
        dataset_location: str,
        dataset_id: str,
        credentials_json: secret(),
        transformation_priority: { type: "string", enum: ["interactive", "batch"], default: "interactive" },
        loading_method: {
          type: "object",
          oneOf: [
            {
              title: "Batched Standard Inserts",
              properties: { method: { const: "Standard" } },
              required: ["method"],
            },
            {
              title: "GCS Staging",
              properties: {
                method: { const: "GCS Staging" },
                gcs_bucket_name: str,
                gcs_bucket_path: str,
                credential: {
                  type: "object",
                  properties: {
                    credential_type: { const: "HMAC_KEY" },
                    hmac_key_access_id: secret(),
                    hmac_key_secret: secret(),
                  },
                },
              },
              required: ["method", "gcs_bucket_name", "gcs_bucket_path", "credential"],
            },
          ],
        },
      },
    },
    destinationSyncModes: ["overwrite", "append", "append_dedup"],
  },
  {
    kind: "destination",
    id: "424892c4-daac-4491-b35d-c6688ba547ba",
    slug: "snowflake",
    specName: "snowflake",
    name: "Snowflake",
    version: "3.15.9",
    spec: {
      title: "Snowflake Destination Spec",
      type: "object",
      required: ["host", "role", "warehouse", "database", "schema", "username"],
      properties: {
        host: str,
        role: str,
        warehouse: str,
        database: str,
        schema: str,
        username: str,
        credentials: {
          type: "object",
          oneOf: [
            {
              title: "Key Pair Authentication",
              properties: {
                auth_type: { const: "Key Pair Authentication" },
                private_key: secret({ multiline: true }),
                private_key_password: secret(),
              },
              required: ["private_key"],
            },
            {
              title: "Username and Password",
              properties: { auth_type: { const: "Username and Password" }, password: secret() },
              required: ["password"],
            },
          ],
        },
        jdbc_url_params: str,
        raw_data_schema: str,
      },
    },
    destinationSyncModes: ["overwrite", "append", "append_dedup"],
  },
  {
    kind: "destination",
    id: "4816b78f-1489-44c1-9060-4b19d5fa9362",
    slug: "s3",
    specName: "s3",
    name: "S3",
    version: "1.5.7",
    spec: {
      title: "S3 Destination Spec",
      type: "object",
      required: ["s3_bucket_name", "s3_bucket_path", "s3_bucket_region", "format"],
      properties: {
        access_key_id: secret(),
        secret_access_key: secret(),
        role_arn: str,
        s3_bucket_name: str,
        s3_bucket_path: str,
        s3_bucket_region: { ...str, default: "" },
        s3_endpoint: str,
        s3_path_format: str,
        file_name_pattern: str,
        format: {
          type: "object",
          oneOf: [
            {
              title: "CSV: Comma-Separated Values",
              properties: { format_type: { const: "CSV" }, flattening: str },
              required: ["format_type"],
            },
            {
              title: "JSON Lines: Newline-delimited JSON",
              properties: { format_type: { const: "JSONL" }, flattening: str },
              required: ["format_type"],
            },
            {
              title: "Parquet: Columnar Storage",
              properties: { format_type: { const: "Parquet" }, compression_codec: str },
              required: ["format_type"],
            },
          ],
        },
      },
    },
    destinationSyncModes: ["overwrite", "append"],
  },
  {
    kind: "destination",
    // dev-null is missing from the server's name table: it resolves only by id and reports type "".
    id: "a7bcc9d8-13b3-4e49-b80d-d020b90045e3",
    slug: "",
    specName: "dev-null",
    name: "End-to-End Testing (/dev/null)",
    version: "0.7.20",
    spec: {
      title: "E2E Test Destination Spec",
      type: "object",
      required: ["test_destination"],
      properties: {
        test_destination: {
          type: "object",
          oneOf: [
            {
              title: "Silent",
              properties: { test_destination_type: { const: "SILENT" } },
              required: ["test_destination_type"],
            },
            {
              title: "Logging",
              properties: { test_destination_type: { const: "LOGGING" }, logging_config: { type: "object" } },
              required: ["test_destination_type", "logging_config"],
            },
            {
              title: "Failing",
              properties: { test_destination_type: { const: "FAILING" }, num_messages: int },
              required: ["test_destination_type", "num_messages"],
            },
          ],
        },
      },
    },
    destinationSyncModes: ["overwrite", "append", "append_dedup"],
  },
];
