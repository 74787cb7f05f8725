import * as pulumi from "@pulumi/pulumi";
import type { ConnectionInputs } from "../provider/connection.js";
import type { ScheduleInputs } from "../provider/schedule.js";
import type { StreamInputs } from "../provider/streams.js";
import type { AdoptArgs } from "./adopt.js";
import { type InputsOf, withoutUnset, withUnknownArgs } from "./inputs.js";
import { providerStub } from "./stub.js";

/** One stream of a connection; see {@link ConnectionArgs.streams}. */
export type ConnectionStream = StreamInputs;
/** A connection's schedule; see {@link ConnectionArgs.schedule}. */
export type ConnectionSchedule = ScheduleInputs;

/** Arguments of a {@link Connection}. */
export interface ConnectionArgs extends InputsOf<ConnectionInputs>, AdoptArgs {
  /** The source. Changing it replaces the connection. */
  sourceId: pulumi.Input<string>;
  /** The destination. Changing it replaces the connection. */
  destinationId: pulumi.Input<string>;
  /** Its name; Airbyte's default is "<source> → <destination>". */
  name?: pulumi.Input<string>;
  /** `{ scheduleType: "manual" }` (the default) or `{ scheduleType: "cron", cronExpression: "0 0 * * * ?" }` (Quartz, UTC). */
  schedule?: pulumi.Input<ConnectionSchedule>;
  /**
   * The streams to sync and how; streams not listed are not synced. Left out, every stream of
   * the source is synced with `full_refresh_overwrite`. `getStreams` lists what the source has.
   */
  streams?: pulumi.Input<pulumi.Input<ConnectionStream>[]>;
  /** Where data lands: `destination` (default), `source`, or `custom_format` with `namespaceFormat`. */
  namespaceDefinition?: pulumi.Input<NonNullable<ConnectionInputs["namespaceDefinition"]>>;
  /** The namespace when `namespaceDefinition` is `custom_format`, e.g. `"${SOURCE_NAMESPACE}_raw"`. */
  namespaceFormat?: pulumi.Input<string>;
  /** A prefix for every destination table name. */
  prefix?: pulumi.Input<string>;
  /** What to do with non-breaking schema changes: `ignore` (default), `disable_connection`, `propagate_columns`, `propagate_fully`. */
  nonBreakingSchemaUpdatesBehavior?: pulumi.Input<
    NonNullable<ConnectionInputs["nonBreakingSchemaUpdatesBehavior"]>
  >;
  /** `active` (default) or `inactive` (paused). */
  status?: pulumi.Input<"active" | "inactive">;
  /** Ids of tags (`tag.tagId`) to attach. */
  tags?: pulumi.Input<pulumi.Input<string>[]>;
}

/**
 * A connection: syncs chosen streams from a source to a destination on a schedule.
 *
 * @example
 * ```ts
 * const sync = new airbyte.Connection("orders-to-warehouse", {
 *   sourceId: orders.sourceId,
 *   destinationId: warehouse.destinationId,
 *   schedule: { scheduleType: "cron", cronExpression: "0 0 2 * * ?" },
 *   streams: [
 *     { name: "orders", syncMode: "incremental_deduped_history", cursorField: ["updated_at"], primaryKey: [["id"]] },
 *     { name: "customers", syncMode: "full_refresh_overwrite" },
 *   ],
 *   tags: [finance.tagId],
 * });
 * ```
 */
export class Connection extends pulumi.dynamic.Resource {
  /** The connection's UUID: the resource's `id`, known through in-place updates (see `Workspace.workspaceId`). */
  declare readonly connectionId: pulumi.Output<string>;
  /** Its name (Airbyte's default when none was given). */
  declare readonly name: pulumi.Output<string>;
  /** The workspace it belongs to (the source's). */
  declare readonly workspaceId: pulumi.Output<string>;
  /** The source. */
  declare readonly sourceId: pulumi.Output<string>;
  /** The destination. */
  declare readonly destinationId: pulumi.Output<string>;
  /** The schedule as applied. */
  declare readonly schedule: pulumi.Output<ConnectionSchedule | undefined>;
  /** The streams as applied. */
  declare readonly streams: pulumi.Output<ConnectionStream[] | undefined>;
  /** `active` or `inactive`. */
  declare readonly status: pulumi.Output<string | undefined>;
  /** When Airbyte created it, in epoch seconds. */
  declare readonly createdAt: pulumi.Output<number>;

  /**
   * @param name The Pulumi resource name.
   * @param args The connection's settings.
   * @param opts Pulumi resource options.
   */
  constructor(name: string, args: ConnectionArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      providerStub("connection"),
      name,
      withoutUnset(
        withUnknownArgs(
          {
            adopt: args.adopt,
            sourceId: args.sourceId,
            destinationId: args.destinationId,
            name: args.name,
            schedule: args.schedule,
            streams: args.streams,
            namespaceDefinition: args.namespaceDefinition,
            namespaceFormat: args.namespaceFormat,
            prefix: args.prefix,
            nonBreakingSchemaUpdatesBehavior: args.nonBreakingSchemaUpdatesBehavior,
            status: args.status,
            tags: args.tags,
            workspaceId: undefined,
            createdAt: undefined,
          },
          args,
        ),
        [
          "adopt",
          "namespaceDefinition",
          "namespaceFormat",
          "prefix",
          "nonBreakingSchemaUpdatesBehavior",
          "tags",
        ],
      ),
      opts,
      "airbyte",
      "Connection",
    );
    this.connectionId = this.id;
  }
}
