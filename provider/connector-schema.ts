/**
 * Checks a source's or destination's configuration against its connector's JSON Schema at
 * `preview`, so a missing field, a wrong type or a value outside an enum fails before anything is
 * written, naming the field. The schemas are the package's copy of the public API's per-connector
 * configuration schemas (`api_sdk.yaml`, see `data/SOURCE.md`); a connector not in it
 * (a custom one, or one newer than the copy) is not checked here and Airbyte checks it on write.
 */
import { readFileSync } from "node:fs";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import { KEEP_EXISTING_SECRET, SECRET_MASK } from "./configuration.js";
import type { ConnectorKind } from "./definitions.js";
import { UNKNOWN } from "./framework/values.js";
import { type ShippedDataFile, shippedDataFile } from "./shipped-data.js";
import { didYouMean } from "./suggest.js";

interface Tables {
  readonly specs: Record<string, Record<string, unknown>>;
  readonly slugs: Record<ConnectorKind, Record<string, string>>;
}

let tables: Tables | null | undefined;

function load(): Tables | null {
  if (tables !== undefined) return tables;
  try {
    const read = (file: ShippedDataFile) =>
      JSON.parse(readFileSync(shippedDataFile(file), "utf8")) as unknown;
    const ids = read("connector-definition-ids.json") as {
      definitionIdToSourceType: Record<string, string>;
      definitionIdToDestinationType: Record<string, string>;
    };
    tables = {
      specs: read("connector-specs.json") as Tables["specs"],
      slugs: { source: ids.definitionIdToSourceType, destination: ids.definitionIdToDestinationType },
    };
  } catch {
    // A trimmed install without the data: Airbyte still checks every configuration on write.
    tables = null;
  }
  return tables;
}

// verbose: errors carry their schema, so a oneOf can list its branches.
const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false, verbose: true });
const compiled = new Map<string, ValidateFunction>();

/** The connector's slug (`postgres`), schema and compiled schema, or `undefined` when not known. */
function validatorFor(kind: ConnectorKind, definitionId: string) {
  const slug = load()?.slugs[kind][definitionId];
  return slug === undefined ? undefined : validatorForSlug(kind, slug);
}

function validatorForSlug(kind: ConnectorKind, slug: string) {
  const key = `${kind}-${slug}`;
  const schema = load()?.specs[key];
  if (schema === undefined) return undefined;
  let validate = compiled.get(key);
  if (validate === undefined) {
    validate = ajv.compile(schema);
    compiled.set(key, validate);
  }
  return { slug, schema, validate };
}

/**
 * Whether the package has the schema of the connector named `slug` (`postgres`), as Airbyte's
 * tables name it: then {@link configurationProblemsOf} checks its configuration offline.
 */
export function hasConnectorSchema(kind: ConnectorKind, slug: string): boolean {
  return load()?.specs[`${kind}-${slug}`] !== undefined;
}

/** The connector names (`postgres`, `faker`) whose schemas ship with the package. */
export function connectorNames(kind: ConnectorKind): string[] {
  const prefix = `${kind}-`;
  return Object.keys(load()?.specs ?? {})
    .filter((k) => k.startsWith(prefix))
    .map((k) => k.slice(prefix.length));
}

/** Whether the value at a JSON pointer is not a literal the user wrote (unknown, or a kept secret). */
function opaqueAt(root: unknown, pointer: string): boolean {
  let cur = root;
  for (const seg of ["", ...pointer.split("/").slice(1)]) {
    if (seg !== "") {
      const key = seg.replaceAll("~1", "/").replaceAll("~0", "~");
      cur = Array.isArray(cur) ? cur[Number(key)] : (cur as Record<string, unknown> | undefined)?.[key];
    }
    if (cur === UNKNOWN || cur === KEEP_EXISTING_SECRET || cur === SECRET_MASK) return true;
  }
  return false;
}

function dotted(pointer: string): string {
  return pointer
    .split("/")
    .slice(1)
    .map((s) => (/^\d+$/.test(s) ? `[${s}]` : `.${s.replaceAll("~1", "/").replaceAll("~0", "~")}`))
    .join("");
}

