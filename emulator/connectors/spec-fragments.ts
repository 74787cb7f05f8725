/**
 * Parts of connection specifications that several built-in connectors share, written once as the
 * real connectors share them: SSL modes, the SSH tunnel, AWS keys and the JDBC source spec.
 */
import { int, secret, str } from "./schema-dsl.js";
import type { JsonSchema } from "./types.js";

/** `ssl_mode` of the JDBC connectors: a oneOf on `mode`, with secrets for the certificate branch. */
export const sslModes: JsonSchema = {
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

/** `tunnel_method`: no tunnel, or SSH with a key or a password. */
export const sshTunnel: JsonSchema = {
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

/** The AWS key pair, both secret, as the S3 connectors name them. */
export const awsKeys = {
  aws_access_key_id: secret(),
  aws_secret_access_key: secret(),
};

/** The spec of a JDBC source (Postgres, MySQL): connection, schemas, SSL, replication, tunnel. */
export function jdbcSourceSpec(title: string, defaultPort: number): JsonSchema {
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
