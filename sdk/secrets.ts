/**
 * Marks the secret fields of a connector's configuration as Pulumi secrets in the program, so that
 * only those are secrets and a reviewer reads every other change in `pulumi preview --diff`
 * (`count: 100 => 250`). Which fields are secrets: `provider/connector-secrets.ts`.
 */
import * as pulumi from "@pulumi/pulumi";

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  v !== null &&
  typeof v === "object" &&
  !Array.isArray(v) &&
  !pulumi.Output.isInstance(v) &&
  !(v instanceof Promise);

/**
 * The configuration with each field at a secret path wrapped in `pulumi.secret`, the rest left as
 * given (a value the user made secret stays secret). `undefined` when the configuration is not a
 * plain object here (an output of another resource): then the caller keeps it secret as a whole.
 */
export function withSecretFields(
  configuration: unknown,
  paths: ReadonlySet<string>,
  prefix = "",
): Record<string, unknown> | undefined {
  if (!isPlainObject(configuration)) return undefined;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(configuration)) {
    const path = `${prefix}${key}`;
    if (paths.has(path)) out[key] = pulumi.secret(value);
    else if (isPlainObject(value) && [...paths].some((p) => p.startsWith(`${path}.`))) {
      out[key] = withSecretFields(value, paths, `${path}.`);
    } else out[key] = value;
  }
  return out;
}