function describe(e: ErrorObject, connector: string): { path: string; reason: string } {
  const at = `configuration${dotted(e.instancePath)}`;
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case "required":
      return {
        path: `${at}.${String(p.missingProperty)}`,
        reason: `is required by the ${connector} connector: add it to the configuration`,
      };
    case "type":
      return { path: at, reason: `must be ${String(p.type)} (the ${connector} connector's schema)` };
    case "enum":
      return {
        path: at,
        reason: `must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`,
      };
    case "const":
      return { path: at, reason: `must be ${JSON.stringify(p.allowedValue)}` };
    case "additionalProperties": {
      const known = Object.keys((e.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      const hint = didYouMean(String(p.additionalProperty), known);
      return {
        path: `${at}.${String(p.additionalProperty)}`,
        reason: `is not a field of the ${connector} connector's configuration, which allows no other keys here: ${hint === "" ? "remove it or check its spelling" : hint}`,
      };
    }
    case "oneOf":
    case "anyOf": {
      const branches = (Array.isArray(e.schema) ? e.schema : []) as Array<{
        title?: unknown;
        properties?: Record<string, { const?: unknown; enum?: unknown[] }>;
      }>;
      const shapes = branches.map((b) => {
        const tag = Object.entries(b.properties ?? {}).find(
          ([, v]) => v.const !== undefined || v.enum?.length === 1,
        );
        const value = tag === undefined ? undefined : (tag[1].const ?? tag[1].enum?.[0]);
        return tag === undefined ? String(b.title ?? "?") : `{ ${tag[0]}: ${JSON.stringify(value)}, … }`;
      });
      return {
        path: at,
        reason: `must be one of the ${connector} connector's shapes for this field: ${shapes.join(", ")}`,
      };
    }
    default:
      return { path: at, reason: `${e.message ?? "is not valid"} (the ${connector} connector's schema)` };
  }
}

/** A configuration problem: the field (`configuration.port`) and what to do. */
export interface ConfigurationProblem {
  readonly property: string;
  readonly reason: string;
}

/**
 * The problems of `configuration` for the connector `definitionId`, one per field. Values not
 * known yet (preview) and kept secrets pass; so does any configuration of a connector the package
 * has no schema for.
 */
export function configurationProblems(
  kind: ConnectorKind,
  definitionId: string,
  configuration: unknown,
): ConfigurationProblem[] {
  return problemsAgainst(validatorFor(kind, definitionId), configuration);
}

/** {@link configurationProblems} for a connector given by its name in Airbyte's tables (`postgres`). */
export function configurationProblemsOf(
  kind: ConnectorKind,
  slug: string,
  configuration: unknown,
): ConfigurationProblem[] {
  return problemsAgainst(validatorForSlug(kind, slug), configuration);
}

function problemsAgainst(
  v: ReturnType<typeof validatorForSlug>,
  configuration: unknown,
): ConfigurationProblem[] {
  if (v === undefined || v.validate(configuration)) return [];
  // A key a strict branch refuses is named, with the closest known keys, rather than the branch
  // summary ajv gives for the whole field.
  const refused = keyProblems(v, configuration).filter((k) => k.strict);
  const seen = new Set<string>(refused.map((k) => k.property));
  const out: ConfigurationProblem[] = refused.map(({ property, reason }) => ({ property, reason }));
  for (const e of v.validate.errors ?? []) {
    // A oneOf/anyOf reports each branch's complaints too; the branch-level summary says it better.
    if (e.schemaPath.includes("/oneOf/") || e.schemaPath.includes("/anyOf/")) continue;
    if (opaqueAt(configuration, e.instancePath)) continue;
    if (
      e.keyword === "required" &&
      opaqueAt(configuration, `${e.instancePath}/${String(e.params.missingProperty)}`)
    )
      continue;
    const { path, reason } = describe(e, v.slug);
    if (seen.has(path)) continue;
    if (
      (e.keyword === "oneOf" || e.keyword === "anyOf") &&
      refused.some((k) => k.property.startsWith(`${path}.`))
    )
      continue;
    seen.add(path);
    out.push({ property: path, reason });
  }
  return out;
}

type Schema = Record<string, unknown>;
const isSchema = (v: unknown): v is Schema => typeof v === "object" && v !== null && !Array.isArray(v);

/** A key the connector's schema does not name; `strict` where the schema refuses other keys. */
interface KeyProblem extends ConfigurationProblem {
  readonly strict: boolean;
}

/** A schema and the branches of its `oneOf`/`anyOf`/`allOf`, recursively: the shapes a value may take. */
function shapes(schema: Schema, value: Record<string, unknown>): Schema[] {
  const own = [schema];
  const all = (key: string) =>
    Array.isArray(schema[key]) ? (schema[key] as unknown[]).filter(isSchema) : [];
  let branches = [...all("oneOf"), ...all("anyOf")];
  // A branch whose tag (a property with one allowed value) the value carries is the one meant.
  const tagged = branches.filter((b) =>
    Object.entries(isSchema(b.properties) ? b.properties : {}).some(([key, prop]) => {
      if (!isSchema(prop) || !(key in value)) return false;
      const only =
        prop.const ?? (Array.isArray(prop.enum) && prop.enum.length === 1 ? prop.enum[0] : undefined);
      return only !== undefined && only === value[key];
    }),
  );
  if (tagged.length > 0) branches = tagged;
  return [...own, ...[...branches, ...all("allOf")].flatMap((b) => shapes(b, value))];
}

function unknownKeys(schema: Schema, value: unknown, path: string, out: KeyProblem[], connector: string) {
  if (Array.isArray(value)) {
    const items = schema.items;
    if (isSchema(items))
      for (const [i, item] of value.entries()) unknownKeys(items, item, `${path}[${i}]`, out, connector);
    return;
  }
  if (!isSchema(value)) return;
  const forms = shapes(schema, value);
  const known = new Map<string, Schema[]>();
  for (const form of forms) {
    for (const [key, prop] of Object.entries(isSchema(form.properties) ? form.properties : {})) {
      if (isSchema(prop)) known.set(key, [...(known.get(key) ?? []), prop]);
    }
  }
  // A free-form object: no fields named, nothing to compare with.
  if (known.size === 0) return;
  const strict = forms.some((f) => f.additionalProperties === false && isSchema(f.properties));
  for (const [key, item] of Object.entries(value)) {
    const props = known.get(key);
    if (props !== undefined) {
      for (const prop of props) unknownKeys(prop, item, `${path}.${key}`, out, connector);
      continue;
    }
    const hint = didYouMean(key, [...known.keys()]);
    const fix = hint === "" ? "remove it or check its spelling" : hint;
    out.push({
      property: `${path}.${key}`,
      strict,
      reason: strict
        ? `is not a field of the ${connector} connector's configuration, which allows no other keys here: ${fix}`
        : `is not a field of the ${connector} connector's configuration, so the connector ignores it: ${fix}`,
    });
  }
}

function keyProblems(
  v: NonNullable<ReturnType<typeof validatorForSlug>>,
  configuration: unknown,
): KeyProblem[] {
  const out: KeyProblem[] = [];
  unknownKeys(v.schema, configuration, "configuration", out, v.slug);
  // A key reached through two branches of a oneOf is reported once.
  return out.filter((p, i) => out.findIndex((q) => q.property === p.property) === i);
}

/**
 * The keys of `configuration` that its connector's schema does not name, where the schema lets
 * them through (most do): each is kept and ignored by the connector, which is a misspelling more
 * often than not (`sslmode` for `ssl_mode`). One warning per key, with the closest known keys at
 * that place (in the branch of a `oneOf` the value chose). Where the schema refuses extra keys,
 * {@link configurationProblems} reports them as errors instead.
 */
export function configurationWarnings(
  kind: ConnectorKind,
  definitionId: string,
  configuration: unknown,
): ConfigurationProblem[] {
  const v = validatorFor(kind, definitionId);
  if (v === undefined) return [];
  return keyProblems(v, configuration)
    .filter((k) => !k.strict)
    .map(({ property, reason }) => ({ property, reason }));
}
