/**
 * The native plugin's Pulumi package schema, generated from the one source of truth: the kind
 * registry, each kind's zod input and computed-output schemas, the look-ups and the provider
 * settings. `npm run generate:plugin` writes it to `plugin/schema.json` (committed, and the SDKs
 * are generated from it); `test/unit/plugin-schema.test.ts` fails when the file is out of date.
 */
import { z } from "zod";
import { KIND_DESCRIPTIONS, KIND_TYPE_NAMES, RESOURCE_KINDS } from "../provider/kinds.js";
import { LOOKUPS } from "../provider/lookups.js";
import { SETTING_DOCS } from "../provider/settings.js";
import { KIND_OPERATIONS } from "../provider/specs.js";

/**
 * The package's name. The Pulumi Registry's `airbyte` is the bridged Terraform provider (types
 * `airbyte:index/...`); `-native` is Pulumi's own suffix for a native provider beside a bridged one
 * (aws-native, azure-native), so neither names nor type tokens can collide.
 */
export const PACKAGE_NAME = "airbyte-native";

/** The module every type lives in. */
const MODULE = "index";

/** The type token of a resource, function or object type: `airbyte-native:index:Source`. */
export const token = (name: string): string => `${PACKAGE_NAME}:${MODULE}:${name}`;

/** A property or type in Pulumi's schema language (the subset this package uses). */
export interface TypeSpec {
  type?: "string" | "number" | "integer" | "boolean" | "array" | "object";
  items?: TypeSpec;
  additionalProperties?: TypeSpec;
  $ref?: string;
  oneOf?: TypeSpec[];
}

/** A property: its type, and what the SDKs say of it. */
export interface PropertySpec extends TypeSpec {
  description?: string;
  secret?: boolean;
  willReplaceOnChanges?: boolean;
}

/** An object type of the schema. */
export interface ObjectTypeSpec {
  type: "object";
  description?: string;
  properties: Record<string, PropertySpec>;
  required?: string[];
}

type Json = Record<string, unknown>;

const ANY: TypeSpec = { $ref: "pulumi.json#/Any" };

const pascal = (s: string): string =>
  s.replace(/(^|[^A-Za-z0-9])([a-z])/g, (_m, _p, c: string) => c.toUpperCase());
const singular = (s: string): string => (s.endsWith("s") && !s.endsWith("ss") ? s.slice(0, -1) : s);

/** Turns JSON Schemas (from zod) into Pulumi types, naming every object type and sharing equal ones. */
class TypeBuilder {
  readonly types: Record<string, ObjectTypeSpec> = {};
  private readonly byShape = new Map<string, string>();

