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

/** The connector's slug (`postgres`) and its compiled schema, or `undefined` when not known. */
function validatorFor(kind: ConnectorKind, definitionId: string) {
  const t = load();
  const slug = t?.slugs[kind][definitionId];
  if (t === null || t === undefined || slug === undefined) return undefined;
  const key = `${kind}-${slug}`;
  let validate = compiled.get(key);
  if (validate === undefined) {
    const schema = t.specs[key];
    if (schema === undefined) return undefined;
    validate = ajv.compile(schema);
    compiled.set(key, validate);
  }
  return { slug, validate };
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
    case "additionalProperties":
      return {
        path: `${at}.${String(p.additionalProperty)}`,
        reason: `is not a field of the ${connector} connector's configuration: remove it or check its spelling`,
      };
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
  const v = validatorFor(kind, definitionId);
  if (v === undefined || v.validate(configuration)) return [];
  const seen = new Set<string>();
  const out: ConfigurationProblem[] = [];
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
    seen.add(path);
    out.push({ property: path, reason });
  }
  return out;
}
