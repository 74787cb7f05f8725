/**
 * The programs the engine benchmark deploys: one workspace plus pipelines of a source, a destination
 * and a connection, as this package's dynamic resources ("ours"), as the native plugin's resources
 * through its TypeScript SDK ("plugin"), or as no-op dynamic resources with the same inputs and the
 * same dependency graph ("floor": the engine's own cost, the best any dynamic provider can do).
 */
import * as pulumi from "@pulumi/pulumi";
import type { PulumiFn } from "@pulumi/pulumi/automation/index.js";
// The compiled SDK, by the package's own name (this file runs from build/test/bench/): Pulumi
// serializes the provider stubs from their runtime source.
import * as airbyte from "pulumi-airbyte";
// The native plugin's SDK (CommonJS, compiled into dist/native/ by scripts/build.sh), as a user imports it.
import * as native from "pulumi-airbyte/native";

/**
 * Which program: the one deployed first, the one where every tenth pipeline changed, or the one
 * where only pipeline 0 changed (what a targeted up deploys).
 */
export type Variant = "base" | "changed" | "one";

/** The number of pipelines for about `n` resources (one workspace, three resources a pipeline). */
export function pipelinesFor(n: number): number {
  return Math.max(1, Math.round((n - 1) / 3));
}

/** Resources in a program of `pipelines` pipelines. */
export function resourcesFor(pipelines: number): number {
  return 1 + 3 * pipelines;
}

/** True for the pipelines a variant alters: every tenth ("changed", 10% of the objects), or pipeline 0 ("one"). */
function changes(variant: Variant, i: number): boolean {
  return (variant === "changed" && i % 10 === 0) || (variant === "one" && i === 0);
}

const WAREHOUSE_PASSWORD = "bench-warehouse-pw";

/** The args of pipeline `i`, shared by both programs so the engine carries the same inputs. */
function pipelineArgs(variant: Variant, i: number) {
  const changed = changes(variant, i);
  return {
    source: {
      name: changed ? `orders ${i} v2` : `orders ${i}`,
      definition: "faker",
      configuration: { count: 100, seed: i },
    },
    destination: {
      name: `warehouse ${i}`,
      definition: "postgres",
      configuration: {
        host: "warehouse.internal",
        port: 5432,
        database: "analytics",
        schema: changed ? "raw_v2" : "raw",
        username: "loader",
        password: pulumi.secret(WAREHOUSE_PASSWORD),
        ssl: false,
      },
    },
    connection: {
      name: `pipeline ${i}`,
      schedule: { scheduleType: "cron" as const, cronExpression: changed ? "0 0 3 * * ?" : "0 0 2 * * ?" },
      streams: [{ name: "users", syncMode: "full_refresh_overwrite" as const }],
    },
  };
}

type PipelineArgs = ReturnType<typeof pipelineArgs>;

/**
 * The four resource classes of an SDK that deploys the graph: this package's dynamic resources or
 * the native plugin's SDK, which take the same inputs.
 */
interface PipelineSdk {
  Workspace: new (name: string, args: { name: string }) => { workspaceId: pulumi.Output<string> };
  Source: new (
    name: string,
    args: PipelineArgs["source"] & { workspaceId: pulumi.Input<string> },
  ) => { sourceId: pulumi.Output<string> };
  Destination: new (
    name: string,
    args: PipelineArgs["destination"] & { workspaceId: pulumi.Input<string> },
  ) => { destinationId: pulumi.Output<string> };
  Connection: new (
    name: string,
    args: PipelineArgs["connection"] & {
      sourceId: pulumi.Input<string>;
      destinationId: pulumi.Input<string>;
    },
  ) => unknown;
}

/** A workspace and `pipelines` pipelines of `sdk`'s resources. */
function sdkProgram(sdk: PipelineSdk, pipelines: number, variant: Variant): PulumiFn {
  return async () => {
    const ws = new sdk.Workspace("ws", { name: "bench" });
    for (let i = 0; i < pipelines; i++) {
      const args = pipelineArgs(variant, i);
      const source = new sdk.Source(`src-${i}`, { workspaceId: ws.workspaceId, ...args.source });
      const destination = new sdk.Destination(`dst-${i}`, {
        workspaceId: ws.workspaceId,
        ...args.destination,
      });
      new sdk.Connection(`conn-${i}`, {
        sourceId: source.sourceId,
        destinationId: destination.destinationId,
        ...args.connection,
      });
    }
  };
}

/** This package's resources: a workspace and `pipelines` pipelines. */
export function oursProgram(pipelines: number, variant: Variant): PulumiFn {
  return sdkProgram(airbyte, pipelines, variant);
}

/**
 * The same graph as {@link oursProgram} through the native plugin (`airbyte-native:index:<Type>`):
 * the SDK's resources carry the same inputs, and the plugin runs the same per-kind code.
 */
export function pluginProgram(pipelines: number, variant: Variant): PulumiFn {
  return sdkProgram(native, pipelines, variant);
}

/**
 * A dynamic provider that does nothing: the id is the resource's name and the outputs are its
 * inputs. No check, diff or read, so the engine does those itself, as cheaply as it can. One object
 * for every resource, so the SDK serializes it once.
 */
const noop: pulumi.dynamic.ResourceProvider = {
  async create(inputs: Record<string, unknown>) {
    return { id: String(inputs.name), outs: inputs };
  },
  async update(_id: string, _olds: Record<string, unknown>, news: Record<string, unknown>) {
    return { outs: news };
  },
};

class Floor extends pulumi.dynamic.Resource {
  constructor(type: string, name: string, props: pulumi.Inputs) {
    super(noop, name, { ...props, name: `${type}/${name}` }, undefined, "bench", type);
  }
}

/** The floor: the same graph and inputs through the no-op provider. */
export function floorProgram(pipelines: number, variant: Variant): PulumiFn {
  return async () => {
    const ws = new Floor("Workspace", "ws", {});
    for (let i = 0; i < pipelines; i++) {
      const args = pipelineArgs(variant, i);
      const source = new Floor("Source", `src-${i}`, {
        ...args.source,
        label: args.source.name,
        workspaceId: ws.id,
      });
      const destination = new Floor("Destination", `dst-${i}`, {
        ...args.destination,
        label: args.destination.name,
        workspaceId: ws.id,
      });
      new Floor("Connection", `conn-${i}`, {
        ...args.connection,
        label: args.connection.name,
        sourceId: source.id,
        destinationId: destination.id,
      });
    }
  };
}
