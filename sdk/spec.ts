/**
 * The declarative spec of a workspace's pipelines (`pipelines.yaml`): the one schema that
 * `pulumi-airbyte export --format yaml` writes and the `Pipelines` component reads, the per-stack
 * overrides under `environments`, and errors that give the file, line and field of every problem.
 *
 * The fields of each object are the provider's own input schemas, with references by resource name
 * in place of ids, so the spec accepts exactly what the resource classes accept. This module does
 * not load the Pulumi runtime: the exporter checks its output against the same schema.
 */
import { readFileSync } from "node:fs";
import { type Document, isAlias, isMap, isScalar, isSeq, LineCounter, type Pair, parseDocument } from "yaml";
import { z } from "zod";
import { actorInputsSchema } from "../provider/actor.js";
import { ConnectionInputsSchema } from "../provider/connection.js";
import { configurationProblemsOf, connectorNames, hasConnectorSchema } from "../provider/connector-schema.js";
import type { ConnectorKind } from "../provider/definitions.js";
import { AdoptSchema } from "../provider/framework/bookkeeping.js";
import { UNKNOWN } from "../provider/framework/values.js";
import { JobInputsSchema } from "../provider/job.js";
import { closest, didYouMean, normalizeName } from "../provider/suggest.js";
import { TagInputsSchema } from "../provider/tag.js";
import { type WorkspaceInputs, WorkspaceInputsSchema } from "../provider/workspace.js";

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value);

// Resource names end up in Pulumi URNs (`<component>-<name>`), where "::" and "$" have meanings.
const RESOURCE_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

/** A name by which the spec's objects refer to each other, and the suffix of the resource's name. */
export const ResourceNameSchema = z.string().regex(RESOURCE_NAME);

const reference = (field: string, section: string) =>
  z
    .string({ error: `${field} must be the resource name of one of the spec's ${section}` })
    .min(1, { error: `${field} must be the resource name of one of the spec's ${section}` });

/** A connector setting read from stack config as a Pulumi secret: `{ secret: <config key> }`. */
export interface SecretRef {
  /** The stack config key, e.g. `warehouse_password` (or `<namespace>:<key>`). */
  readonly secret: string;
}

const CONFIG_KEY = /^([A-Za-z0-9_.-]+:)?[A-Za-z0-9_.-]+$/;

/**
 * True for a `{ secret: <key> }` object: a map whose only key is `secret`. A map with other keys
 * beside `secret` is an ordinary setting of the connector.
 */
export function isSecretRef(value: unknown): value is SecretRef {
  return isPlainObject(value) && Object.keys(value).length === 1 && typeof value.secret === "string";
}

function secretRefIssues(value: unknown, path: Array<string | number>, out: Issue[]): void {
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      secretRefIssues(item, [...path, i], out);
    });
  } else if (isPlainObject(value)) {
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === "secret") {
      if (typeof value.secret !== "string" || !CONFIG_KEY.test(value.secret)) {
        out.push({
          path: [...path, "secret"],
          mode: "value",
          message:
            "a secret is { secret: <stack config key> }, e.g. { secret: warehouse_password }, set with `pulumi config set --secret warehouse_password …`",
        });
      }
      return;
    }
    for (const [k, v] of Object.entries(value)) secretRefIssues(v, [...path, k], out);
  }
}

/** A source's or destination's entry: the SDK's `Source` args, by resource name. */
function connectorSpecSchema(kind: ConnectorKind) {
  const actor = actorInputsSchema(kind).shape;
  return z
    .strictObject({
      adopt: AdoptSchema.optional(),
      name: actor.name,
      connector: z
        .string({ error: `connector must be the connector's name as Airbyte lists it, e.g. "postgres"` })
        .min(1, { error: `connector must be the connector's name as Airbyte lists it, e.g. "postgres"` })
        .optional(),
      definitionId: actor.definitionId,
      configuration: actor.configuration.superRefine((configuration, ctx) => {
        const issues: Issue[] = [];
        secretRefIssues(configuration, [], issues);
        for (const issue of issues)
          ctx.addIssue({ code: "custom", path: [...issue.path], message: issue.message });
      }),
      resourceAllocation: actor.resourceAllocation,
    })
    .refine((c) => c.connector !== undefined || c.definitionId !== undefined, {
      message: `give the connector: connector (a name such as "postgres") or definitionId`,
      path: ["connector"],
    });
}

