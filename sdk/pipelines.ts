import * as pulumi from "@pulumi/pulumi";
import { Connection } from "./connection.js";
import { Destination } from "./destination.js";
import { Job } from "./job.js";
import { getWorkspaceOutput } from "./lookups.js";
import { Source } from "./source.js";
import {
  checkPipelinesSpec,
  isSecretRef,
  type PipelinesFile,
  type PipelinesSpec,
  PipelinesSpecError,
  readPipelinesSpec,
  type SpecProblem,
} from "./spec.js";
import { Tag } from "./tag.js";
import { Workspace } from "./workspace.js";

/** Arguments of {@link Pipelines}. */
export interface PipelinesArgs {
  /**
   * The spec: the path of a YAML file, relative to the program's working directory (the Pulumi
   * project's folder), or the same content as an object. `pulumi-airbyte export --format yaml`
   * writes one from a live workspace.
   */
  spec: string | PipelinesFile;
  /**
   * The workspace to put the pipelines in, when the program manages it elsewhere (e.g.
   * `ws.workspaceId`). The spec must then have no `workspace` section.
   */
  workspaceId?: pulumi.Input<string>;
  /** Whose `environments` entry of the spec applies. @default pulumi.getStack() */
  environment?: string;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value);

const entries = <T>(section: Record<string, T> | null | undefined): Array<[string, T]> =>
  Object.entries(section ?? {});

/** The object a checked reference names (the spec's check guarantees it exists). */
function named<T>(objects: Readonly<Record<string, T>>, name: string, what: string): T {
  const found = objects[name];
  if (found === undefined)
    throw new Error(`Pipelines: no ${what} "${name}" (the spec check should have said so)`);
  return found;
}

/**
 * The configurations with every `{ secret: <key> }` read from stack config as a Pulumi secret
 * (`<namespace>:<key>` for another namespace than the project's). Every key the stack lacks is
 * reported at once, with the command that sets it.
 */
function resolveSecrets(spec: PipelinesSpec, source: string) {
  const missing: SpecProblem[] = [];
  const resolve = (value: unknown, path: string): unknown => {
    if (isSecretRef(value)) {
      const colon = value.secret.indexOf(":");
      const config = colon < 0 ? new pulumi.Config() : new pulumi.Config(value.secret.slice(0, colon));
      const key = colon < 0 ? value.secret : value.secret.slice(colon + 1);
      const secret = config.getSecret(key);
      if (secret !== undefined) return secret;
      missing.push({
        source,
        path: `${path}.secret`,
        message: `the stack has no config "${config.name}:${key}": set it with \`pulumi config set --secret ${value.secret} <value>\``,
      });
      return undefined;
    }
    if (Array.isArray(value)) return value.map((v, i) => resolve(v, `${path}[${i}]`));
    if (isPlainObject(value)) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v, `${path}.${k}`)]));
    }
    return value;
  };
  const configurations = (kind: "sources" | "destinations") =>
    Object.fromEntries(
      entries(spec[kind]).map(([name, c]) => [
        name,
        resolve(c.configuration, `${kind}.${name}.configuration`) as Record<string, unknown>,
      ]),
    );
  const out = { sources: configurations("sources"), destinations: configurations("destinations") };
  if (missing.length > 0) throw new PipelinesSpecError(source, missing);
  return out;
}

/**
 * A workspace's pipelines from a declarative spec: its workspace, sources, destinations, tags,
 * connections and jobs, each a child resource named `<name>-<resource name>`, with references by
 * resource name. The spec is checked when the program runs (so at `pulumi preview`, before
 * anything is created); a bad one fails with a {@link PipelinesSpecError} that lists every problem
 * as `pipelines.yaml:12:7: connections.orders.schedule.cronExpression: <what to fix>`.
 *
 * The spec's `environments: { <stack>: <overrides> }` are merged over it for the current stack
 * (maps merge, `null` removes, lists replace): a prod schedule, another destination schema, or
 * `sync: false` to run no job in dev.
 *
 * @example
 * ```ts
 * const pipelines = new airbyte.Pipelines("analytics", { spec: "pipelines.yaml" });
 * export const connectionIds = pipelines.connectionIds;
 * ```
 */
export class Pipelines extends pulumi.ComponentResource {
  /** The stack whose overrides were applied. */
  readonly environment: string;
  /** The workspace, when the spec declares one this stack manages. */
  readonly workspace: Workspace | undefined;
  /** The workspace the pipelines are in. */
  readonly workspaceId: pulumi.Output<string>;
  /** The sources by resource name. */
  readonly sources: Readonly<Record<string, Source>>;
  /** The destinations by resource name. */
  readonly destinations: Readonly<Record<string, Destination>>;
  /** The tags by resource name. */
  readonly tags: Readonly<Record<string, Tag>>;
  /** The connections by resource name. */
  readonly connections: Readonly<Record<string, Connection>>;
  /** The jobs by resource name (none when the stack's spec says `sync: false`). */
  readonly jobs: Readonly<Record<string, Job>>;
  /** Source ids by resource name. */
  readonly sourceIds: Readonly<Record<string, pulumi.Output<string>>>;
  /** Destination ids by resource name. */
  readonly destinationIds: Readonly<Record<string, pulumi.Output<string>>>;
  /** Tag ids by resource name. */
  readonly tagIds: Readonly<Record<string, pulumi.Output<string>>>;
  /** Connection ids by resource name. */
  readonly connectionIds: Readonly<Record<string, pulumi.Output<string>>>;
  /** Airbyte job ids by resource name. */
  readonly jobIds: Readonly<Record<string, pulumi.Output<number>>>;

