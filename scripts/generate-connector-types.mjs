#!/usr/bin/env node
// Generates the TypeScript configuration type of every connector whose schema ships in
// data/connector-specs.json, so that `definition: "postgres"` gives `configuration` Postgres's type
// (a misspelt or missing key, or a string port, is a compile error, with completion in the editor):
//
//   npm run generate:types
//
// It writes sdk/generated/source-configurations.ts and sdk/generated/destination-configurations.ts
// (committed; test/unit/connector-types.test.ts fails when they are out of date). Run it after
// scripts/refresh-airbyte-data.mjs.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";

const root = resolve(import.meta.dirname, "..");
const KINDS = ["source", "destination"];

const isObject = (v) => typeof v === "object" && v !== null && !Array.isArray(v);
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const propertyKey = (key) => (IDENTIFIER.test(key) ? key : JSON.stringify(key));

/** `google-ads` → `GoogleAds`; a slug that starts with a digit (`7shifts`) gets an `N`. */
function pascal(slug) {
  const name = slug
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w !== "")
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join("");
  return /^\d/.test(name) ? `N${name}` : name;
}

/** The exported name of a connector's configuration type: `PostgresSourceConfiguration`. */
export function typeName(kind, slug) {
  return `${pascal(slug)}${kind === "source" ? "Source" : "Destination"}Configuration`;
}

/** A TSDoc line from a schema's title and description: plain text, one paragraph, bounded. */
function docText(schema) {
  const parts = [];
  const clean = (s) =>
    String(s)
      .replace(/<[^>]*>/g, "")
      .replace(/\s+/g, " ")
      .replaceAll("*/", "* /")
      .trim();
  const title = typeof schema.title === "string" ? clean(schema.title) : "";
  let description = typeof schema.description === "string" ? clean(schema.description) : "";
  if (description.length > 400) description = `${description.slice(0, 397).replace(/\s+\S*$/, "")} …`;
  const sentence = (t) => (/[.!?:)]$/.test(t) ? t : `${t}.`);
  if (title !== "" && !description.toLowerCase().startsWith(title.toLowerCase())) parts.push(sentence(title));
  if (description !== "") parts.push(sentence(description));
  if (schema.airbyte_secret === true) parts.push("Secret: made a Pulumi secret by the SDK.");
  if (schema.default !== undefined && !isObject(schema.default) && !Array.isArray(schema.default)) {
    const shown = JSON.stringify(schema.default);
    if (shown.length <= 60) parts.push(`@default ${shown}`);
  }
  return parts.join(" ");
}

function doc(text, indent) {
  return text === "" ? "" : `${indent}/** ${text} */\n`;
}

const literal = (v) => (v === null ? "null" : JSON.stringify(v));

/** The TypeScript type of a JSON Schema, at `indent` (for the fields of an object type). */
function typeOf(schema, indent) {
  if (!isObject(schema)) return "unknown";
  if (schema.const !== undefined) return literal(schema.const);
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum.map(literal).join(" | ");
  const branches = [...(schema.oneOf ?? []), ...(schema.anyOf ?? [])];
  const types = Array.isArray(schema.type) ? schema.type : schema.type === undefined ? [] : [schema.type];
  const nullable = types.includes("null") ? " | null" : "";
  if (branches.length > 0) {
    const union = branches.map((b) => typeOf(b, indent));
    // A branch-less object part with fields of its own applies to every branch.
    const own = isObject(schema.properties) ? objectType(schema, indent) : undefined;
    const bare = (u) => union.length === 1 || (u.startsWith("{") && u.endsWith("}")) || !/[|&]/.test(u);
    const joined = union.map((u) => (bare(u) ? u : `(${u})`)).join(" | ");
    return `${own === undefined ? joined : `${own} & (${joined})`}${nullable}`;
  }
  const primitive = types.filter((t) => t !== "null");
  if (primitive.length === 0) {
    return isObject(schema.properties) ? `${objectType(schema, indent)}${nullable}` : "unknown";
  }
  const each = primitive.map((t) => {
    switch (t) {
      case "string":
        return "string";
      case "integer":
      case "number":
        return "number";
      case "boolean":
        return "boolean";
      case "array": {
        const item = typeOf(schema.items, indent);
        return /^[A-Za-z]+$/.test(item) ? `${item}[]` : `Array<${item}>`;
      }
      case "object":
        return objectType(schema, indent);
      default:
        return "unknown";
    }
  });
  return `${each.join(" | ")}${nullable}`;
}