  /** The Pulumi type of a JSON Schema; `name` names an object type defined from it. */
  convert(schema: Json, name: string, defs: Json): TypeSpec {
    const ref = schema.$ref;
    if (typeof ref === "string") {
      const id = ref.replace(/^#\/\$defs\//, "");
      return this.convert(defs[id] as Json, id, defs);
    }
    const variants = (schema.oneOf ?? schema.anyOf) as Json[] | undefined;
    if (variants !== undefined) {
      const resolved = variants.map((v) =>
        typeof v.$ref === "string" ? (defs[v.$ref.replace(/^#\/\$defs\//, "")] as Json) : v,
      );
      // Objects told apart by a field merge into one type; Check validates each shape exactly.
      if (resolved.every((v) => v.type === "object" && v.properties !== undefined)) {
        return this.convert(mergeObjects(resolved, schema.description), name, defs);
      }
      // Each object variant is named after the property; a second one gets a number.
      let objects = 0;
      return {
        oneOf: resolved.map((v) =>
          this.convert(v, v.type === "object" && objects++ > 0 ? `${name}${objects}` : name, defs),
        ),
      };
    }
    switch (schema.type) {
      case "string":
        return { type: "string" };
      case "number":
        return { type: "number" };
      case "integer":
        return { type: "integer" };
      case "boolean":
        return { type: "boolean" };
      case "array":
        return { type: "array", items: this.convert((schema.items ?? {}) as Json, singular(name), defs) };
      case "object":
        if (schema.properties === undefined) {
          const values = schema.additionalProperties;
          const items = typeof values === "object" && values !== null ? (values as Json) : {};
          return {
            type: "object",
            additionalProperties:
              Object.keys(items).length === 0 ? ANY : this.convert(items, singular(name), defs),
          };
        }
        return { $ref: `#/types/${token(this.define(schema, name, defs))}` };
      default:
        return ANY;
    }
  }

  /** The properties of an object schema as Pulumi properties. */
  properties(schema: Json, owner: string, defs: Json): Record<string, PropertySpec> {
    const out: Record<string, PropertySpec> = {};
    for (const [key, value] of Object.entries((schema.properties ?? {}) as Record<string, Json>)) {
      out[key] = { ...this.convert(value, `${owner}${pascal(key)}`, defs), ...describe(value, defs) };
    }
    return out;
  }

  private define(schema: Json, name: string, defs: Json): string {
    const shape = JSON.stringify(schema);
    const known = this.byShape.get(shape);
    if (known !== undefined) return known;
    this.byShape.set(shape, name);
    const spec: ObjectTypeSpec = {
      type: "object",
      properties: this.properties(schema, name, defs),
      ...(Array.isArray(schema.required) &&
        schema.required.length > 0 && { required: schema.required as string[] }),
      ...(typeof schema.description === "string" && { description: schema.description }),
    };
    this.types[token(name)] = spec;
    return name;
  }
}

function describe(schema: Json, defs: Json): { description?: string } {
  const target =
    typeof schema.$ref === "string" ? (defs[schema.$ref.replace(/^#\/\$defs\//, "")] as Json) : schema;
  const parts: string[] = [];
  if (typeof schema.description === "string") parts.push(schema.description);
  else if (typeof target?.description === "string") parts.push(target.description);
  if (Array.isArray(target?.enum))
    parts.push(`One of: ${(target.enum as unknown[]).map((v) => `\`${String(v)}\``).join(", ")}.`);
  return parts.length > 0 ? { description: parts.join(" ") } : {};
}

/** One object schema with every variant's properties; required only where every variant requires it. */
function mergeObjects(variants: Json[], description: unknown): Json {
  const properties: Record<string, Json> = {};
  for (const v of variants) {
    for (const [k, p] of Object.entries(v.properties as Record<string, Json>)) {
      const { const: constant, ...rest } = p;
      const existing = properties[k];
      const values = [
        ...((existing?.enum as unknown[]) ?? []),
        ...(constant !== undefined ? [constant] : []),
      ];
      properties[k] = { ...rest, ...(values.length > 0 && { enum: values }) };
    }
  }
  const required = Object.keys(properties).filter((k) =>
    variants.every((v) => Array.isArray(v.required) && (v.required as string[]).includes(k)),
  );
  return { type: "object", properties, required, ...(typeof description === "string" && { description }) };
}

const jsonSchema = (schema: z.ZodType, io: "input" | "output"): Json =>
  z.toJSONSchema(schema, { io, unrepresentable: "any" }) as Json;

/** The package schema. */
export function packageSchema(version: string): Record<string, unknown> {
  const builder = new TypeBuilder();
  const resources: Record<string, unknown> = {};
  for (const kind of RESOURCE_KINDS) {
    const ops = KIND_OPERATIONS[kind];
    const name = KIND_TYPE_NAMES[kind];
    const inputs = jsonSchema(ops.inputs, "input");
    const computed = jsonSchema(ops.computed, "output");
    const inputProperties = builder.properties(inputs, name, (inputs.$defs ?? {}) as Json);
    for (const field of ops.replaceFields) {
      const property = inputProperties[field];
      if (property !== undefined) property.willReplaceOnChanges = true;
    }
    const computedProperties = builder.properties(computed, name, (computed.$defs ?? {}) as Json);
    const secretOutputs = new Set(
      ops
        .secretPaths({})
        .filter((p) => p.length === 1)
        .map((p) => p[0]),
    );
    for (const [key, property] of Object.entries(computedProperties))
      if (secretOutputs.has(key)) property.secret = true;
    resources[token(name)] = {
      description: KIND_DESCRIPTIONS[kind],
      inputProperties,
      requiredInputs: (inputs.required as string[] | undefined) ?? [],
      properties: { ...inputProperties, ...computedProperties },
      required: [
        ...new Set([...((inputs.required as string[]) ?? []), ...((computed.required as string[]) ?? [])]),
      ],
    };
  }
  const functions: Record<string, unknown> = {};
  for (const lookup of LOOKUPS) {
    const name = pascal(lookup.name);
    const args = jsonSchema(lookup.args, "input");
    const result = jsonSchema(lookup.result, "output");
    functions[token(lookup.name)] = {
      description: lookup.description,
      inputs: {
        properties: builder.properties(args, `${name}Args`, (args.$defs ?? {}) as Json),
        required: (args.required as string[] | undefined) ?? [],
      },
      outputs: {
        properties: builder.properties(result, `${name}Result`, (result.$defs ?? {}) as Json),
        required: (result.required as string[] | undefined) ?? [],
      },
    };
  }
  const settings = Object.fromEntries(
    Object.entries(SETTING_DOCS).map(([key, doc]) => [
      key,
      { type: doc.type, description: doc.description, ...(doc.secret && { secret: true }) },
    ]),
  );
  return {
    name: PACKAGE_NAME,
    displayName: "Airbyte (pulumi-airbyte)",
    version,
    description:
      "Airbyte pipelines as code: workspaces, sources, destinations, connections, tags, sync jobs and access, on the Airbyte public API v1.",
    keywords: ["pulumi", "airbyte", "category/utility", "kind/native"],
    license: "Apache-2.0",
    publisher: "pulumi-airbyte",
    repository: "https://github.com/pulumi-airbyte/pulumi-airbyte",
    config: { variables: settings },
    provider: { description: "The Airbyte server and credentials.", inputProperties: settings },
    resources,
    functions,
    types: Object.fromEntries(Object.entries(builder.types).sort(([a], [b]) => a.localeCompare(b))),
    // The SDKs carry this version (pyproject, package.json, each pulumi-plugin.json, Go's resource
    // options), so a program asks the engine for the plugin it was generated with; and the Go SDK
    // gets a go.mod of its own.
    meta: { supportPack: true },
    language: {
      nodejs: {
        packageName: "pulumi-airbyte-native",
        packageDescription: "Airbyte pipelines as code (the native plugin's SDK).",
        dependencies: { "@pulumi/pulumi": "^3.160.0" },
      },
      python: {
        packageName: "pulumi_airbyte_native",
        requires: { pulumi: ">=3.160.0,<4.0.0" },
        pyproject: { enabled: true },
      },
      go: {
        importBasePath: "github.com/pulumi-airbyte/pulumi-airbyte/sdk-native/go/airbytenative",
        generateResourceContainerTypes: false,
      },
    },
  };
}
