/**
 * Configurations with secrets, and where the secrets are: the emulator must mask exactly those
 * (as Airbyte does, with its mask), and the provider must read the masked configuration back as
 * the declared one, so a secret never shows as drift.
 */
export interface MaskingCase {
  readonly kind: "source" | "destination";
  readonly configuration: Record<string, unknown>;
  readonly secretPaths: readonly string[];
  readonly why: string;
}

/** A Postgres destination's settings, with its password. */
export const PG_DESTINATION = {
  host: "warehouse.internal",
  port: 5432,
  database: "analytics",
  schema: "raw",
  username: "loader",
  password: "pg-secret-1",
};

/** The sources the stream table uses. */
export const SOURCES: Record<string, Record<string, unknown>> = {
  faker: { sourceType: "faker", count: 10 },
  postgres: {
    sourceType: "postgres",
    host: "db.internal",
    port: 5432,
    database: "shop",
    username: "etl",
    password: "pg-secret-2",
    schemas: ["public"],
    ssl_mode: { mode: "disable" },
    replication_method: { method: "Standard" },
  },
};

/** The shared cases. */
export const MASKING_CASES: readonly MaskingCase[] = [
  {
    kind: "destination",
    configuration: { destinationType: "postgres", ...PG_DESTINATION },
    secretPaths: ["password"],
    why: "a top-level password",
  },
  {
    kind: "source",
    configuration: {
      ...SOURCES.postgres,
      tunnel_method: {
        tunnel_method: "SSH_PASSWORD_AUTH",
        tunnel_host: "bastion",
        tunnel_port: 22,
        tunnel_user: "jump",
        tunnel_user_password: "ssh-secret-3",
      },
    },
    secretPaths: ["password", "tunnel_method.tunnel_user_password"],
    why: "a secret inside a oneOf (SSH tunnel)",
  },
  {
    kind: "source",
    configuration: { sourceType: "faker", count: 10, seed: 7 },
    secretPaths: [],
    why: "no secret: nothing masked",
  },
];
