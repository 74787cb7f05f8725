/**
 * Connector registry: resolves definitions (built-in, or from the server's name table),
 * validates configurations against their JSON Schema (built-in, shipped in `data/`, or
 * from an `api_sdk.yaml`) with networknt-style messages, and handles secrets (masking, PUT/PATCH
 * preservation).
 */
import { readFileSync } from "node:fs";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import { parse as parseYaml } from "yaml";
import { BUILTIN_CONNECTORS } from "./connectors/builtin.js";
import { genericStreams } from "./connectors/discover.js";
import { ACTOR_KINDS, type ActorKind } from "./connectors/kinds.js";
import type {
  BuiltinConnector,
  DestinationSyncMode,
  DiscoveredStream,
  JsonSchema,
} from "./connectors/types.js";
import { type DefinitionIdTables, loadDefinitionIds } from "./definition-ids.js";
import { unprocessable } from "./problems.js";
import { loadShippedSpecs } from "./shipped-data.js";

/** What the server stores in place of a secret it will not return. */
export const SECRET_MASK = "**********";

/** Destination sync modes of a connector without a hand-written list. */
const GENERIC_DESTINATION_SYNC_MODES: DestinationSyncMode[] = ["overwrite", "append", "append_dedup"];

/** A resolved connector definition. */
export interface ConnectorDefinition {
  kind: ActorKind;
  id: string;
  /** `sourceType` / `destinationType` as responses report it ("" when not in the server's table). */
  slug: string;
  name: string;
  version: string;
  builtin?: BuiltinConnector;
  /** A workspace's custom or declarative definition (never in the server's name tables). */
  custom?: {
    /** The configuration schema: a declarative manifest's, or any object for a docker image. */
    schema: JsonSchema;
    /** Stream names a declarative manifest declares; a docker image discovers the generic stream. */
    streams: string[];
  };
}

function titleCase(slug: string): string {
  return slug
    .split("-")
    .map((w) => (w.length <= 3 && w !== "api" ? w.toUpperCase() : w[0]!.toUpperCase() + w.slice(1)))
    .join(" ");
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** JSON Pointer of ajv → networknt path (`/a/0/b` → `$.a[0].b`). */
function jsonPath(pointer: string): string {
  let out = "$";
  for (const raw of pointer.split("/").slice(1)) {
    const seg = raw.replaceAll("~1", "/").replaceAll("~0", "~");
    out += /^\d+$/.test(seg) ? `[${seg}]` : `.${seg}`;
  }
  return out;
}

function typeName(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "number") return Number.isInteger(v) ? "integer" : "number";
  return typeof v;
}

function valueAt(root: unknown, pointer: string): unknown {
  let cur = root;
  for (const raw of pointer.split("/").slice(1)) {
    const seg = raw.replaceAll("~1", "/").replaceAll("~0", "~");
    if (Array.isArray(cur)) cur = cur[Number(seg)];
    else if (isObject(cur)) cur = cur[seg];
    else return undefined;
  }
  return cur;
}

/** One ajv error in the wording of networknt's validator, which the real server uses. */
function networkntMessage(e: ErrorObject, data: unknown): string {
  const at = jsonPath(e.instancePath);
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case "required":
      return `${at}: required property '${String(p.missingProperty)}' not found`;
    case "type":
      return `${at}: ${typeName(valueAt(data, e.instancePath))} found, ${String(p.type).replaceAll(",", ", ")} expected`;
    case "enum":
      return `${at}: does not have a value in the enumeration [${(p.allowedValues as unknown[]).map(String).join(", ")}]`;
    case "const":
      return `${at}: must be the constant value '${String(p.allowedValue)}'`;
    case "minimum":
      return `${at}: must have a minimum value of ${String(p.limit)}`;
    case "maximum":
      return `${at}: must have a maximum value of ${String(p.limit)}`;
    case "additionalProperties":
      return `${at}.${String(p.additionalProperty)}: is not defined in the schema and the schema does not allow additional properties`;
    case "oneOf":
      return `${at}: must be valid to one and only one schema, but ${p.passingSchemas === null ? 0 : 2} are valid`;
    case "pattern":
      return `${at}: does not match the regex pattern ${String(p.pattern)}`;
    case "minItems":
      return `${at}: expected at least ${String(p.limit)} items but found ${(valueAt(data, e.instancePath) as unknown[]).length}`;
    default:
      return `${at}: ${e.message ?? e.keyword}`;
  }
}

/** Holds definitions and the lazily loaded connector schemas (shipped, or from api_sdk.yaml). */
export class ConnectorRegistry {
  private sdkSchemas: Record<string, unknown> | undefined;
  private readonly ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
  private readonly validators = new Map<string, ValidateFunction>();

