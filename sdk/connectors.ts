import type * as pulumi from "@pulumi/pulumi";

/**
 * Typed configurations for common connectors, to use with `satisfies` so a misspelt or missing
 * setting is a compile error:
 *
 * ```ts
 * new airbyte.Source("orders", { workspaceId, name: "orders", definition: "postgres",
 *   configuration: { host: "db", port: 5432, database: "orders", username: "etl",
 *     password: cfg.requireSecret("pg") } satisfies airbyte.PostgresSourceConfiguration });
 * ```
 *
 * They cover the settings most programs need; every connector accepts the full set of its spec.
 */

type Secret = pulumi.Input<string>;

/** Sample Data (Faker): generated users, products and purchases. */
export interface FakerSourceConfiguration {
  /** Rows of the `users` stream (default 1000). */
  count?: number;
  /** A fixed seed gives the same data every run (-1: random). */
  seed?: number;
  records_per_slice?: number;
  always_updated?: boolean;
  parallelism?: number;
}

/** SSL modes shared by the Postgres connectors. */
export type PostgresSslMode =
  | { mode: "disable" | "allow" | "prefer" | "require" }
  | {
      mode: "verify-ca" | "verify-full";
      ca_certificate: Secret;
      client_certificate?: Secret;
      client_key?: Secret;
    };

/** An SSH tunnel to reach a database. */
export type SshTunnel =
  | { tunnel_method: "NO_TUNNEL" }
  | {
      tunnel_method: "SSH_KEY_AUTH";
      tunnel_host: string;
      tunnel_port: number;
      tunnel_user: string;
      ssh_key: Secret;
    }
  | {
      tunnel_method: "SSH_PASSWORD_AUTH";
      tunnel_host: string;
      tunnel_port: number;
      tunnel_user: string;
      tunnel_user_password: Secret;
    };

/** Postgres as a source. */
export interface PostgresSourceConfiguration {
  host: pulumi.Input<string>;
  port: number;
  database: string;
  username: string;
  password?: Secret;
  schemas?: string[];
  ssl_mode?: PostgresSslMode;
  /** `{ method: "Standard" }` (cursor-based), or `{ method: "CDC", replication_slot, publication }`. */
  replication_method?:
    | { method: "Standard" | "Xmin" }
    | { method: "CDC"; replication_slot: string; publication: string };
  tunnel_method?: SshTunnel;
  jdbc_url_params?: string;
}

/** MySQL as a source. */
export interface MysqlSourceConfiguration {
  host: pulumi.Input<string>;
  port: number;
  database: string;
  username: string;
  password?: Secret;
  ssl_mode?: { mode: "preferred" | "required" | "verify_ca" | "verify_identity" };
  replication_method?: { method: "STANDARD" } | { method: "CDC"; server_time_zone?: string };
  tunnel_method?: SshTunnel;
  jdbc_url_params?: string;
}

/** File (CSV, JSON, Excel, Feather, Parquet) over HTTPS, S3, GCS, … */
export interface FileSourceConfiguration {
  /** The stream's name. */
  dataset_name: string;
  format: "csv" | "json" | "jsonl" | "excel" | "excel_binary" | "feather" | "parquet" | "yaml";
  url: string;
  provider: {
    storage: "HTTPS" | "GCS" | "S3" | "AzBlob" | "SSH" | "SCP" | "SFTP" | "local";
    [setting: string]: unknown;
  };
  reader_options?: string;
}

/** Postgres as a destination. */
export interface PostgresDestinationConfiguration {
  host: pulumi.Input<string>;
  port: number;
  database: string;
  schema: string;
  username: string;
  password?: Secret;
  ssl?: boolean;
  ssl_mode?: PostgresSslMode;
  tunnel_method?: SshTunnel;
  jdbc_url_params?: string;
  raw_data_schema?: string;
  disable_type_dedupe?: boolean;
}

/** BigQuery as a destination. */
export interface BigQueryDestinationConfiguration {
  project_id: string;
  /** e.g. "US", "EU", "europe-west1". */
  dataset_location: string;
  dataset_id: string;
  /** A service account key (JSON) with BigQuery rights. */
  credentials_json?: Secret;
  loading_method?:
    | { method: "Standard" }
    | {
        method: "GCS Staging";
        gcs_bucket_name: string;
        gcs_bucket_path: string;
        credential: { credential_type: "HMAC_KEY"; hmac_key_access_id: Secret; hmac_key_secret: Secret };
      };
}

/** Snowflake as a destination. */
export interface SnowflakeDestinationConfiguration {
  /** e.g. "acme-xy12345.snowflakecomputing.com". */
  host: string;
  role: string;
  warehouse: string;
  database: string;
  schema: string;
  username: string;
  credentials?:
    | { auth_type: "Key Pair Authentication"; private_key: Secret; private_key_password?: Secret }
    | {
        auth_type: "Username and Password";
        password: Secret;
      };
}

/** S3 as a destination. */
export interface S3DestinationConfiguration {
  s3_bucket_name: string;
  s3_bucket_path: string;
  s3_bucket_region: string;
  access_key_id?: Secret;
  secret_access_key?: Secret;
  format:
    | { format_type: "CSV"; flattening?: "No flattening" | "Root level flattening" }
    | { format_type: "JSONL" }
    | { format_type: "Parquet"; compression_codec?: string };
}

/** End-to-End Testing (/dev/null): accepts and discards everything. */
export interface DevNullDestinationConfiguration {
  test_destination: { test_destination_type: "SILENT" };
}