/** The workspace the pipelines live in, as {@link WorkspaceSpecSchema} reads it. */
export type WorkspaceSpec =
  | {
      /** A workspace this stack manages: created, or adopted with `adopt`. */
      readonly kind: "managed";
      /** Its resource name (default `workspace`). */
      readonly resourceName: string;
      readonly adopt?: string;
      readonly inputs: WorkspaceInputs;
    }
  /** An existing workspace, used as it is. */
  | { readonly kind: "existing"; readonly workspaceId: string }
  /** An existing workspace found by name when the program runs, used as it is. */
  | { readonly kind: "byName"; readonly workspaceName: string };

const MANAGED_WORKSPACE_FIELDS = [
  "resourceName",
  "adopt",
  "name",
  "organizationId",
  "regionId",
  "notifications",
] as const;

/**
 * The `workspace` section: `{ name, … }` (the SDK's `Workspace` args, plus `adopt` and the
 * `resourceName`) for a workspace the stack manages, or `{ workspaceId }` / `{ workspaceName }` for
 * an existing one the stack only uses.
 */
export const WorkspaceSpecSchema = z
  .strictObject({
    resourceName: ResourceNameSchema.optional(),
    adopt: AdoptSchema.optional(),
    ...WorkspaceInputsSchema.shape,
    name: WorkspaceInputsSchema.shape.name.optional(),
    workspaceId: z
      .uuid({ error: "workspaceId must be the UUID of an existing workspace (from the Airbyte UI's URL)" })
      .optional(),
    workspaceName: z
      .string({ error: "workspaceName must be the name of an existing workspace" })
      .min(1, { error: "workspaceName must be the name of an existing workspace" })
      .optional(),
  })
  .superRefine((w, ctx) => {
    const existing = (["workspaceId", "workspaceName"] as const).filter((k) => w[k] !== undefined);
    const [first, second] = existing;
    if (second !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: [second],
        message: "give workspaceId or workspaceName, not both",
      });
    } else if (first !== undefined) {
      for (const key of MANAGED_WORKSPACE_FIELDS) {
        if (w[key] === undefined) continue;
        ctx.addIssue({
          code: "custom",
          path: [key],
          message: `${key} is for a workspace this stack manages, but ${first} uses an existing one as it is: remove ${key}, or remove ${first} (and add adopt: <id>) to manage the workspace`,
        });
      }
    } else if (w.name === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["name"],
        message:
          "give the workspace a name to create it (with adopt: <id> to manage an existing one), or workspaceId or workspaceName to use an existing one as it is",
      });
    }
  })
  .transform((w): WorkspaceSpec => {
    if (w.workspaceId !== undefined) return { kind: "existing", workspaceId: w.workspaceId };
    if (w.workspaceName !== undefined) return { kind: "byName", workspaceName: w.workspaceName };
    const inputs: WorkspaceInputs = { name: w.name ?? "" };
    if (w.organizationId !== undefined) inputs.organizationId = w.organizationId;
    if (w.regionId !== undefined) inputs.regionId = w.regionId;
    if (w.notifications !== undefined) inputs.notifications = w.notifications;
    return {
      kind: "managed",
      resourceName: w.resourceName ?? "workspace",
      ...(w.adopt !== undefined && { adopt: w.adopt }),
      inputs,
    };
  });