  private readonly tables: DefinitionIdTables;

  /**
   * `specsFile`: path to an api_sdk.yaml whose schemas take precedence for every connector,
   * built-ins included; read on first use. `definitionIdsFile`: the server's name → id tables
   * (see {@link loadDefinitionIds}); default: the tables shipped in `data/`.
   */
  constructor(
    private readonly specsFile?: string,
    definitionIdsFile?: string,
  ) {
    this.tables = loadDefinitionIds(definitionIdsFile);
  }

  private sdk(): Record<string, unknown> {
    if (!this.specsFile) return {};
    if (!this.sdkSchemas) {
      const doc = parseYaml(readFileSync(this.specsFile, "utf8"), { maxAliasCount: -1 }) as {
        components?: { schemas?: Record<string, unknown> };
      };
      this.sdkSchemas = doc.components?.schemas ?? {};
    }
    return this.sdkSchemas;
  }

  /** All definitions of a kind: the built-ins first, then every other entry of the server's table. */
  list(kind: ActorKind): ConnectorDefinition[] {
    const table = this.tables[kind];
    const out = BUILTIN_CONNECTORS.filter((b) => b.kind === kind).map((b) => this.fromBuiltin(b));
    const seen = new Set(out.map((d) => d.id));
    for (const [slug, id] of Object.entries(table)) {
      if (!seen.has(id)) out.push({ kind, id, slug, name: titleCase(slug), version: "latest" });
    }
    return out;
  }

  private fromBuiltin(b: BuiltinConnector): ConnectorDefinition {
    return { kind: b.kind, id: b.id, slug: b.slug, name: b.name, version: b.version, builtin: b };
  }

  /** A definition by id, or undefined. */
  byId(kind: ActorKind, id: string): ConnectorDefinition | undefined {
    const b = BUILTIN_CONNECTORS.find((c) => c.kind === kind && c.id === id.toLowerCase());
    if (b) return this.fromBuiltin(b);
    const table = this.tables[kind];
    const slug = Object.entries(table).find(([, v]) => v === id.toLowerCase())?.[0];
    return slug === undefined
      ? undefined
      : { kind, id: id.toLowerCase(), slug, name: titleCase(slug), version: "latest" };
  }

  /** A definition by `sourceType` / `destinationType` name, through the server's table only. */
  byName(kind: ActorKind, name: string): ConnectorDefinition | undefined {
    const table = this.tables[kind];
    const id = table[name];
    return id === undefined ? undefined : this.byId(kind, id);
  }

  /**
   * The connection specification, first found of: the `--connector-specs` api_sdk.yaml's
   * `<kind>-<name>-update` schema (which lacks the type const) or its `<kind>-<name>` with the
   * const removed; the built-in spec; the shipped schema (the same `-update` schema, extracted
   * by scripts/refresh-airbyte-data.mjs); a permissive object schema.
   */
  schema(def: ConnectorDefinition): JsonSchema {
    if (def.custom) return def.custom.schema;
    const specName = def.builtin?.specName ?? def.slug;
    const sdk = this.sdk();
    const update = sdk[`${def.kind}-${specName}-update`];
    if (isObject(update)) return update;
    const full = sdk[`${def.kind}-${specName}`];
    if (isObject(full)) {
      const { typeKey } = ACTOR_KINDS[def.kind];
      const properties = isObject(full.properties) ? { ...full.properties } : {};
      delete properties[typeKey];
      const required = Array.isArray(full.required) ? full.required.filter((r) => r !== typeKey) : undefined;
      return { ...full, properties, required };
    }
    // Built-ins keep their hand-written specs by default (what the tests and the demo are written
    // against), and answering for them never costs the load of the shipped schemas.
    if (def.builtin) return def.builtin.spec;
    const shipped = loadShippedSpecs()[`${def.kind}-${specName}`];
    return isObject(shipped) ? shipped : { type: "object" };
  }

  /** Throws 422 unprocessable-entity with the server's message when `config` does not match. */
  validate(def: ConnectorDefinition, config: Record<string, unknown>): void {
    // A declarative definition's schema changes with its manifest version.
    const key = `${def.kind}:${def.id}:${def.custom ? def.version : ""}`;
    let v = this.validators.get(key);
    if (!v) {
      v = this.ajv.compile(this.schema(def));
      this.validators.set(key, v);
    }
    if (v(config)) return;
    // oneOf branch failures are noise next to the oneOf error itself, as networknt reports them.
    const errors = (v.errors ?? []).filter((e) => !e.schemaPath.includes("/oneOf/"));
    const msgs = [
      ...new Set((errors.length > 0 ? errors : (v.errors ?? [])).map((e) => networkntMessage(e, config))),
    ];
    throw unprocessable(
      `json schema validation failed when comparing the data to the json schema. \nErrors: ${msgs.join(", ")} `,
    );
  }

