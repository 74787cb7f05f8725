/**
 * The built-in sources: Sample Data (Faker), Postgres, MySQL, File and S3, with hand-written
 * specs (secrets flagged `airbyte_secret`, as in the real connector specs) and the catalogs they
 * discover. Ids, names and versions are those of the real connectors.
 */
import { fakerStreams, fileStreams, mysqlStreams, postgresStreams, s3Streams } from "./discover.js";
import { int, secret, str } from "./schema-dsl.js";
import { awsKeys, jdbcSourceSpec } from "./spec-fragments.js";
import type { BuiltinConnector } from "./types.js";

/** The built-in sources. */
export const BUILTIN_SOURCES: BuiltinConnector[] = [
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
    spec: jdbcSourceSpec("Postgres Source Spec", 5432),
    discover: postgresStreams,
  },
  {
    kind: "source",
    id: "435bb9a5-7887-4809-aa58-28c27df0d7ad",
    slug: "mysql",
    specName: "mysql",
    name: "MySQL",
    version: "3.11.1",
    spec: jdbcSourceSpec("MySql Source Spec", 3306),
    discover: mysqlStreams,
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
    discover: fileStreams,
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
    discover: s3Streams,
  },
];
