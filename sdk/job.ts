import * as pulumi from "@pulumi/pulumi";
import type { JobInputs } from "../provider/job.js";
import { type InputsOf, withUnknownArgs } from "./inputs.js";
import { providerStub } from "./stub.js";

/** Arguments of a {@link Job}. */
export interface JobArgs extends InputsOf<JobInputs> {
  /** The connection to sync. */
  connectionId: pulumi.Input<string>;
  /** `sync` (default), `reset` or `clear`. */
  jobType?: pulumi.Input<"sync" | "reset" | "clear">;
  /**
   * Any values: the job runs when the resource is created and again whenever one of them
   * changes (as a replacement). A no-op `pulumi up` starts nothing.
   */
  triggers?: pulumi.Input<pulumi.Input<unknown>[]>;
  /**
   * Wait for the job to finish (default): `true`, `false`, or `{ timeoutSeconds, pollIntervalSeconds }`
   * (defaults 3600 and 5; polling backs off up to 30 s). A job still running at the timeout is
   * cancelled and the deployment fails.
   */
  wait?: pulumi.Input<boolean | { timeoutSeconds?: number; pollIntervalSeconds?: number }>;
  /** Fail the deployment when the job fails or is cancelled (default true); false records the status. */
  failOnError?: pulumi.Input<boolean>;
  /** Also fail a sync that succeeded but moved 0 rows. */
  requireRows?: pulumi.Input<boolean>;
}

/**
 * Runs an Airbyte sync (or reset/clear) as part of a deployment and reports how it went. A sync
 * already running for the connection is joined rather than refused. `pulumi preview` never starts
 * a job; destroying the resource cancels the job if it is still running.
 *
 * @example
 * ```ts
 * const firstLoad = new airbyte.Job("first-load", {
 *   connectionId: connection.connectionId,
 *   triggers: [connection.connectionId, releaseVersion],
 *   wait: { timeoutSeconds: 1800 },
 * });
 * export const rowsLoaded = firstLoad.rowsSynced;
 * ```
 */
export class Job extends pulumi.dynamic.Resource {
  /** Airbyte's job id. */
  declare readonly jobId: pulumi.Output<number>;
  /** The last status seen: `succeeded`, `failed`, `cancelled`, or a running status when not waiting. */
  declare readonly status: pulumi.Output<string>;
  /** `sync`, `reset` or `clear`. */
  declare readonly jobType: pulumi.Output<string>;
  /** When the job started (ISO 8601). */
  declare readonly startTime: pulumi.Output<string | undefined>;
  /** How long it ran (ISO 8601 duration, e.g. `PT2M10S`). */
  declare readonly duration: pulumi.Output<string | undefined>;
  /** Rows committed to the destination. */
  declare readonly rowsSynced: pulumi.Output<number>;
  /** Bytes committed to the destination. */
  declare readonly bytesSynced: pulumi.Output<number>;

  /**
   * @param name The Pulumi resource name.
   * @param args What to run and how to wait for it.
   * @param opts Pulumi resource options.
   */
  constructor(name: string, args: JobArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      providerStub("job"),
      name,
      withUnknownArgs(
        {
          connectionId: args.connectionId,
          jobType: args.jobType,
          triggers: args.triggers,
          wait: args.wait,
          failOnError: args.failOnError,
          requireRows: args.requireRows,
          jobId: undefined,
          status: undefined,
          startTime: undefined,
          duration: undefined,
          rowsSynced: undefined,
          bytesSynced: undefined,
        },
        args,
      ),
      opts,
      "airbyte",
      "Job",
    );
  }
}
