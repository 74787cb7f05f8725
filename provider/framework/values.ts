/**
 * The pure helpers every face of the provider diffs and checks with: preview-time unknowns, deep
 * equality of JSON values, which fields changed, and state put back in the form the user declared.
 */
import type { z } from "zod";
import type { CheckFailure, FieldRules } from "./contract.js";

/**
 * The string Pulumi puts in place of a value it does not know yet (during preview). Written out
 * rather than imported so the provider modules load without the Pulumi runtime.
 */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** True when the value is, or contains, a preview-time unknown. */
export function containsUnknown(value: unknown): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (value !== null && typeof value === "object") return Object.values(value).some(containsUnknown);
  return false;
}

function unknownAt(root: unknown, path: readonly PropertyKey[]): boolean {
  let current: unknown = root;
  for (const key of path) {
    if (current === UNKNOWN) return true;
    if (current === null || typeof current !== "object") return false;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return containsUnknown(current);
}

/**
 * Validates inputs with a zod schema, dropping every issue that touches a value still unknown
 * at preview time: those are checked again when the value is known.
 */
export function validateInputs<T>(schema: z.ZodType<T>, inputs: Record<string, unknown>): CheckFailure[] {
  const result = schema.safeParse(inputs);
  if (result.success) return [];
  const failures: CheckFailure[] = [];
  for (const issue of result.error.issues) {
    if (unknownAt(inputs, issue.path)) continue;
    const property = issue.path.map(String).join(".") || "(inputs)";
    failures.push({ property, reason: issue.message });
  }
  return failures;
}

/**
 * Deep equality for JSON values that ignores the order of object keys and keys whose value is
 * `undefined`. Array order counts: normalisers sort the arrays whose order does not matter.
 */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a === null || b === null) return a === b;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => deepEqual(item, b[i]));
  }
  if (typeof a === "object" && typeof b === "object") {
    const ak = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
    const bk = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
    if (ak.length !== bk.length) return false;
    return ak.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return false;
}

const asIs = (value: unknown): unknown => value;

/** The input keys whose normalised values differ between old state and new inputs. */
export function changedFields<I extends object>(
  fields: FieldRules<I>,
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
): Array<keyof I & string> {
  const changed: Array<keyof I & string> = [];
  for (const key of Object.keys(fields) as Array<keyof I & string>) {
    const rule = fields[key];
    const after = news[key];
    if (containsUnknown(after)) {
      changed.push(key);
      continue;
    }
    if (after === undefined && rule.computedWhenAbsent === true) continue;
    const norm = rule.normalize ?? asIs;
    if (!deepEqual(norm(olds[key]), norm(after))) changed.push(key);
  }
  return changed;
}

/**
 * True when the declared value of an immutable field differs from what the object has: such an
 * object cannot be brought to the declared inputs in place.
 */
export function immutableMismatch<I extends object>(
  fields: FieldRules<I>,
  declared: Record<string, unknown>,
  seen: Record<string, unknown>,
): (keyof I & string) | undefined {
  for (const key of Object.keys(fields) as Array<keyof I & string>) {
    const rule = fields[key];
    if (rule.replace !== true || declared[key] === undefined || seen[key] === undefined) continue;
    const norm = rule.normalize ?? asIs;
    if (!deepEqual(norm(seen[key]), norm(declared[key]))) return key;
  }
  return undefined;
}

/**
 * Puts each input field of `state` back in the form the user declared it (`declared`) when the
 * two mean the same after normalisation: the server's spelling (a cron's " UTC", a default it
 * filled in, streams in its own order) never reaches state. Pulumi shows a changed resource's
 * old state next to its new inputs, so state in declared form is what makes `preview --diff`
 * show only the change the user made. A field that differs keeps the live value: that is drift.
 */
export function inDeclaredForm<I extends object>(
  fields: FieldRules<I>,
  declared: Record<string, unknown>,
  state: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...state };
  for (const key of Object.keys(fields) as Array<keyof I & string>) {
    const rule = fields[key];
    const want = declared[key];
    if (want === undefined && rule.computedWhenAbsent === true) continue;
    const norm = rule.normalize ?? asIs;
    if (!deepEqual(norm(want), norm(out[key]))) continue;
    if (want === undefined) delete out[key];
    else out[key] = want;
  }
  return out;
}