/** A tag's entry: the SDK's `Tag` args without the workspace. */
export const TagSpecSchema = TagInputsSchema.omit({ workspaceId: true }).extend({
  adopt: AdoptSchema.optional(),
});

/** A connection's entry: the SDK's `Connection` args, with source, destination and tags by resource name. */
export const ConnectionSpecSchema = ConnectionInputsSchema.omit({
  sourceId: true,
  destinationId: true,
  tags: true,
}).extend({
  adopt: AdoptSchema.optional(),
  source: reference("source", "sources"),
  destination: reference("destination", "destinations"),
  tags: z.array(reference("each tag", "tags")).optional(),
});

/** A job's entry: the SDK's `Job` args, with the connection by resource name. */
export const JobSpecSchema = JobInputsSchema.omit({ connectionId: true }).extend({
  connection: reference("connection", "connections"),
});

// An empty section (`tags:` with nothing under it) reads as null: the same as no section.
const section = <T extends z.ZodType>(entry: T) => z.record(ResourceNameSchema, entry).nullish();

/** The pipelines of one stack: the spec with that stack's overrides applied. */
export const PipelinesSpecSchema = z.strictObject({
  workspace: WorkspaceSpecSchema.optional(),
  sources: section(connectorSpecSchema("source")),
  destinations: section(connectorSpecSchema("destination")),
  tags: section(TagSpecSchema),
  connections: section(ConnectionSpecSchema),
  jobs: section(JobSpecSchema),
  sync: z
    .boolean({ error: "sync must be true or false: false declares none of the jobs (e.g. in dev)" })
    .optional(),
});

/** The pipelines of one stack, as the `Pipelines` component builds them. */
export type PipelinesSpec = z.output<typeof PipelinesSpecSchema>;

/** What a spec holds before overrides: the YAML, or the object given to `Pipelines`. */
export type PipelinesSpecInput = z.input<typeof PipelinesSpecSchema>;

/**
 * An environment's overrides: any part of the spec, merged into it as a JSON merge patch (RFC
 * 7396): maps merge key by key, `null` removes a key, any other value (a list too) replaces it.
 */
export type SpecOverride<T = PipelinesSpecInput> = T extends readonly unknown[]
  ? T
  : T extends object
    ? { [K in keyof T]?: SpecOverride<T[K]> | null }
    : T;

/** The spec file: the pipelines plus `environments: { <stack>: <overrides> }`. */
export const PipelinesFileSchema = PipelinesSpecSchema.extend({
  environments: z
    .record(
      z.string(),
      z
        .custom<SpecOverride>(isPlainObject, {
          error:
            "an environment holds overrides of the spec, e.g. { connections: { orders: { schedule: … } } }",
        })
        .nullable(),
    )
    .nullish(),
});

/** The spec file as written (YAML, or an object given to `Pipelines`). */
export type PipelinesFile = z.input<typeof PipelinesFileSchema>;

/**
 * {@link PipelinesFile} with every literal type widened to its primitive: the shape a writer of the
 * file (the exporter, which reads strings from the API) must produce, field names and nesting
 * checked, values checked when the file is read.
 */
export type PipelinesFileShape = Widen<PipelinesFile>;

type Widen<T> = T extends string
  ? string
  : T extends readonly (infer E)[]
    ? readonly Widen<E>[]
    : T extends object
      ? { [K in keyof T]: Widen<T[K]> }
      : T;

