/**
 * Writes the model of a workspace as a person would write it: a TypeScript Pulumi program with one
 * resource per object (adopting it), references between objects as resource references, and
 * secrets as stack config secrets; or the same model as a YAML spec.
 */
import { stringify } from "yaml";
import { SECRET_MASK } from "../provider/configuration.js";
import type { PipelinesFileShape } from "../sdk/spec.js";
import type { ConnectorModel, SecretField, StreamModel, WorkspaceModel } from "./model.js";

// The spec's entries, field names checked against the schema `Pipelines` reads the file with.
type SpecEntry<K extends "sources" | "tags" | "connections"> = NonNullable<PipelinesFileShape[K]>[string];

const RESERVED = new Set(
  (
    "break case catch class const continue debugger default delete do else enum export extends false finally " +
    "for function if import in instanceof new null return super switch this throw true try typeof var void " +
    "while with as implements interface let package private protected public static yield await " +
    "config pulumi airbyte"
  ).split(" "),
);

/** A TypeScript variable name for a resource name: camelCase, never a keyword or a taken name. */
export function variableName(resourceName: string): string {
  const camel = resourceName.replace(/-([a-z0-9])/g, (_m, c: string) => c.toUpperCase()).replace(/-/g, "");
  const safe = /^[0-9]/.test(camel) ? `_${camel}` : camel;
  return RESERVED.has(safe) ? `${safe}Resource` : safe;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * A JavaScript literal for a JSON value, indented; masked secrets become
 * `config.requireSecret("<key>")` by their path.
 */
function literal(value: unknown, indent: string, secrets: ReadonlyMap<string, string>, path = ""): string {
  if (value === SECRET_MASK && secrets.has(path))
    return `config.requireSecret(${JSON.stringify(secrets.get(path))})`;
  if (Array.isArray(value)) {
    if (value.every((v) => v === null || typeof v !== "object"))
      return JSON.stringify(value).replace(/,/g, ", ");
    const inner = `${indent}  `;
    return `[\n${value.map((v) => `${inner}${literal(v, inner, secrets, path)},`).join("\n")}\n${indent}]`;
  }
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) return "{}";
    const inner = `${indent}  `;
    const lines = entries.map(([k, v]) => {
      const key = IDENTIFIER.test(k) ? k : JSON.stringify(k);
      return `${inner}${key}: ${literal(v, inner, secrets, path === "" ? k : `${path}.${k}`)},`;
    });
    return `{\n${lines.join("\n")}\n${indent}}`;
  }
  return JSON.stringify(value);
}

function secretMap(secrets: readonly SecretField[]): Map<string, string> {
  return new Map(secrets.map((s) => [s.path, s.configKey]));
}

function streamLiteral(s: StreamModel): string {
  const parts = [`name: ${JSON.stringify(s.name)}`];
  if (s.namespace !== undefined) parts.push(`namespace: ${JSON.stringify(s.namespace)}`);
  parts.push(`syncMode: ${JSON.stringify(s.syncMode)}`);
  if (s.cursorField !== undefined) parts.push(`cursorField: ${JSON.stringify(s.cursorField)}`);
  if (s.primaryKey !== undefined) parts.push(`primaryKey: ${JSON.stringify(s.primaryKey)}`);
  if (s.selectedFields !== undefined) parts.push(`selectedFields: ${JSON.stringify(s.selectedFields)}`);
  return `{ ${parts.join(", ")} }`;
}

/** Every secret of the model, with the config key to set. */
export function allSecrets(model: WorkspaceModel): Array<SecretField & { owner: string }> {
  return [...model.sources, ...model.destinations].flatMap((c) =>
    c.secrets.map((s) => ({ ...s, owner: c.resourceName })),
  );
}

/** Every object's resource name and id: what a stack's `adopt` config holds. */
export function adoptIds(model: WorkspaceModel): Record<string, string> {
  return Object.fromEntries(
    [model.workspace, ...model.sources, ...model.destinations, ...model.tags, ...model.connections].map(
      (o) => [o.resourceName, o.id],
    ),
  );
}

