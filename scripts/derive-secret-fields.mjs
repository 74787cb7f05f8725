#!/usr/bin/env node
// Derives data/connector-secrets.json from the other shipped Airbyte data in data/: for each
// connector, its definition id and the dotted paths of its configuration's secret (airbyte_secret)
// fields. The SDK marks those fields as Pulumi secrets, so the rest of a configuration stays
// readable in `pulumi preview --diff`. Run after scripts/refresh-airbyte-data.mjs:
//
//   node scripts/derive-secret-fields.mjs
//
// test/unit/connector-secrets.test.ts fails when the derived file is out of date.
import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";

const root = resolve(import.meta.dirname, "..");

/** The derived table, from the two shipped data files. */
export function deriveSecretFields() {
  const specs = JSON.parse(readFileSync(resolve(root, "data/connector-specs.json"), "utf8"));
  const ids = JSON.parse(readFileSync(resolve(root, "data/connector-definition-ids.json"), "utf8"));
  const isObject = (v) => typeof v === "object" && v !== null && !Array.isArray(v);
  const secretPaths = (schema, prefix, out) => {
    if (!isObject(schema)) return out;
    for (const branch of [...(schema.oneOf ?? []), ...(schema.anyOf ?? []), ...(schema.allOf ?? [])]) {
      secretPaths(branch, prefix, out);
    }
    for (const [key, prop] of Object.entries(schema.properties ?? {})) {
      if (!isObject(prop)) continue;
      const path = `${prefix}${key}`;
      if (prop.airbyte_secret === true) out.add(path);
      else secretPaths(prop, `${path}.`, out);
    }
    return out;
  };
  const table = { source: {}, destination: {} };
  for (const [key, schema] of Object.entries(specs)) {
    const m = /^(source|destination)-(.+)$/.exec(key);
    if (m === null) continue;
    const [, kind, name] = m;
    const byName =
      ids[kind === "source" ? "sourceTypeToDefinitionId" : "destinationTypeToDefinitionId"] ?? {};
    table[kind][name] = {
      ...(typeof byName[name] === "string" && { definitionId: byName[name] }),
      secrets: [...secretPaths(schema, "", new Set())].sort(),
    };
  }
  return table;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const table = deriveSecretFields();
  const kinds = ["source", "destination"];
  const lines = kinds.map(
    (k) =>
      `${JSON.stringify(k)}:{\n${Object.keys(table[k])
        .sort()
        .map((n) => `${JSON.stringify(n)}:${JSON.stringify(table[k][n])}`)
        .join(",\n")}\n}`,
  );
  writeFileSync(resolve(root, "data/connector-secrets.json"), `{\n${lines.join(",\n")}\n}\n`);
  process.stdout.write(
    `${Object.keys(table.source).length} sources, ${Object.keys(table.destination).length} destinations\n`,
  );
}