/** Applies an environment's overrides to the spec (a JSON merge patch, RFC 7396). */
export function applyOverrides(base: unknown, override: unknown): unknown {
  if (!isPlainObject(override)) return override;
  const out: Record<string, unknown> = isPlainObject(base) ? { ...base } : {};
  for (const [key, value] of Object.entries(override)) {
    if (value === null) delete out[key];
    else out[key] = applyOverrides(out[key], value);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Problems and where they are

type Path = ReadonlyArray<string | number>;

/** A problem before it is placed: its path in the spec as one stack sees it. */
interface Issue {
  readonly path: Path;
  /** Whether the problem is the key itself (an unknown field), or its value. */
  readonly mode: "key" | "value";
  readonly message: string;
}

/** One problem of a spec, with where it is. */
export interface SpecProblem {
  /** The file as given to `Pipelines` (or `<spec>` for an object). */
  readonly source: string;
  /** 1-based line and column in the file, when the spec is a file. */
  readonly line?: number;
  readonly column?: number;
  /** The field, e.g. `connections.orders.schedule.cronExpression`. */
  readonly path: string;
  /** What is wrong and how to fix it. */
  readonly message: string;
}

/** `pipelines.yaml:12:7: connections.orders.schedule.cronExpression: <message>`. */
export function formatProblem(p: SpecProblem): string {
  const at = p.line === undefined ? p.source : `${p.source}:${p.line}:${p.column ?? 1}`;
  return `${at}: ${p.path}: ${p.message}`;
}

const BRAND = Symbol.for("pulumi-airbyte.PipelinesSpecError");

/** A spec that cannot be deployed: every problem found, each with its file, line and field. */
export class PipelinesSpecError extends Error {
  /** Every problem, in file order. */
  readonly problems: readonly SpecProblem[];

  /**
   * @param source - The file (or `<spec>`).
   * @param problems - What is wrong, at least one.
   */
  constructor(source: string, problems: readonly SpecProblem[]) {
    const count = problems.length === 1 ? "a problem" : `${problems.length} problems`;
    super(`${source} has ${count}:\n${problems.map(formatProblem).join("\n")}`);
    this.name = "PipelinesSpecError";
    this.problems = problems;
    // Non-enumerable so it stays out of logs; read by `isInstance` in any copy of this module.
    Object.defineProperty(this, BRAND, { value: true, enumerable: false });
    // Pulumi reports a program's RunError by its message alone, no stack trace, and recognises one
    // by this property (`RunError.isInstance`, which works across copies of its SDK): the user
    // reads the list of problems and nothing else. Set here so this module needs no Pulumi runtime.
    Object.defineProperty(this, "__pulumiRunError", { value: true, enumerable: false });
  }

  /** True for a {@link PipelinesSpecError}, even one made by another copy of this module. */
  static isInstance(value: unknown): value is PipelinesSpecError {
    return value instanceof Error && (value as { [BRAND]?: unknown })[BRAND] === true;
  }
}

/** Where paths are in the source of a spec: a YAML document, or nothing for an object. */
interface SourceMap {
  /** How many leading segments of `path` the source holds. */
  depth(path: Path): number;
  /** The line and column of the key or value at `path` (or of its nearest ancestor held). */
  position(path: Path, mode: "key" | "value"): { line: number; column: number } | undefined;
}

function objectSourceMap(root: unknown): SourceMap {
  return {
    depth(path) {
      let node = root;
      let depth = 0;
      for (const segment of path) {
        if (isPlainObject(node) && typeof segment === "string" && segment in node) node = node[segment];
        else if (Array.isArray(node) && typeof segment === "number" && segment < node.length)
          node = node[segment];
        else break;
        depth++;
      }
      return depth;
    },
    position: () => undefined,
  };
}

function yamlSourceMap(doc: Document, lines: LineCounter): SourceMap {
  const resolve = (node: unknown): unknown => (isAlias(node) ? node.resolve(doc) : node);
  const keyOf = (pair: Pair): unknown => (isScalar(pair.key) ? pair.key.value : pair.key);
  // The pair for `key` in a map, looking through `<<` merge keys as the parser does.
  const pairIn = (map: unknown, key: string, seen = new Set<unknown>()): Pair | undefined => {
    const node = resolve(map);
    if (!isMap(node) || seen.has(node)) return undefined;
    seen.add(node);
    const items = node.items as Pair[];
    const direct = items.find((p) => String(keyOf(p)) === key);
    if (direct !== undefined) return direct;
    for (const p of items) {
      if (keyOf(p) !== "<<") continue;
      const sources = isSeq(resolve(p.value)) ? (resolve(p.value) as { items: unknown[] }).items : [p.value];
      for (const s of sources) {
        const found = pairIn(s, key, seen);
        if (found !== undefined) return found;
      }
    }
    return undefined;
  };
  const walk = (path: Path) => {
    let node: unknown = doc.contents;
    let depth = 0;
    let key: unknown;
    let value: unknown = node;
    for (const segment of path) {
      const current = resolve(node);
      if (isMap(current)) {
        const pair = pairIn(current, String(segment));
        if (pair === undefined) break;
        key = pair.key;
        value = pair.value;
      } else if (isSeq(current) && typeof segment === "number" && segment < current.items.length) {
        key = undefined;
        value = current.items[segment];
      } else break;
      node = value;
      depth++;
    }
    return { depth, key, value };
  };
  const offsetOf = (node: unknown): number | undefined => {
    const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
    return range?.[0];
  };
  return {
    depth: (path) => walk(path).depth,
    position(path, mode) {
      const found = walk(path);
      // A missing field is reported at its parent's key; a value at the value, a key at the key.
      const complete = found.depth === path.length;
      const first = complete && mode === "value" ? found.value : found.key;
      const offset = offsetOf(first) ?? offsetOf(found.key) ?? offsetOf(found.value) ?? 0;
      const { line, col } = lines.linePos(offset);
      return { line, column: col };
    },
  };
}

function formatPath(path: Path): string {
  if (path.length === 0) return "(spec)";
  return path
    .map((segment, i) => (typeof segment === "number" ? `[${segment}]` : i === 0 ? segment : `.${segment}`))
    .join("");
}

/** The field names a schema accepts at `path`, for the message about an unknown one. */
function fieldsAt(schema: z.ZodType, path: Path): string[] {
  const unwrap = (s: z.ZodType): z.ZodType[] => {
    if (s instanceof z.ZodOptional || s instanceof z.ZodNullable || s instanceof z.ZodDefault)
      return unwrap(s.unwrap() as z.ZodType);
    if (s instanceof z.ZodPipe) return unwrap(s.in as z.ZodType);
    if (s instanceof z.ZodUnion) return (s.options as z.ZodType[]).flatMap(unwrap);
    return [s];
  };
  let current = unwrap(schema);
  for (const segment of path) {
    current = current.flatMap((s): z.ZodType[] => {
      if (s instanceof z.ZodObject && typeof segment === "string") {
        const field = (s.shape as Record<string, z.ZodType>)[segment];
        return field === undefined ? [] : unwrap(field);
      }
      if (s instanceof z.ZodRecord) return unwrap(s.valueType as z.ZodType);
      if (s instanceof z.ZodArray) return unwrap(s.element as z.ZodType);
      return [];
    });
  }
  const names = current.flatMap((s) => (s instanceof z.ZodObject ? Object.keys(s.shape) : []));
  return [...new Set(names)];
}

function schemaIssues(value: unknown): { spec?: PipelinesSpec; issues: Issue[] } {
  const result = PipelinesSpecSchema.safeParse(value);
  if (result.success) return { spec: result.data, issues: [] };
  const issues: Issue[] = [];
  for (const issue of result.error.issues) {
    const path = issue.path.filter((s): s is string | number => typeof s !== "symbol");
    if (issue.code === "unrecognized_keys") {
      const known = fieldsAt(PipelinesSpecSchema, path);
      for (const key of issue.keys) {
        const hint = didYouMean(key, known);
        issues.push({
          path: [...path, key],
          mode: "key",
          message: `unknown field "${key}": ${hint === "" ? "remove it or check its spelling" : hint}${known.length > 0 ? ` (the fields here are ${known.join(", ")})` : ""}`,
        });
      }
    } else if (issue.code === "invalid_key") {
      issues.push({
        path,
        mode: "key",
        message: `"${String(path.at(-1))}" cannot be a resource name: use letters, digits, "-", "_" and ".", e.g. orders-db`,
      });
    } else {
      issues.push({ path, mode: "value", message: issue.message });
    }
  }
  return { issues };
}

/** References by resource name that name nothing, and a workspace given twice or not at all. */
function crossIssues(value: Record<string, unknown>, workspaceGiven: boolean): Issue[] {
  const issues: Issue[] = [];
  const names = (sectionName: string) => {
    const s = value[sectionName];
    return isPlainObject(s) ? Object.keys(s) : [];
  };
  const check = (path: Path, ref: unknown, sectionName: string, what: string) => {
    if (typeof ref !== "string" || ref === "") return;
    const known = names(sectionName);
    if (known.includes(ref)) return;
    issues.push({
      path,
      mode: "value",
      message: `no ${what} "${ref}" in ${sectionName}: ${
        known.length === 0
          ? `the spec declares no ${sectionName}`
          : `name one of ${known.join(", ")}, or declare "${ref}" under ${sectionName}`
      }`,
    });
  };
  const entries = (sectionName: string) => {
    const s = value[sectionName];
    return isPlainObject(s)
      ? Object.entries(s).filter((e): e is [string, Record<string, unknown>] => isPlainObject(e[1]))
      : [];
  };
  for (const [name, c] of entries("connections")) {
    check(["connections", name, "source"], c.source, "sources", "source");
    check(["connections", name, "destination"], c.destination, "destinations", "destination");
    if (Array.isArray(c.tags)) {
      c.tags.forEach((tag, i) => {
        check(["connections", name, "tags", i], tag, "tags", "tag");
      });
    }
  }
  for (const [name, j] of entries("jobs"))
    check(["jobs", name, "connection"], j.connection, "connections", "connection");
  const declared = value.workspace !== undefined && value.workspace !== null;
  if (workspaceGiven && declared) {
    issues.push({
      path: ["workspace"],
      mode: "key",
      message:
        "the program passes workspaceId to Pipelines, so the spec must not declare a workspace: remove this section, or stop passing workspaceId",
    });
  } else if (!workspaceGiven && !declared) {
    issues.push({
      path: ["workspace"],
      mode: "key",
      message:
        "missing: declare workspace: { name: … } to create one (add adopt: <id> to manage an existing one), workspace: { workspaceId: … } or { workspaceName: … } to use an existing one as it is, or pass workspaceId to Pipelines",
    });
  }
  return issues;
}

/** `configuration.ssl_mode.x` or `configuration.streams[0].name` as a path under `prefix`. */
function pathOf(prefix: Path, property: string): Path {
  const segments = property
    .replace(/^configuration/, "")
    .split(/\.|(?=\[)/)
    .filter((s) => s !== "")
    .map((s) => (/^\[\d+\]$/.test(s) ? Number(s.slice(1, -1)) : s));
  return [...prefix, "configuration", ...segments];
}

/** The configuration with each `{ secret: <key> }` as a value not known until the program runs. */
function withSecretsOpaque(value: unknown): unknown {
  // A malformed `{ secret: … }` too: its own message says what is wrong with it.
  if (isPlainObject(value) && Object.keys(value).length === 1 && "secret" in value) return UNKNOWN;
  if (Array.isArray(value)) return value.map(withSecretsOpaque);
  if (isPlainObject(value))
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withSecretsOpaque(v)]));
  return value;
}