/** The program (`index.ts`) for the model; adoption ids come from the stack's config. */
export function renderTypeScript(model: WorkspaceModel, header: string): string {
  const out: string[] = [];
  const v = (resourceName: string) => variableName(resourceName);
  const ws = model.workspace;
  out.push('import * as pulumi from "@pulumi/pulumi";');
  out.push('import * as airbyte from "pulumi-airbyte";');
  out.push("");
  for (const line of header.split("\n")) out.push(`// ${line}`.trimEnd());
  out.push("const config = new pulumi.Config();");
  out.push("// The ids of the existing objects this stack adopts (Pulumi.<stack>.yaml); a stack without");
  out.push("// them creates its own copy of every object.");
  out.push('const adopted = config.getObject<Record<string, string>>("adopt") ?? {};');
  out.push("");
  out.push(`const ${v(ws.resourceName)} = new airbyte.Workspace(${JSON.stringify(ws.resourceName)}, {`);
  out.push(`  adopt: adopted[${JSON.stringify(ws.resourceName)}],`);
  out.push(`  name: ${JSON.stringify(ws.name)},`);
  out.push("});");
  const connector = (kind: "Source" | "Destination", c: ConnectorModel) => {
    out.push("");
    out.push(`const ${v(c.resourceName)} = new airbyte.${kind}(${JSON.stringify(c.resourceName)}, {`);
    out.push(`  adopt: adopted[${JSON.stringify(c.resourceName)}],`);
    out.push(`  workspaceId: ${v(ws.resourceName)}.workspaceId,`);
    out.push(`  name: ${JSON.stringify(c.name)},`);
    out.push(`  definitionId: ${JSON.stringify(c.definitionId)}, // ${c.connectorName}`);
    out.push(`  configuration: ${literal(c.configuration, "  ", secretMap(c.secrets))},`);
    out.push("});");
  };
  for (const s of model.sources) connector("Source", s);
  for (const d of model.destinations) connector("Destination", d);
  for (const t of model.tags) {
    out.push("");
    out.push(`const ${v(t.resourceName)} = new airbyte.Tag(${JSON.stringify(t.resourceName)}, {`);
    out.push(`  adopt: adopted[${JSON.stringify(t.resourceName)}],`);
    out.push(`  workspaceId: ${v(ws.resourceName)}.workspaceId,`);
    out.push(`  name: ${JSON.stringify(t.name)},`);
    out.push(`  color: ${JSON.stringify(t.color)},`);
    out.push("});");
  }
  for (const c of model.connections) {
    out.push("");
    out.push(`new airbyte.Connection(${JSON.stringify(c.resourceName)}, {`);
    out.push(`  adopt: adopted[${JSON.stringify(c.resourceName)}],`);
    out.push(`  sourceId: ${v(c.source)}.sourceId,`);
    out.push(`  destinationId: ${v(c.destination)}.destinationId,`);
    out.push(`  name: ${JSON.stringify(c.name)},`);
    if (c.schedule !== undefined) {
      out.push(
        `  schedule: { scheduleType: "cron", cronExpression: ${JSON.stringify(c.schedule.cronExpression)} },`,
      );
    }
    if (c.streams.length > 0) {
      out.push("  streams: [");
      for (const s of c.streams) out.push(`    ${streamLiteral(s)},`);
      out.push("  ],");
    }
    for (const key of [
      "namespaceDefinition",
      "namespaceFormat",
      "prefix",
      "nonBreakingSchemaUpdatesBehavior",
      "status",
    ] as const) {
      const value = c[key];
      if (value !== undefined) out.push(`  ${key}: ${JSON.stringify(value)},`);
    }
    if (c.tags.length > 0) out.push(`  tags: [${c.tags.map((t) => `${v(t)}.tagId`).join(", ")}],`);
    out.push("});");
  }
  out.push("");
  out.push(`export const workspaceId = ${v(ws.resourceName)}.workspaceId;`);
  return `${out.join("\n")}\n`;
}

/**
 * The model as a YAML spec, in the form `airbyte.Pipelines` reads (`sdk/spec.ts`): references by
 * resource name, secrets as `{ secret: <config key> }`. With `adoptFor`, the objects' ids go under
 * `environments.<adoptFor>`, so only that stack adopts them and any other stack of the program
 * builds a copy; without it, each entry carries its `adopt` id.
 */
export function renderYaml(model: WorkspaceModel, header: string, adoptFor?: string): string {
  const adopt = (id: string) => (adoptFor === undefined ? { adopt: id } : {});
  const ids = (items: ReadonlyArray<{ resourceName: string; id: string }>) =>
    Object.fromEntries(items.map((i) => [i.resourceName, { adopt: i.id }]));
  const withSecrets = (c: ConnectorModel): SpecEntry<"sources"> => {
    const replace = (value: unknown, path: string): unknown => {
      if (value === SECRET_MASK) {
        const key = c.secrets.find((s) => s.path === path)?.configKey;
        return key === undefined ? value : { secret: key };
      }
      if (value !== null && typeof value === "object" && !Array.isArray(value)) {
        return Object.fromEntries(
          Object.entries(value as Record<string, unknown>).map(([k, v]) => [
            k,
            replace(v, path === "" ? k : `${path}.${k}`),
          ]),
        );
      }
      return value;
    };
    return {
      ...adopt(c.id),
      name: c.name,
      definitionId: c.definitionId,
      connector: c.connectorName,
      configuration: replace(c.configuration, "") as Record<string, unknown>,
    };
  };
  const spec: PipelinesFileShape = {
    workspace: {
      resourceName: model.workspace.resourceName,
      ...adopt(model.workspace.id),
      name: model.workspace.name,
    },
    sources: Object.fromEntries(model.sources.map((s) => [s.resourceName, withSecrets(s)])),
    destinations: Object.fromEntries(model.destinations.map((d) => [d.resourceName, withSecrets(d)])),
    tags: Object.fromEntries(
      model.tags.map((t): [string, SpecEntry<"tags">] => [
        t.resourceName,
        { ...adopt(t.id), name: t.name, color: t.color },
      ]),
    ),
    connections: Object.fromEntries(
      model.connections.map(({ resourceName, id, ...c }): [string, SpecEntry<"connections">] => [
        resourceName,
        { ...adopt(id), ...c },
      ]),
    ),
    ...(adoptFor !== undefined && {
      environments: {
        [adoptFor]: {
          workspace: { adopt: model.workspace.id },
          sources: ids(model.sources),
          destinations: ids(model.destinations),
          tags: ids(model.tags),
          connections: ids(model.connections),
        },
      },
    }),
  };
  const comments = header
    .split("\n")
    .map((l) => `# ${l}`.trimEnd())
    .join("\n");
  return `${comments}\n${stringify(spec, { lineWidth: 0 })}`;
}