  /**
   * @param name The component's name; its children are named `<name>-<resource name>`.
   * @param args The spec, and where to put the pipelines.
   * @param opts Pulumi resource options, passed on to every child through `parent`.
   */
  constructor(name: string, args: PipelinesArgs, opts?: pulumi.ComponentResourceOptions) {
    // Everything that can be wrong with the spec or the stack's secrets is found before the
    // component registers, so a bad spec declares nothing at all.
    const environment = args.environment ?? pulumi.getStack();
    const options = { environment, workspaceGiven: args.workspaceId !== undefined };
    const source = typeof args.spec === "string" ? args.spec : "<spec>";
    const spec =
      typeof args.spec === "string"
        ? readPipelinesSpec(args.spec, options)
        : checkPipelinesSpec(args.spec, options);
    const configurations = resolveSecrets(spec, source);
    super("airbyte:index:Pipelines", name, {}, opts);
    const child = { parent: this };
    const childName = (resourceName: string) => `${name}-${resourceName}`;
    this.environment = environment;

    const ws = spec.workspace;
    this.workspace =
      args.workspaceId === undefined && ws?.kind === "managed"
        ? new Workspace(childName(ws.resourceName), { adopt: ws.adopt, ...ws.inputs }, child)
        : undefined;
    if (args.workspaceId !== undefined) this.workspaceId = pulumi.output(args.workspaceId);
    else if (this.workspace !== undefined) this.workspaceId = this.workspace.workspaceId;
    else if (ws?.kind === "existing") this.workspaceId = pulumi.output(ws.workspaceId);
    else if (ws?.kind === "byName")
      this.workspaceId = getWorkspaceOutput({ name: ws.workspaceName }).apply((w) => w.workspaceId);
    else throw new Error("Pipelines: no workspace (the spec check should have said so)");
    const workspaceId = this.workspaceId;

    const connector = <T>(
      kind: "sources" | "destinations",
      make: (resourceName: string, args: ConstructorParameters<typeof Source>[1]) => T,
    ): Record<string, T> =>
      Object.fromEntries(
        entries(spec[kind]).map(([key, c]) => [
          key,
          make(childName(key), {
            adopt: c.adopt,
            workspaceId,
            name: c.name,
            definition: c.connector,
            definitionId: c.definitionId,
            configuration: named(configurations[kind], key, kind),
            resourceAllocation: c.resourceAllocation,
          }),
        ]),
      );
    this.sources = connector("sources", (n, a) => new Source(n, a, child));
    this.destinations = connector("destinations", (n, a) => new Destination(n, a, child));
    this.tags = Object.fromEntries(
      entries(spec.tags).map(([key, t]) => [
        key,
        new Tag(childName(key), { adopt: t.adopt, workspaceId, name: t.name, color: t.color }, child),
      ]),
    );
    this.connections = Object.fromEntries(
      entries(spec.connections).map(([key, c]) => [
        key,
        new Connection(
          childName(key),
          {
            adopt: c.adopt,
            sourceId: named(this.sources, c.source, "source").sourceId,
            destinationId: named(this.destinations, c.destination, "destination").destinationId,
            name: c.name,
            schedule: c.schedule,
            streams: c.streams,
            namespaceDefinition: c.namespaceDefinition,
            namespaceFormat: c.namespaceFormat,
            prefix: c.prefix,
            nonBreakingSchemaUpdatesBehavior: c.nonBreakingSchemaUpdatesBehavior,
            status: c.status,
            tags: c.tags?.map((t) => named(this.tags, t, "tag").tagId),
          },
          child,
        ),
      ]),
    );
    this.jobs =
      spec.sync === false
        ? {}
        : Object.fromEntries(
            entries(spec.jobs).map(([key, j]) => [
              key,
              new Job(
                childName(key),
                {
                  connectionId: named(this.connections, j.connection, "connection").connectionId,
                  jobType: j.jobType,
                  triggers: j.triggers,
                  wait: j.wait,
                  failOnError: j.failOnError,
                  requireRows: j.requireRows,
                },
                child,
              ),
            ]),
          );

    const ids = <T, V>(objects: Readonly<Record<string, T>>, id: (o: T) => V) =>
      Object.fromEntries(Object.entries(objects).map(([k, o]) => [k, id(o)]));
    this.sourceIds = ids(this.sources, (s) => s.sourceId);
    this.destinationIds = ids(this.destinations, (d) => d.destinationId);
    this.tagIds = ids(this.tags, (t) => t.tagId);
    this.connectionIds = ids(this.connections, (c) => c.connectionId);
    this.jobIds = ids(this.jobs, (j) => j.jobId);
    this.registerOutputs({
      workspaceId: this.workspaceId,
      sourceIds: this.sourceIds,
      destinationIds: this.destinationIds,
      tagIds: this.tagIds,
      connectionIds: this.connectionIds,
      jobIds: this.jobIds,
    });
  }
}