/**
 * The connectors' names and configurations, checked with the schemas that ship with the package,
 * so a file's every problem is reported at once rather than one resource's per run. A name that
 * is one of Airbyte's connectors (`postgres`, `Google Sheets`) has its configuration checked; a name
 * within a slip of the keyboard of one (`fakr`) is an error with the suggestion; any other name (a
 * custom connector, a display name) is left to Airbyte, which the provider asks at preview.
 */
function connectorIssues(value: Record<string, unknown>): Issue[] {
  const issues: Issue[] = [];
  for (const [section, kind] of [
    ["sources", "source"],
    ["destinations", "destination"],
  ] as const) {
    const entries = value[section];
    if (!isPlainObject(entries)) continue;
    const names = connectorNames(kind);
    const bySpelling = new Map(names.map((n) => [normalizeName(n), n]));
    for (const [resource, entry] of Object.entries(entries)) {
      if (!isPlainObject(entry) || typeof entry.connector !== "string" || entry.definitionId !== undefined)
        continue;
      const slug = bySpelling.get(normalizeName(entry.connector));
      if (slug !== undefined && hasConnectorSchema(kind, slug)) {
        if (!isPlainObject(entry.configuration)) continue;
        for (const p of configurationProblemsOf(kind, slug, withSecretsOpaque(entry.configuration))) {
          issues.push({ path: pathOf([section, resource], p.property), mode: "value", message: p.reason });
        }
        continue;
      }
      const near = closest(entry.connector, names, (n) => n);
      if (near.length === 0) continue;
      issues.push({
        path: [section, resource, "connector"],
        mode: "value",
        message: `"${entry.connector}" is not a ${kind} connector Airbyte ships: did you mean ${near.map((n) => `"${n}"`).join(" or ")}? (for a custom connector of that name, give its definitionId)`,
      });
    }
  }
  return issues;
}