  /** A copy of `config` with every secret field replaced by {@link SECRET_MASK}. */
  mask(def: ConnectorDefinition, config: Record<string, unknown>): Record<string, unknown> {
    return maskWith(this.schema(def), config) as Record<string, unknown>;
  }

  /** `incoming` with every masked secret replaced by the value stored at the same path. */
  restoreSecrets(
    def: ConnectorDefinition,
    incoming: Record<string, unknown>,
    stored: Record<string, unknown>,
  ): Record<string, unknown> {
    return restoreWith(this.schema(def), incoming, stored) as Record<string, unknown>;
  }

  /** The streams a discover of `def` with `config` returns. */
  discover(def: ConnectorDefinition, config: Record<string, unknown>): DiscoveredStream[] {
    if (def.custom && def.custom.streams.length > 0) {
      return def.custom.streams.flatMap((name) =>
        genericStreams(`${def.id}:${name}`, config).map((s) => ({ ...s, name })),
      );
    }
    return def.builtin?.discover?.(config) ?? genericStreams(def.slug, config);
  }

  /** The destination sync modes a destination supports. */
  destinationSyncModes(def: ConnectorDefinition): DestinationSyncMode[] {
    return def.builtin?.destinationSyncModes ?? GENERIC_DESTINATION_SYNC_MODES;
  }
}

/** Sub-schemas that may describe `value`: the schema itself plus every oneOf/anyOf/allOf branch. */
function branches(schema: JsonSchema): JsonSchema[] {
  const out = [schema];
  for (const k of ["oneOf", "anyOf", "allOf"]) {
    const list = schema[k];
    if (Array.isArray(list)) for (const s of list) if (isObject(s)) out.push(...branches(s));
  }
  return out;
}

function isSecret(schemas: JsonSchema[]): boolean {
  return schemas.some((s) => s.airbyte_secret === true);
}

/** Schemas for property `key` across all branches (the platform masks a key secret in any branch). */
function propertySchemas(schemas: JsonSchema[], key: string): JsonSchema[] {
  const out: JsonSchema[] = [];
  for (const s of schemas) {
    const props = s.properties;
    if (isObject(props) && isObject(props[key])) out.push(...branches(props[key] as JsonSchema));
  }
  return out;
}

function itemSchemas(schemas: JsonSchema[]): JsonSchema[] {
  return schemas.flatMap((s) => (isObject(s.items) ? branches(s.items as JsonSchema) : []));
}

function maskWith(schema: JsonSchema, value: unknown): unknown {
  const walk = (schemas: JsonSchema[], v: unknown): unknown => {
    if (isSecret(schemas) && v !== undefined && v !== null) return SECRET_MASK;
    if (Array.isArray(v)) {
      const items = itemSchemas(schemas);
      return v.map((x) => walk(items, x));
    }
    if (isObject(v)) {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(propertySchemas(schemas, k), x)]));
    }
    return v;
  };
  return walk(branches(schema), value);
}

function restoreWith(schema: JsonSchema, incoming: unknown, stored: unknown): unknown {
  const walk = (schemas: JsonSchema[], v: unknown, old: unknown): unknown => {
    if (v === SECRET_MASK && isSecret(schemas)) return old === undefined ? v : old;
    if (Array.isArray(v)) {
      const items = itemSchemas(schemas);
      return v.map((x, i) => walk(items, x, Array.isArray(old) ? old[i] : undefined));
    }
    if (isObject(v)) {
      return Object.fromEntries(
        Object.entries(v).map(([k, x]) => [
          k,
          walk(propertySchemas(schemas, k), x, isObject(old) ? old[k] : undefined),
        ]),
      );
    }
    return v;
  };
  return walk(branches(schema), incoming, stored);
}

/** Deep merge for PATCH: objects merge recursively; scalars and arrays replace. */
export function deepMerge(base: unknown, patch: unknown): unknown {
  if (!isObject(base) || !isObject(patch)) return patch;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(patch)) out[k] = deepMerge(base[k], v);
  return out;
}

/** Finds `key` anywhere in `value`, depth-first, as Jackson's `findValue` does. */
export function findValue(value: unknown, key: string): unknown {
  if (Array.isArray(value)) {
    for (const x of value) {
      const r = findValue(x, key);
      if (r !== undefined) return r;
    }
    return undefined;
  }
  if (!isObject(value)) return undefined;
  if (key in value) return value[key];
  for (const x of Object.values(value)) {
    const r = findValue(x, key);
    if (r !== undefined) return r;
  }
  return undefined;
}
