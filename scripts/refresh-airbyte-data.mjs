#!/usr/bin/env node
// Regenerates the package's shipped Airbyte data (data/) from a folder holding the
// airbyte-platform files `connector-definition-ids.json` and `api_sdk.yaml`:
//
//   node scripts/refresh-airbyte-data.mjs <airbyte-api folder>
//
// Writes data/connector-definition-ids.json (a byte-for-byte copy) and
// data/connector-specs.json (each connector's configuration schema). Update the commit
// and blob hashes in data/SOURCE.md by hand when the input changes.
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parse } from "yaml";

const from = process.argv[2];
if (from === undefined || process.argv.length > 3) {
  process.stderr.write("usage: node scripts/refresh-airbyte-data.mjs <airbyte-api folder>\n");
  process.exit(2);
}
const out = resolve(import.meta.dirname, "../data");

const isObject = (v) => typeof v === "object" && v !== null && !Array.isArray(v);

// The name tables are small and their exact bytes are the provenance: copy, do not re-serialise.
const idsFile = join(from, "connector-definition-ids.json");
const idsBytes = readFileSync(idsFile);
const ids = JSON.parse(idsBytes.toString("utf8"));
for (const key of ["sourceTypeToDefinitionId", "destinationTypeToDefinitionId"]) {
  if (!isObject(ids[key])) throw new Error(`${idsFile}: no ${key} object`);
}
// Written rather than copied so the source's file mode (often read-only) does not come along.
writeFileSync(join(out, "connector-definition-ids.json"), idsBytes);

// api_sdk.yaml declares each connector twice: `<kind>-<name>` (with the sourceType /
// destinationType const a create request carries) and `<kind>-<name>-update` (the same schema
// without it). Only the latter describes a stored configuration, which is what the emulator
// validates and masks, so it alone is kept: half the size, and the emulator's own
// `--connector-specs` reading of api_sdk.yaml picks the same schema (emulator/connectors.ts).
const doc = parse(readFileSync(join(from, "api_sdk.yaml"), "utf8"), { maxAliasCount: -1 });
const schemas = doc?.components?.schemas;
if (!isObject(schemas)) throw new Error("api_sdk.yaml: no components.schemas");
const specs = {};
for (const [name, full] of Object.entries(schemas)) {
  const m = /^(source|destination)-(.+)$/.exec(name);
  if (m === null || name.endsWith("-update") || !isObject(full)) continue;
  const typeKey = m[1] === "source" ? "sourceType" : "destinationType";
  // Only connector schemas carry the type const; anything else named source-* is not one.
  if (!isObject(full.properties?.[typeKey])) continue;
  const update = schemas[`${name}-update`];
  if (isObject(update)) {
    specs[name] = update;
  } else {
    const properties = { ...full.properties };
    delete properties[typeKey];
    const required = Array.isArray(full.required) ? full.required.filter((r) => r !== typeKey) : undefined;
    specs[name] = { ...full, properties, ...(required !== undefined && { required }) };
  }
}
const names = Object.keys(specs).sort();
if (names.length === 0) throw new Error("api_sdk.yaml: no connector schemas found");

// One connector per line: compact, yet a refresh shows up in `git diff` connector by connector.
const specsFile = join(out, "connector-specs.json");
writeFileSync(
  specsFile,
  `{\n${names.map((n) => `${JSON.stringify(n)}:${JSON.stringify(specs[n])}`).join(",\n")}\n}\n`,
);

const count = (kind) => names.filter((n) => n.startsWith(`${kind}-`)).length;
process.stdout.write(
  `${Object.keys(ids.sourceTypeToDefinitionId).length} source and ` +
    `${Object.keys(ids.destinationTypeToDefinitionId).length} destination names; ` +
    `${count("source")} source and ${count("destination")} destination schemas ` +
    `(${statSync(specsFile).size} bytes) in ${out}\n`,
);
