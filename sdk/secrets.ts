/**
 * Which fields of a connector's configuration are secrets, so that only those are Pulumi secrets
 * and a reviewer reads every other change in `pulumi preview --diff` (`count: 100 => 250`). The
 * table (`data/connector-secrets.json`) is derived from the connector specs that ship with the
 * package (see `scripts/derive-secret-fields.mjs`). A connector it does not know keeps its whole
 * configuration secret.
 */
import { readFileSync } from "node:fs";
import * as pulumi from "@pulumi/pulumi";
import { shippedDataFile } from "../provider/shipped-data.js";

interface ConnectorSecrets {
  readonly definitionId?: string;
  readonly secrets: readonly string[];
}

type Table = Record<"source" | "destination", Record<string, ConnectorSecrets>>;

let table: Table | undefined;

function load(): Table {
  if (table === undefined) {
    table = JSON.parse(readFileSync(shippedDataFile("connector-secrets.json"), "utf8")) as Table;
  }
  return table;
}

/**
 * The dotted paths of the secret fields of a connector's configuration, or `undefined` when the
 * connector is not known by its `definition` name (e.g. "postgres") or `definitionId`.
 */
export function secretFieldsOf(
  kind: "source" | "destination",
  definition: unknown,
  definitionId: unknown,
): ReadonlySet<string> | undefined {
  const connectors = load()[kind];
  if (typeof definition === "string") {
    const name = definition.trim().toLowerCase();
    const found = connectors[name] ?? connectors[name.replace(/[^a-z0-9]+/g, "-")];
    if (found !== undefined) return new Set(found.secrets);
  }
  if (typeof definitionId === "string") {
    const found = Object.values(connectors).find((c) => c.definitionId === definitionId);
    if (found !== undefined) return new Set(found.secrets);
  }
  return undefined;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  v !== null &&
  typeof v === "object" &&
  !Array.isArray(v) &&
  !pulumi.Output.isInstance(v) &&
  !(v instanceof Promise);

/**
 * The configuration with each field at a secret path wrapped in `pulumi.secret`, the rest left as
 * given (a value the user made secret stays secret). `undefined` when the configuration is not a
 * plain object here (an output of another resource): then the caller keeps it secret as a whole.
 */
export function withSecretFields(
  configuration: unknown,
  paths: ReadonlySet<string>,
  prefix = "",
): Record<string, unknown> | undefined {
  if (!isPlainObject(configuration)) return undefined;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(configuration)) {
    const path = `${prefix}${key}`;
    if (paths.has(path)) out[key] = pulumi.secret(value);
    else if (isPlainObject(value) && [...paths].some((p) => p.startsWith(`${path}.`))) {
      out[key] = withSecretFields(value, paths, `${path}.`);
    } else out[key] = value;
  }
  return out;
}