/** Options of {@link parsePipelinesSpec} and {@link readPipelinesSpec}. */
export interface SpecOptions {
  /** The stack whose `environments` entry applies (the `Pipelines` default: `pulumi.getStack()`). */
  readonly environment: string;
  /** True when the program gives the workspace (`Pipelines`' `workspaceId`): then the spec must not. */
  readonly workspaceGiven?: boolean;
}

/**
 * Checks a spec as every stack it names sees it, and returns the one `options.environment` sees.
 * Every problem of every stack is reported at once, so a broken `prod` override fails a `dev`
 * preview too, before anything is deployed.
 */
function resolveSpec(root: unknown, map: SourceMap, source: string, options: SpecOptions): PipelinesSpec {
  const problems: Array<SpecProblem & { stacks: Set<string>; inOverride: boolean }> = [];
  const place = (issue: Issue, overridePrefix: Path | undefined, stack: string) => {
    let docPath = issue.path;
    if (overridePrefix !== undefined) {
      const full = [...overridePrefix, ...issue.path];
      const inOverride = map.depth(full) - overridePrefix.length;
      // The value an override sets is the one at fault; otherwise the deeper of the two sources.
      if (inOverride === issue.path.length || inOverride > map.depth(issue.path)) docPath = full;
    }
    const pathText = formatPath(docPath);
    const at = map.position(docPath, issue.mode);
    const existing = problems.find(
      (p) =>
        p.path === pathText && p.message === issue.message && p.line === at?.line && p.column === at?.column,
    );
    if (existing !== undefined) {
      existing.stacks.add(stack);
      return;
    }
    problems.push({
      source,
      ...(at !== undefined && { line: at.line, column: at.column }),
      path: pathText,
      message: issue.message,
      stacks: new Set([stack]),
      inOverride: docPath[0] === "environments",
    });
  };

  if (!isPlainObject(root)) {
    throw new PipelinesSpecError(source, [
      {
        source,
        ...map.position([], "value"),
        path: "(spec)",
        message:
          "the spec must be a map of workspace, sources, destinations, tags, connections, jobs and environments",
      },
    ]);
  }
  const { environments, ...base } = root;
  const overrides: Record<string, Record<string, unknown> | null> = {};
  if (environments !== undefined && environments !== null) {
    if (!isPlainObject(environments)) {
      place(
        {
          path: ["environments"],
          mode: "value",
          message: "environments must be a map: { <stack>: <overrides> }",
        },
        undefined,
        options.environment,
      );
    } else {
      for (const [stack, override] of Object.entries(environments)) {
        if (override === null || isPlainObject(override)) overrides[stack] = override;
        else {
          place(
            {
              path: ["environments", stack],
              mode: "value",
              message:
                "an environment holds overrides of the spec, e.g. { connections: { orders: { schedule: … } } }",
            },
            undefined,
            stack,
          );
        }
      }
    }
  }
  const stacks = [options.environment, ...Object.keys(overrides).filter((s) => s !== options.environment)];
  let current: PipelinesSpec | undefined;
  for (const stack of stacks) {
    const override = overrides[stack];
    const seen = override === undefined || override === null ? base : applyOverrides(base, override);
    const view = isPlainObject(seen) ? seen : {};
    const checked = schemaIssues(view);
    const prefix = override === undefined || override === null ? undefined : ["environments", stack];
    const issues = [
      ...checked.issues,
      ...crossIssues(view, options.workspaceGiven === true),
      ...connectorIssues(view),
    ];
    for (const issue of issues) place(issue, prefix, stack);
    if (stack === options.environment) current = checked.spec;
  }
  if (problems.length > 0 || current === undefined) {
    const sorted = [...problems].sort(
      (a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0),
    );
    throw new PipelinesSpecError(
      source,
      sorted.map(({ stacks: seenBy, inOverride, ...p }) =>
        // A problem of the base that only some stacks see says which.
        !inOverride && seenBy.size < stacks.length
          ? { ...p, message: `${p.message} (for stack ${[...seenBy].join(", ")})` }
          : p,
      ),
    );
  }
  return current;
}

