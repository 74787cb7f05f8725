/**
 * Connection schedules: Quartz cron validation in the order the server applies its checks
 * (missing expression, public-layer seconds/minutes check, Quartz parse, one-hour minimum), and the
 * " UTC" normalisation of stored expressions.
 */
import { ApiProblem, badRequest } from "./problems.js";

interface FieldSpec {
  name: string;
  min: number;
  max: number;
  names?: readonly string[];
}

const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const DAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

const FIELDS: FieldSpec[] = [
  { name: "seconds", min: 0, max: 59 },
  { name: "minutes", min: 0, max: 59 },
  { name: "hours", min: 0, max: 23 },
  { name: "day-of-month", min: 1, max: 31 },
  { name: "month", min: 1, max: 12, names: MONTHS },
  { name: "day-of-week", min: 1, max: 7, names: DAYS },
  { name: "year", min: 1970, max: 2199 },
];

function value(spec: FieldSpec, raw: string): number {
  const byName = spec.names?.indexOf(raw.toUpperCase()) ?? -1;
  const n = byName >= 0 ? byName + 1 : /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (Number.isNaN(n) || n < spec.min || n > spec.max) {
    throw new Error(`Invalid ${spec.name} value '${raw}' (allowed ${spec.min}-${spec.max})`);
  }
  return n;
}

function checkField(spec: FieldSpec, field: string): void {
  if (field === "?") {
    if (spec.name !== "day-of-month" && spec.name !== "day-of-week") {
      throw new Error(`'?' can only be specified for Day-of-Month or Day-of-Week.`);
    }
    return;
  }
  for (const part of field.split(",")) {
    if (part === "") throw new Error(`Empty element in ${spec.name}`);
    if (spec.name === "day-of-month" && /^(L(-\d+)?|LW|\d+W)$/i.test(part)) continue;
    if (spec.name === "day-of-week" && /^(L|[A-Za-z0-9]+L|[A-Za-z0-9]+#[1-5])$/.test(part)) {
      const base = part.replace(/(L|#[1-5])$/i, "");
      if (base !== "") value(spec, base);
      continue;
    }
    const [range, step, extra] = part.split("/");
    if (extra !== undefined || range === undefined || range === "")
      throw new Error(`Illegal element '${part}'`);
    if (step !== undefined && (!/^\d+$/.test(step) || Number(step) === 0)) {
      throw new Error(`Illegal increment '${step}' in ${spec.name}`);
    }
    if (range === "*") continue;
    const [a, b, more] = range.split("-");
    if (more !== undefined || a === undefined) throw new Error(`Illegal range '${range}'`);
    value(spec, a);
    if (b !== undefined) value(spec, b);
  }
}

/** Parses a Quartz expression; throws an Error with the parser's complaint when it is invalid. */
export function parseQuartz(expr: string): string[] {
  const fields = expr.trim().split(/\s+/);
  if (fields.length < 6 || fields.length > 7) throw new Error("Unexpected end of expression.");
  fields.forEach((f, i) => {
    checkField(FIELDS[i]!, f);
  });
  const dom = fields[3]!;
  const dow = fields[5]!;
  if ((dom === "?") === (dow === "?")) {
    throw new Error(
      "Support for specifying both a day-of-week AND a day-of-month parameter is not implemented.",
    );
  }
  return fields;
}

/** The response form of a stored cron schedule. */
export function cronResponse(expr: string): string {
  return `${expr} UTC`;
}

/**
 * Validates a requested cron schedule and returns the expression to store (without the timezone).
 * Throws the problem the server answers with.
 */
export function validateCron(cronExpression: string | null | undefined): string {
  if (!cronExpression || cronExpression.trim() === "")
    throw badRequest("Missing cron expression in the schedule.");
  const expr = cronExpression
    .trim()
    .replace(/\s*UTC$/i, "")
    .trim();
  const fields = expr.split(/\s+/);
  const isNumber = (s: string | undefined): boolean => s !== undefined && /^\d+$/.test(s);
  if (!isNumber(fields[0]) || (fields.length === 7 && !isNumber(fields[1]))) {
    throw badRequest(
      `The cron expression ${expr} is not valid or is less than the one hour minimum. The seconds and minutes values cannot be \`*\`.`,
    );
  }
  try {
    parseQuartz(expr);
  } catch (e) {
    throw new ApiProblem("cronInvalidExpression", {
      cronExpression: expr,
      validationErrorMessage: (e as Error).message,
    });
  }
  if (!isNumber(fields[1])) {
    throw new ApiProblem("cronUnderOneHour", {
      cronExpression: expr,
      validationErrorMessage: "Cron executions must be more than 1 hour apart",
    });
  }
  return expr;
}
