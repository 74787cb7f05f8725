/**
 * Reading a request's inputs as the server binds them: the body checked against a zod schema
 * (422 `{errorId}` when it does not map), query parameters (400 naming the parameter and the
 * value when one does not convert) and UUID path parameters.
 */
import { z } from "zod";
import { type ApiProblem, badRequest, ErrorIdError } from "./problems.js";
import type { Query, RouteContext } from "./route-contract.js";

/**
 * Validates a request body. A body that cannot be mapped onto the request model (missing required
 * field, wrong type) is a 422 `{errorId}` on the real server, not a problem.
 */
export function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const r = schema.safeParse(body);
  if (!r.success) throw new ErrorIdError(422, z.prettifyError(r.error));
  return r.data;
}

/** A case-insensitive enum, as the server accepts enum values in any case. */
export function ciEnum<const V extends readonly [string, ...string[]]>(values: V) {
  return z.preprocess((v) => (typeof v === "string" ? v.toLowerCase() : v), z.enum(values));
}

/** First value of a query parameter. */
export function queryOne(q: Query, name: string): string | undefined {
  const v = q[name];
  return Array.isArray(v) ? v[0] : v;
}

/** A list parameter given repeated, as `name[]`, or comma-joined. */
export function queryList(q: Query, name: string): string[] {
  const out: string[] = [];
  for (const key of [name, `${name}[]`]) {
    const v = q[key];
    const vs = v === undefined ? [] : Array.isArray(v) ? v : [v];
    for (const item of vs) out.push(...item.split(",").filter((s) => s.length > 0));
  }
  return out;
}

/**
 * 400 for a query parameter that does not convert to its type: a bad-request problem naming the
 * parameter and the value, so the caller sees what to fix.
 */
export function badParameter(name: string, value: string, expected: string): ApiProblem {
  return badRequest(`Failed to convert argument [${name}] for value [${value}]: expected ${expected}.`);
}

/** A boolean parameter: absent is the default; anything but true/false (empty included) is a 400. */
export function queryBool(q: Query, name: string, dflt: boolean): boolean {
  const v = queryOne(q, name);
  if (v === undefined) return dflt;
  if (/^true$/i.test(v)) return true;
  if (/^false$/i.test(v)) return false;
  throw badParameter(name, v, "true or false");
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A UUID field of a request body, lower-cased. Anything else fails the request model, which the
 * server answers with 422 like any body it cannot map.
 */
export const uuid = z
  .string()
  .regex(UUID_RE, "must be a UUID")
  .transform((v) => v.toLowerCase());

/** True for a UUID in its canonical 8-4-4-4-12 hex form. */
export function isUuid(v: string): boolean {
  return UUID_RE.test(v);
}

/** A UUID parameter, lower-cased; absent is undefined, anything else (empty included) a 400. */
export function queryUuid(q: Query, name: string): string | undefined {
  const v = queryOne(q, name);
  if (v === undefined) return undefined;
  if (!isUuid(v)) throw badParameter(name, v, "a UUID");
  return v.toLowerCase();
}

/** A required UUID parameter: missing is a 400 naming it. */
export function requiredQueryUuid(q: Query, name: string): string {
  const v = queryUuid(q, name);
  if (v === undefined) throw badRequest(`Required argument [UUID ${name}] not specified`);
  return v;
}

/** A list of UUIDs (repeated, `name[]` or comma-joined), lower-cased; one that is not a UUID is a 400. */
export function queryUuidList(q: Query, name: string): string[] {
  return queryList(q, name).map((v) => {
    if (!isUuid(v)) throw badParameter(name, v, "a list of UUIDs");
    return v.toLowerCase();
  });
}

/** A path parameter the server binds as a UUID: anything else is a 400 naming it. */
export function uuidParam(ctx: RouteContext, name: string): string {
  const v = ctx.params[name] ?? "";
  if (!isUuid(v)) throw badParameter(name, v, "a UUID");
  return v.toLowerCase();
}