/**
 * Parses and checks a YAML spec. Throws a {@link PipelinesSpecError} listing every problem as
 * `<file>:<line>:<column>: <field>: <message>`.
 *
 * @param text - The YAML.
 * @param file - The file's name as the user gave it, for the messages.
 * @param options - The stack whose overrides apply.
 * @returns The pipelines that stack deploys.
 */
export function parsePipelinesSpec(text: string, file: string, options: SpecOptions): PipelinesSpec {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, merge: true, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new PipelinesSpecError(
      file,
      doc.errors.map((e) => {
        const { line, col } = lines.linePos(e.pos[0]);
        return {
          source: file,
          line,
          column: col,
          path: "(yaml)",
          message: e.message.split("\n")[0] ?? e.message,
        };
      }),
    );
  }
  let root: unknown;
  try {
    root = doc.toJS();
  } catch (error) {
    throw new PipelinesSpecError(file, [
      { source: file, line: 1, column: 1, path: "(yaml)", message: (error as Error).message },
    ]);
  }
  return resolveSpec(root ?? {}, yamlSourceMap(doc, lines), file, options);
}

/**
 * Checks a spec given as an object (the same shape as the YAML). Throws a
 * {@link PipelinesSpecError} listing every problem by field.
 */
export function checkPipelinesSpec(spec: unknown, options: SpecOptions, source = "<spec>"): PipelinesSpec {
  return resolveSpec(spec, objectSourceMap(spec), source, options);
}

/**
 * Reads a YAML spec from a file, relative to the working directory (a Pulumi program's is its
 * project folder), and checks it as {@link parsePipelinesSpec} does.
 */
export function readPipelinesSpec(file: string, options: SpecOptions): PipelinesSpec {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as { code?: string }).code ?? (error as Error).message;
    throw new PipelinesSpecError(file, [
      {
        source: file,
        path: "spec",
        message: `cannot read the file (${code}): give a path relative to the program's folder (${process.cwd()}) or an absolute one`,
      },
    ]);
  }
  return parsePipelinesSpec(text, file, options);
}
