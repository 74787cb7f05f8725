/**
 * A connection's schedule: the input schema, the form diffs compare, and the mapping to and from
 * the API's `schedule` object.
 */
import { z } from "zod";
import type { Connection as ApiConnection, ConnectionScheduleRequest } from "./api/index.js";
import { cronProblem, normalizeCron } from "./cron.js";

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
export function normalizeSchedule(value: unknown): unknown {
  if (value === undefined) return { scheduleType: "manual" };
  const s = value as { scheduleType?: unknown; cronExpression?: unknown };
  if (s.scheduleType === "cron" && typeof s.cronExpression === "string") {
    return { scheduleType: "cron", cronExpression: normalizeCron(s.cronExpression) };
  }
  return value;
}

/** The API's form of a declared schedule. */
export function toApiSchedule(schedule: ScheduleInputs): ConnectionScheduleRequest {
  return schedule.scheduleType === "cron"
    ? { scheduleType: "cron", cronExpression: schedule.cronExpression }
    : { scheduleType: "manual" };
}

/** A live schedule in the form users write (a cron without Airbyte's " UTC"). */
export function fromApiSchedule(schedule: ApiConnection["schedule"] | undefined): ScheduleInputs | undefined {
  if (schedule === undefined) return undefined;
  if (schedule.scheduleType === "cron" && schedule.cronExpression !== undefined) {
    return { scheduleType: "cron", cronExpression: normalizeCron(schedule.cronExpression) };
  }
  if (schedule.scheduleType === "manual") return { scheduleType: "manual" };
  // A "basic" schedule set in the UI has no equivalent input: recorded as-is, it shows as drift.
  return schedule as unknown as ScheduleInputs;
}
