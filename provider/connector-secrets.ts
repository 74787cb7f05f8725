/**
 * Which fields of a connector's configuration are secrets. The table
 * (`data/connector-secrets.json`) is derived from the connector specs that ship with the package
 * (see `scripts/derive-secret-fields.mjs`). A connector it does not know keeps its whole
 * configuration secret. Both faces read it: the SDK marks those fields secret in the program, and
 * the native plugin marks them in what it returns to the engine.
 */
import { readFileSync } from "node:fs";
import { shippedDataFile } from "./shipped-data.js";

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