/**
 * An object schema's fields. No index signature even where the schema allows more keys: a key the
 * schema does not name is most often a misspelling (the provider warns of one at preview too).
 */
function objectType(schema, indent) {
  const properties = isObject(schema.properties) ? schema.properties : {};
  const required = new Set(Array.isArray(schema.required) ? schema.required : []);
  const names = Object.keys(properties);
  if (names.length === 0 && required.size === 0) return "Record<string, unknown>";
  const inner = `${indent}  `;
  const lines = [];
  for (const name of names) {
    const prop = properties[name];
    lines.push(
      `${doc(isObject(prop) ? docText(prop) : "", inner)}${inner}${propertyKey(name)}${required.has(name) ? "" : "?"}: ${typeOf(prop, inner)};`,
    );
  }
  // A required key the schema does not describe (a few schemas have one): required, of any type.
  for (const name of required)
    if (!(name in properties)) lines.push(`${inner}${propertyKey(name)}: unknown;`);
  return `{\n${lines.join("\n")}\n${indent}}`;
}

/** The generated module of one kind: one interface per connector and the map by connector name. */
export function generate(kind) {
  const specs = JSON.parse(readFileSync(resolve(root, "data/connector-specs.json"), "utf8"));
  const Kind = kind === "source" ? "Source" : "Destination";
  const slugs = Object.keys(specs)
    .filter((k) => k.startsWith(`${kind}-`))
    .map((k) => k.slice(kind.length + 1))
    .sort();
  const out = [
    `// Generated by scripts/generate-connector-types.mjs from data/connector-specs.json: do not edit.`,
    `// Run \`npm run generate:types\` after the data changes.`,
    "",
  ];
  for (const slug of slugs) {
    const schema = specs[`${kind}-${slug}`];
    const title = typeof schema.title === "string" ? ` (${schema.title.replaceAll("*/", "* /")})` : "";
    out.push(`/** The configuration of the \`${slug}\` ${kind}${title}. */`);
    const body = typeOf({ ...schema, oneOf: schema.oneOf, type: schema.type ?? "object" }, "");
    out.push(
      body.startsWith("{")
        ? `export interface ${typeName(kind, slug)} ${body}`
        : `export type ${typeName(kind, slug)} = ${body};`,
    );
    out.push("");
  }
  out.push(
    `/** Each ${kind} connector's configuration type, by its name in Airbyte's tables (\`definition: "${kind === "source" ? "postgres" : "bigquery"}"\`). */`,
  );
  out.push(`export interface ${Kind}Configurations {`);
  for (const slug of slugs) out.push(`  ${propertyKey(slug)}: ${typeName(kind, slug)};`);
  out.push("}", "");
  return out.join("\n");
}

/** Where each kind's module goes. */
export function outputPath(kind) {
  return resolve(root, `sdk/generated/${kind}-configurations.ts`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  mkdirSync(resolve(root, "sdk/generated"), { recursive: true });
  for (const kind of KINDS) {
    const text = generate(kind);
    writeFileSync(outputPath(kind), text);
    const count = (text.match(/^export (interface|type) /gm) ?? []).length - 1;
    process.stdout.write(`${kind}s: ${count} configuration types, ${Math.round(text.length / 1024)} KiB\n`);
  }
}
