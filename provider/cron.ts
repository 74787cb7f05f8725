/**
 * Quartz cron expressions as Airbyte accepts them: `sec min hour day-of-month month day-of-week
 * [year]`, seconds and minutes as plain numbers (no schedule more often than hourly), steps above
 * 0, and exactly one of the two day fields set to `?`. Airbyte echoes the expression back with a " UTC" suffix.
 */

const MONTHS = "JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC";
const DAYS = "SUN|MON|TUE|WED|THU|FRI|SAT";

interface FieldSpec {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: string;
  readonly special?: RegExp;
}

const FIELDS: readonly FieldSpec[] = [
  { name: "seconds", min: 0, max: 59 },
  { name: "minutes", min: 0, max: 59 },
  { name: "hours", min: 0, max: 23 },
  { name: "day-of-month", min: 1, max: 31, special: /^(\?|L(-\d{1,2})?|LW|\d{1,2}W)$/ },
  { name: "month", min: 1, max: 12, names: MONTHS },
  { name: "day-of-week", min: 1, max: 7, names: DAYS, special: /^(\?|L|\d(L|#[1-5])|[A-Z]{3}(L|#[1-5]))$/ },
  { name: "year", min: 1970, max: 2199 },
];

function validValue(value: string, field: FieldSpec): boolean {
  if (/^\d+$/.test(value)) {
    const n = Number(value);
    return n >= field.min && n <= field.max;
  }
  return field.names !== undefined && new RegExp(`^(${field.names})$`).test(value);
}

function validPart(part: string, field: FieldSpec): boolean {
  if (field.special?.test(part)) return true;
  const [range, step, ...extra] = part.split("/");
  if (extra.length > 0 || range === undefined) return false;
  if (step !== undefined && (!/^\d+$/.test(step) || Number(step) === 0)) return false;
  if (range === "*") return true;
  const bounds = range.split("-");
  if (bounds.length > 2) return false;
  return bounds.every((b) => validValue(b, field));
}

/** Removes Airbyte's " UTC" suffix and extra spaces, giving the form users write. */
export function normalizeCron(expression: string): string {
  return expression
    .trim()
    .replace(/\s+UTC$/i, "")
    .split(/\s+/)
    .join(" ");
}

/**
 * Why a cron expression would be refused, or `undefined` when it is a valid Quartz expression
 * Airbyte accepts. Messages say what to write instead.
 */
export function cronProblem(expression: string): string | undefined {
  const parts = normalizeCron(expression).toUpperCase().split(" ");
  if (parts.length < 6 || parts.length > 7) {
    return `"${expression}" has ${parts.length} fields; Airbyte uses Quartz cron with 6 or 7: "sec min hour day-of-month month day-of-week [year]", e.g. "0 0 * * * ?" for hourly`;
  }
  if (!/^\d+$/.test(parts[0] ?? "")) {
    return `the seconds field of "${expression}" must be a number (Airbyte refuses schedules more frequent than hourly), e.g. "0 0 * * * ?"`;
  }
  if (!/^\d+$/.test(parts[1] ?? "")) {
    return `the minutes field of "${expression}" must be a number: Airbyte refuses schedules more frequent than hourly, e.g. "0 0 * * * ?" runs at the top of every hour`;
  }
  for (const [i, field] of FIELDS.entries()) {
    const value = parts[i];
    if (value === undefined) break;
    if (!value.split(",").every((p) => validPart(p, field))) {
      return `the ${field.name} field "${value}" of "${expression}" is not valid Quartz cron (allowed: ${field.min}-${field.max}, ranges a-b, steps */n, lists a,b)`;
    }
  }
  const dom = parts[3];
  const dow = parts[5];
  if ((dom === "?") === (dow === "?")) {
    return `"${expression}": exactly one of day-of-month and day-of-week must be "?" in Quartz cron, e.g. "0 0 12 * * ?"`;
  }
  return undefined;
}

/** The values one field part (`*`, `a`, `a-b`, with an optional `/step`) stands for. */
function expandPart(part: string, field: FieldSpec): number[] {
  const [range = "*", step] = part.split("/");
  const by = step === undefined ? 1 : Number(step);
  const [from, to] =
    range === "*"
      ? [field.min, field.max]
      : range.includes("-")
        ? (range.split("-").map(Number) as [number, number])
        : // "a/n" runs from a to the end of the field; a lone "a" is just a.
          [Number(range), step === undefined ? Number(range) : field.max];
  const out: number[] = [];
  for (let v = from; v <= to; v += by) out.push(v);
  return out;
}

/**
 * The shortest time between two runs of a valid expression within a day, in minutes (a run once a
 * day counts 24 hours; the day fields are not considered, so weekly schedules also count 24 hours).
 * Airbyte's seconds and minutes are single numbers, so runs are whole hours apart.
 */
export function cronMinIntervalMinutes(expression: string): number {
  const hoursField = normalizeCron(expression).split(" ")[2] ?? "*";
  const hoursSpec = FIELDS[2] as FieldSpec;
  const hours = [...new Set(hoursField.split(",").flatMap((p) => expandPart(p, hoursSpec)))].sort(
    (a, b) => a - b,
  );
  if (hours.length <= 1) return 24 * 60;
  let gap = 24 - (hours.at(-1) ?? 0) + (hours[0] ?? 0);
  for (let i = 1; i < hours.length; i++) gap = Math.min(gap, (hours[i] ?? 0) - (hours[i - 1] ?? 0));
  return gap * 60;
}
