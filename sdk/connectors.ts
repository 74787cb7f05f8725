/**
 * The configuration type of every connector whose schema ships with the package (`data/`), chosen
 * by the connector's name: `new Source(…, { definition: "postgres", configuration: { … } })` checks
 * `configuration` against Postgres's settings at compile time, with completion in the editor. A
 * misspelt or missing key, or a string where a number belongs, is a compile error.
 *
 * The types are generated from the schemas (`scripts/generate-connector-types.mjs`); this module
 * picks one by name and keeps the names of the earlier hand-written types as aliases (in their
 * input form: each field may be a Pulumi input, so `satisfies` takes `config.requireSecret(…)`).
 */
import type * as pulumi from "@pulumi/pulumi";
import type {
  BigqueryDestinationConfiguration,
  DestinationConfigurations,
  DevNullDestinationConfiguration as GeneratedDevNull,
  PostgresDestinationConfiguration as GeneratedPostgresDestination,
  S3DestinationConfiguration as GeneratedS3,
  SnowflakeDestinationConfiguration as GeneratedSnowflake,
} from "./generated/destination-configurations.js";
import type {
  FakerSourceConfiguration as GeneratedFaker,
  FileSourceConfiguration as GeneratedFile,
  MysqlSourceConfiguration as GeneratedMysql,
  PostgresSourceConfiguration as GeneratedPostgresSource,
  SourceConfigurations,
} from "./generated/source-configurations.js";
import type { Deep, DeepInput } from "./inputs.js";

export type { DestinationConfigurations, SourceConfigurations };

/**
 * A configuration of any shape: that of a custom connector, of a connector given by
 * `definitionId`, or of a name the package has no schema for (Airbyte checks it on write).
 */
export type AnyConfiguration = pulumi.Input<Record<string, pulumi.Input<unknown>>>;

/** The connector names (`definition`) whose configuration the package types. */
export type KnownConnector<K extends "source" | "destination"> = keyof (K extends "source"
  ? SourceConfigurations
  : DestinationConfigurations) &
  string;

/**
 * The `configuration` type for a connector of kind `K` named `D`: the connector's generated type,
 * each field of which may be a Pulumi input (an output of another resource, a secret), or
 * {@link AnyConfiguration} when `D` is not a literal the package knows.
 *
 * @example
 * ```ts
 * const pg: airbyte.ConfigurationOf<"source", "postgres"> = { host: "db", port: 5432, … };
 * ```
 */
export type ConfigurationOf<K extends "source" | "destination", D extends string> = string extends D
  ? AnyConfiguration
  : D extends KnownConnector<K>
    ? DeepInput<(K extends "source" ? SourceConfigurations : DestinationConfigurations)[D]>
    : AnyConfiguration;

/** Sample Data (Faker) as a source (`definition: "faker"`). */
export type FakerSourceConfiguration = Deep<GeneratedFaker>;
/** Postgres as a source (`definition: "postgres"`). */
export type PostgresSourceConfiguration = Deep<GeneratedPostgresSource>;
/** MySQL as a source (`definition: "mysql"`). */
export type MysqlSourceConfiguration = Deep<GeneratedMysql>;
/** File (CSV, JSON, Excel, Feather, Parquet) over HTTPS, S3, GCS, … (`definition: "file"`). */
export type FileSourceConfiguration = Deep<GeneratedFile>;
/** Postgres as a destination (`definition: "postgres"`). */
export type PostgresDestinationConfiguration = Deep<GeneratedPostgresDestination>;
/** BigQuery as a destination (`definition: "bigquery"`). */
export type BigQueryDestinationConfiguration = Deep<BigqueryDestinationConfiguration>;
/** Snowflake as a destination (`definition: "snowflake"`). */
export type SnowflakeDestinationConfiguration = Deep<GeneratedSnowflake>;
/** S3 as a destination (`definition: "s3"`). */
export type S3DestinationConfiguration = Deep<GeneratedS3>;
/** End-to-End Testing (/dev/null) as a destination: accepts and discards everything. */
export type DevNullDestinationConfiguration = Deep<GeneratedDevNull>;
/** The SSL modes of the Postgres source. */
export type PostgresSslMode = Deep<NonNullable<GeneratedPostgresSource["ssl_mode"]>>;
/** An SSH tunnel to reach a database, as the Postgres source takes it. */
export type SshTunnel = Deep<NonNullable<GeneratedPostgresSource["tunnel_method"]>>;
