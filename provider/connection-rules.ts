import { z } from "zod";
import type { StreamProperties } from "./api/schemas.js";
import { cronProblem, normalizeCron } from "./cron.js";
import { type CheckFailure, containsUnknown } from "./framework.js";

/** A connection's schedule: run only when triggered, or on a Quartz cron in UTC. */
export const ScheduleSchema = z.discriminatedUnion(
  "scheduleType",
  [
    z.strictObject({ scheduleType: z.literal("manual") }),
    z.strictObject({
      scheduleType: z.literal("cron"),
      cronExpression: z
        .string({ error: 'a cron schedule needs cronExpression, e.g. "0 0 * * * ?" (Quartz, UTC)' })
        .superRefine((value, ctx) => {
          const problem = cronProblem(value);
          if (problem !== undefined) ctx.addIssue({ code: "custom", message: problem });
        }),
    }),
  ],
  { error: 'schedule.scheduleType must be "manual" or "cron"' },
);

/** Inputs of a connection's schedule. */
export type ScheduleInputs = z.infer<typeof ScheduleSchema>;

/** Schedules compared as users write them: no schedule is manual, and a cron loses " UTC". */
export function cronNormalizeSchedule(value: unknown): unknown {
  if (value === undefined) return { scheduleType: "manual" };
  const s = value as { scheduleType?: unknown; cronExpression?: unknown };
  if (s.scheduleType === "cron" && typeof s.cronExpression === "string") {
    return { scheduleType: "cron", cronExpression: normalizeCron(s.cronExpression) };
  }
  return value;
}

const NEEDS_PRIMARY_KEY = new Set([
  "incremental_deduped_history",
  "full_refresh_update",
  "incremental_update",
  "full_refresh_overwrite_deduped",
]);

const same = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((x, i) => x === b[i]);
const fmt = (path: readonly string[]) => JSON.stringify(path);

/**
 * Checks declared streams against the source's catalog (`GET /streams`) with the rules Airbyte
 * applies on create, so a bad stream fails `preview` instead of half-way through `up`.
 */
export function streamsCheck(
  streams: readonly unknown[],
  catalog: readonly StreamProperties[],
): CheckFailure[] {
  const failures: CheckFailure[] = [];
  const seen = new Set<string>();
  const names = catalog.map((p) => p.streamName);
  streams.forEach((raw, i) => {
    if (raw === null || typeof raw !== "object") return;
    const s = raw as {
      name?: unknown;
      namespace?: unknown;
      syncMode?: unknown;
      cursorField?: string[];
      primaryKey?: string[][];
    };
    const at = (field: string) => `streams[${i}].${field}`;
    if (typeof s.name !== "string" || containsUnknown(raw)) return;
    const key = `${String(s.namespace ?? "")}.${s.name}`;
    if (seen.has(key)) failures.push({ property: at("name"), reason: `stream "${s.name}" is listed twice` });
    seen.add(key);
    const props = catalog.find(
      (p) => p.streamName === s.name && (s.namespace === undefined || p.streamnamespace === s.namespace),
    );
    if (props === undefined) {
      failures.push({
        property: at("name"),
        reason: `the source has no stream "${s.name}"${s.namespace !== undefined ? ` in namespace "${String(s.namespace)}"` : ""}; its streams are: ${names.join(", ")}`,
      });
      return;
    }
    const mode = typeof s.syncMode === "string" ? s.syncMode : "full_refresh_overwrite";
    // Airbyte never lists full_refresh_overwrite_deduped among a stream's modes, yet accepts it.
    const listed = props.syncModes ?? [];
    if (listed.length > 0 && mode !== "full_refresh_overwrite_deduped" && !listed.includes(mode)) {
      failures.push({
        property: at("syncMode"),
        reason: `stream "${s.name}" cannot use ${mode} with this source and destination; valid modes: ${listed.join(", ")}`,
      });
    }
    if (mode.startsWith("incremental")) {
      const defaultCursor = props.defaultCursorField ?? [];
      if (s.cursorField === undefined) {
        if (!props.sourceDefinedCursorField && defaultCursor.length === 0) {
          failures.push({
            property: at("cursorField"),
            reason: `incremental sync of stream "${s.name}" needs a cursor: set cursorField to a field that grows with each change, e.g. ["updated_at"]`,
          });
        }
      } else if (
        props.sourceDefinedCursorField &&
        defaultCursor.length > 0 &&
        !same(s.cursorField, defaultCursor)
      ) {
        failures.push({
          property: at("cursorField"),
          reason: `stream "${s.name}" has a source-defined cursor ${fmt(defaultCursor)}; remove cursorField or set it to that`,
        });
      } else if (
        props.propertyFields !== undefined &&
        !props.propertyFields.some((f) => same(f, s.cursorField ?? []))
      ) {
        failures.push({
          property: at("cursorField"),
          reason: `stream "${s.name}" has no field ${fmt(s.cursorField)} to use as cursor`,
        });
      }
    }
    if (NEEDS_PRIMARY_KEY.has(mode)) {
      const sourcePk = props.sourceDefinedPrimaryKey ?? [];
      if (s.primaryKey === undefined && sourcePk.length === 0) {
        failures.push({
          property: at("primaryKey"),
          reason: `${mode} on stream "${s.name}" deduplicates and needs a primary key: set primaryKey, e.g. [["id"]]`,
        });
      } else if (
        s.primaryKey !== undefined &&
        sourcePk.length > 0 &&
        JSON.stringify(s.primaryKey) !== JSON.stringify(sourcePk)
      ) {
        failures.push({
          property: at("primaryKey"),
          reason: `stream "${s.name}" has a source-defined primary key ${JSON.stringify(sourcePk)}; remove primaryKey or set it to that`,
        });
      }
    }
  });
  return failures;
}
