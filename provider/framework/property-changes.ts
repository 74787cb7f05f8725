/**
 * Which properties a change touches, path by path (`configuration.password`, `streams[1]`), for a
 * face that can show them: the native plugin's detailed diff, where a changed secret shows as
 * changed without its value. The dynamic protocol cannot carry them.
 */
import type { FieldRules } from "./contract.js";
import { deepEqual, UNKNOWN } from "./values.js";

/** One property a change touches, as Pulumi's detailed diff names it. */
export interface PropertyChange {
  /** The property path: `name`, `configuration.password`, `streams[0].syncMode`, `tags["a.b"]`. */
  readonly path: string;
  /** Added (no old value), deleted (no new value), or updated. */
  readonly kind: "add" | "delete" | "update";
  /** The field cannot change in place: the change replaces the resource. */
  readonly replace: boolean;
}

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `parent.key`, or `parent["odd key"]` for a key Pulumi's path syntax cannot write bare. */
export function propertyPath(parent: string, key: string | number): string {
  if (typeof key === "number") return `${parent}[${key}]`;
  if (!PLAIN_KEY.test(key)) return `${parent}[${JSON.stringify(key)}]`;
  return parent === "" ? key : `${parent}.${key}`;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v);

function leaves(
  path: string,
  before: unknown,
  after: unknown,
  descendArrays: boolean,
  out: Array<Omit<PropertyChange, "replace">>,
): void {
  if (after === UNKNOWN || before === UNKNOWN) {
    out.push({ path, kind: "update" });
    return;
  }
  if (deepEqual(before, after)) return;
  if (before === undefined) {
    out.push({ path, kind: "add" });
    return;
  }
  if (after === undefined) {
    out.push({ path, kind: "delete" });
    return;
  }
  if (isObject(before) && isObject(after)) {
    for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
      leaves(propertyPath(path, key), before[key], after[key], descendArrays, out);
    }
    return;
  }
  if (descendArrays && Array.isArray(before) && Array.isArray(after) && before.length === after.length) {
    before.forEach((item, i) => {
      leaves(propertyPath(path, i), item, after[i], descendArrays, out);
    });
    return;
  }
  out.push({ path, kind: "update" });
}

/**
 * The properties that differ in each of the `changed` fields, between the state last applied and
 * the new inputs. A field with a normaliser is compared item by item only where item order cannot
 * matter (objects); an array it normalises (sorted streams, tag sets) shows as one change, since
 * positions would name the wrong items.
 */
export function propertyChanges<I extends object>(
  fields: FieldRules<I>,
  changed: ReadonlyArray<keyof I & string>,
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
): PropertyChange[] {
  const out: PropertyChange[] = [];
  for (const key of changed) {
    const rule = fields[key];
    const found: Array<Omit<PropertyChange, "replace">> = [];
    leaves(propertyPath("", key), olds[key], news[key], rule.normalize === undefined, found);
    // Normalisation made them differ although the raw values agree: the field as a whole.
    if (found.length === 0) found.push({ path: propertyPath("", key), kind: "update" });
    for (const change of found) out.push({ ...change, replace: rule.replace === true });
  }
  return out;
}
