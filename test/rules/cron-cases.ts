/**
 * One table of schedules, valid and invalid, that both the provider's check (which must refuse a
 * schedule at `preview`) and the emulator (which answers as the real server does) must agree on.
 * When they disagree, a schedule passes `preview` and fails at `up`.
 */
export interface CronCase {
  readonly expression: string;
  readonly valid: boolean;
  readonly why: string;
}

/** The shared cases. */
export const CRON_CASES: readonly CronCase[] = [
  { expression: "0 0 * * * ?", valid: true, why: "hourly, the most frequent Airbyte allows" },
  { expression: "0 0 2 * * ?", valid: true, why: "daily at 02:00" },
  { expression: "0 0 2 * * ? UTC", valid: true, why: "the server's own spelling, with ' UTC'" },
  { expression: "0 30 4 ? * MON-FRI", valid: true, why: "weekdays, day names" },
  { expression: "0 0 12 1 * ?", valid: true, why: "first day of the month" },
  { expression: "0 0 0 L * ?", valid: true, why: "last day of the month" },
  { expression: "0 0 0 15W * ?", valid: true, why: "nearest weekday" },
  { expression: "0 0 0 ? * 6L", valid: true, why: "last Friday" },
  { expression: "0 0 0 ? * MON#2", valid: true, why: "second Monday" },
  { expression: "0 0 */2 * * ?", valid: true, why: "every two hours" },
  { expression: "0 0 0 ? JAN,JUL MON", valid: true, why: "month list" },
  { expression: "0 15 10 ? * * 2030", valid: true, why: "with a year" },
  { expression: "0 * * * * ?", valid: false, why: "every minute: minutes must be a number" },
  { expression: "0 */5 * * * ?", valid: false, why: "every five minutes" },
  { expression: "0 0-30 * * * ?", valid: false, why: "a range of minutes" },
  { expression: "0 0,30 * * * ?", valid: false, why: "a list of minutes" },
  { expression: "* 0 * * * ?", valid: false, why: "every second" },
  { expression: "0 0 */0 * * ?", valid: false, why: "a step of 0" },
  { expression: "0 0 2 * *", valid: false, why: "five fields (Unix cron)" },
  { expression: "0 0 2 * * ? 2030 1", valid: false, why: "eight fields" },
  { expression: "0 0 2 * * *", valid: false, why: "neither day field is ?" },
  { expression: "0 0 2 ? * ?", valid: false, why: "both day fields are ?" },
  { expression: "0 0 25 * * ?", valid: false, why: "hour 25" },
  { expression: "0 60 2 * * ?", valid: false, why: "minute 60" },
  { expression: "0 0 2 32 * ?", valid: false, why: "day 32" },
  { expression: "0 0 2 * 13 ?", valid: false, why: "month 13" },
  { expression: "0 0 2 ? * 8", valid: false, why: "day-of-week 8" },
  { expression: "0 0 2 ? * FOO", valid: false, why: "an unknown day name" },
  { expression: "0 0 2 1,,2 * ?", valid: false, why: "an empty list element" },
  { expression: "", valid: false, why: "empty" },
];
