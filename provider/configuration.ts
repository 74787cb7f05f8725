import { deepEqual } from "./framework.js";

/** The placeholder Airbyte returns for every secret field of a connector configuration. */
export const SECRET_MASK = "**********";

/** A connector configuration: any JSON object. */
export type Configuration = Record<string, unknown>;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/**
 * The smallest body for Airbyte's deep-merge PATCH (objects merge, scalars and arrays replace)
 * that turns `before` into `after`, or `undefined` when a merge cannot express the change
 * because a key must disappear: then the caller needs a PUT of the whole object.
 */
export function mergePatch(before: Configuration, after: Configuration): Configuration | undefined {
  const patch: Configuration = {};
  for (const key of Object.keys(before)) {
    if (before[key] !== undefined && after[key] === undefined) return undefined;
  }
  for (const [key, value] of Object.entries(after)) {
    if (value === undefined) continue;
    const old = before[key];
    if (deepEqual(old, value)) continue;
    if (isPlainObject(old) && isPlainObject(value)) {
      const nested = mergePatch(old, value);
      if (nested === undefined) return undefined;
      patch[key] = nested;
    } else {
      patch[key] = value;
    }
  }
  return patch;
}

/**
 * The declared configuration as seen in a live (masked) one: every declared value the API
 * reports faithfully is taken from `live`, so a change made elsewhere shows up as drift, while
 * masked secrets and keys the API omits keep the declared value. Keys only `live` has (server
 * defaults) are ignored.
 */
export function projectLive(declared: Configuration, live: Configuration): Configuration {
  const out: Configuration = {};
  for (const [key, want] of Object.entries(declared)) {
    const have = live[key];
    if (have === undefined || have === SECRET_MASK) out[key] = want;
    else if (isPlainObject(want) && isPlainObject(have)) out[key] = projectLive(want, have);
    else out[key] = have;
  }
  return out;
}
