import { deepEqual } from "./framework/values.js";

/** The placeholder Airbyte returns for every secret field of a connector configuration. */
export const SECRET_MASK = "**********";

/**
 * The value a program gives a secret field to keep what Airbyte already holds for it, when the
 * secret is not at hand (an adopted object whose password lives only in Airbyte). Such a field
 * is never sent; a full replacement, which would need it, is refused instead of wiping it.
 */
export const KEEP_EXISTING_SECRET = "<keep-existing-secret>";

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
export function projectLive(
  declared: Configuration,
  live: Configuration,
  options: { readonly keepMasks?: boolean } = {},
): Configuration {
  const out: Configuration = {};
  for (const [key, want] of Object.entries(declared)) {
    const have = live[key];
    if (have === undefined) out[key] = want;
    else if (have === SECRET_MASK) {
      out[key] = options.keepMasks === true && want !== KEEP_EXISTING_SECRET ? SECRET_MASK : want;
    } else if (isPlainObject(want) && isPlainObject(have)) out[key] = projectLive(want, have, options);
    else out[key] = have;
  }
  return out;
}

/**
 * A live configuration as an import declares it: every secret Airbyte masks becomes
 * {@link KEEP_EXISTING_SECRET}, so the imported resource keeps the secret Airbyte holds and a
 * program that gives the real value later sends it once.
 */
export function importedConfiguration(live: Configuration): Configuration {
  const out: Configuration = {};
  for (const [key, have] of Object.entries(live)) {
    if (have === SECRET_MASK) out[key] = KEEP_EXISTING_SECRET;
    else if (isPlainObject(have)) out[key] = importedConfiguration(have);
    else out[key] = have;
  }
  return out;
}

/**
 * Like {@link projectLive}, but a masked secret stays masked: the view of an object being adopted,
 * whose secrets cannot be read, so every declared secret differs from it and is sent once. A
 * field declared as {@link KEEP_EXISTING_SECRET} takes the declared marker and is not sent.
 */
export function projectLiveMasked(declared: Configuration, live: Configuration): Configuration {
  return projectLive(declared, live, { keepMasks: true });
}

/** The dotted paths of the fields of a configuration that hold `value`. */
function pathsOf(configuration: Configuration, value: string, prefix = ""): string[] {
  return Object.entries(configuration).flatMap(([key, v]) => {
    if (v === value) return [`${prefix}${key}`];
    return isPlainObject(v) ? pathsOf(v, value, `${prefix}${key}.`) : [];
  });
}

/** The paths (dotted) of the fields holding {@link KEEP_EXISTING_SECRET}. */
export function keptSecretPaths(configuration: Configuration): string[] {
  return pathsOf(configuration, KEEP_EXISTING_SECRET);
}

/** A configuration (or PATCH body) without its {@link KEEP_EXISTING_SECRET} fields: those are never sent. */
export function withoutKeptSecrets(configuration: Configuration): Configuration {
  const out: Configuration = {};
  for (const [key, value] of Object.entries(configuration)) {
    if (value === KEEP_EXISTING_SECRET) continue;
    out[key] = isPlainObject(value) ? withoutKeptSecrets(value) : value;
  }
  return out;
}

/** The dotted paths of the masked (secret) fields of a live configuration. */
export function maskedPaths(live: Configuration): string[] {
  return pathsOf(live, SECRET_MASK);
}
