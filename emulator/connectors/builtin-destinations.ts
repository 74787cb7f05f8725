/**
 * The built-in destinations: Postgres, BigQuery, Snowflake, S3 and End-to-End Testing (/dev/null),
 * with hand-written specs (secrets flagged `airbyte_secret`) and the destination sync modes each
 * supports. Ids, names and versions are those of the real connectors.
 */
import { int, secret, str } from "./schema-dsl.js";
import { sshTunnel, sslModes } from "./spec-fragments.js";
import type { BuiltinConnector } from "./types.js";

/** The built-in destinations. */
export const BUILTIN_DESTINATIONS: BuiltinConnector[] = [
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
