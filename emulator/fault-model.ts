/**
 * The fault model: what a fault is, as `startEmulator({ faults })`, `emulator.faults.inject()`, the
 * `/_emulator/faults` test-hook route and the `--fault <spec>` grammar (`fault-grammar.ts`) all
 * give it, and how it is validated.
 *
 * A fault targets a method (or any) and a path pattern over the API path (without the `/v1` or
 * `/api/public/v1` prefix), and fires for the first N matches or with a probability drawn from a
 * seeded PRNG. What it does when it fires is its `kind`. The runtime that fires faults is
 * `faults.ts`.
 */
import { z } from "zod";

/** The API path of the token endpoint: the only requests a `tokenTtl` fault acts on. */
export const TOKEN_PATH = "/applications/token";

/** The HTTP methods a fault can target, besides `*` (any). */
export const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"] as const;

const method = z
  .string()
  .transform((m) => m.toUpperCase())
  .refine((m) => m === "*" || (METHODS as readonly string[]).includes(m), {
    error: `method must be one of ${METHODS.join(", ")} or * (any)`,
  });

const pathPattern = z.union([
  z.string().superRefine((p, ctx) => {
    const problem = pathProblem(p);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  }),
  z.instanceof(RegExp),
]);

/** What every kind shares: where it applies and how often it fires. */
const targetFields = {
  /** HTTP method, any case; `*` or absent: any method. */
  method: method.optional(),
  /**
   * The API path without prefix: a glob (`*` one segment's characters, `**` anything, a lone `*`
   * or `**` any path), `re:<regex>`, or a RegExp. Absent: any path. A plain path matches itself
   * only.
   */
  path: pathPattern.optional(),
  /**
   * How many times it fires: the first N matches (with `probability`: at most N fires), or
   * `"always"`. Default: once for `status`, `drop` and `reset` without a probability, otherwise always.
   */
  times: z
    .union([z.number().int().positive(), z.literal("always")], {
      error: 'times must be a positive integer or "always"',
    })
    .optional(),
  /** Chance in [0, 1] that a match fires, drawn from a PRNG seeded with `seed`. */
  probability: z
    .number({ error: "probability must be a number between 0 and 1" })
    .min(0, { error: "probability must be between 0 and 1" })
    .max(1, { error: "probability must be between 0 and 1" })
    .optional(),
  /** Seed of the fault's PRNG; default 1, so runs repeat unless a seed is chosen. */
  seed: z.number().int({ error: "seed must be an integer" }).optional(),
};

const headers = z.record(z.string(), z.string(), { error: "headers must map names to string values" });

const STATUS_ERROR = "status must be an HTTP status code 100-599, e.g. 429 or 503";

/**
 * The fault model: one object shape per kind, discriminated by `kind`. A `tokenTtl` fault must
 * target the token endpoint.
 */
export const faultSchema = z
  .discriminatedUnion(
    "kind",
    [
      /** Answers with this status, headers and body instead of running the request. */
      z.strictObject({
        kind: z.literal("status"),
        status: z
          .number({ error: STATUS_ERROR })
          .int({ error: STATUS_ERROR })
          .min(100, { error: STATUS_ERROR })
          .max(599, { error: STATUS_ERROR }),
        headers: headers.optional(),
        /** The body; default a problem body for 4xx/5xx, none otherwise. */
        body: z.unknown().optional(),
        ...targetFields,
      }),
      /** Runs the request (the write takes effect), then destroys the socket without answering. */
      z.strictObject({ kind: z.literal("drop"), ...targetFields }),
      /** Resets the connection before the request runs: nothing happens server-side. */
      z.strictObject({ kind: z.literal("reset"), ...targetFields }),
      /** Holds the answer for `ms` after the request ran. */
      z.strictObject({
        kind: z.literal("latency"),
        ms: z.number().int().nonnegative({ error: "ms must be a non-negative integer" }),
        ...targetFields,
      }),
      /** Lets `requests` matches through per window of `windowMs`, then 429 with Retry-After until it ends. */
      z.strictObject({
        kind: z.literal("rateLimit"),
        requests: z.number().int().positive({ error: "requests must be a positive integer" }),
        windowMs: z.number().int().positive({ error: "windowMs must be a positive integer" }).default(1000),
        ...targetFields,
      }),
      /** Tokens that matching `POST /applications/token` requests issue expire after `seconds`. */
      z.strictObject({
        kind: z.literal("tokenTtl"),
        seconds: z.number().int().nonnegative({ error: "seconds must be a non-negative integer" }),
        ...targetFields,
      }),
    ],
    { error: "kind must be one of status, drop, reset, latency, rateLimit, tokenTtl" },
  )
  .superRefine((f, ctx) => {
    if (f.kind === "tokenTtl" && !compilePath(f.path).test(TOKEN_PATH)) {
      ctx.addIssue({
        code: "custom",
        path: ["path"],
        message: `a tokenTtl fault acts on ${TOKEN_PATH} only; leave the path out or give ${TOKEN_PATH}`,
      });
    }
  });

/** A fault as callers give it: one of the kinds of {@link faultSchema}. */
export type Fault = z.input<typeof faultSchema>;

/** A validated fault, with defaults applied. */
export type FaultSpec = z.output<typeof faultSchema>;

/** A fault that is not valid; the message names the part and how to fix it. */
export class FaultSpecError extends Error {
  override readonly name = "FaultSpecError";
}

/**
 * Validates a fault object (from code, or JSON from the test-hook route). Throws a
 * {@link FaultSpecError} that names every wrong field and the fix.
 */
export function parseFault(input: unknown): FaultSpec {
  const r = faultSchema.safeParse(input);
  if (r.success) return r.data;
  const problems = r.error.issues.map((i) => {
    if (i.code === "unrecognized_keys") {
      return `unknown field ${i.keys.map((k) => `"${k}"`).join(", ")}; see the Fault type for the fields of each kind`;
    }
    const where = i.path.join(".");
    return where && !i.message.startsWith(String(i.path[0])) ? `${where}: ${i.message}` : i.message;
  });
  throw new FaultSpecError(`invalid fault: ${problems.join("; ")}`);
}

/** A fault's path target as a RegExp over the API path. */
export function compilePath(path: FaultSpec["path"]): RegExp {
  // A caller's /g or /y RegExp would carry lastIndex from one test to the next.
  if (path instanceof RegExp) return new RegExp(path.source, path.flags.replace(/[gy]/g, ""));
  if (path === undefined || path === "*" || path === "**") return /^/;
  if (path.startsWith("re:")) return new RegExp(path.slice(3));
  const src = path
    .split(/(\*\*|\*)/)
    .map((part) =>
      part === "**" ? ".*" : part === "*" ? "[^/]*" : part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"),
    )
    .join("");
  // The route table accepts a trailing slash, so a pattern does too.
  return new RegExp(`^${src.replace(/\/$/, "")}/?$`);
}

/** Why a path pattern string cannot be used, or undefined when it can. */
function pathProblem(p: string): string | undefined {
  if (p.startsWith("re:")) return regexProblem(p.slice(3));
  if (p === "*" || p === "**") return undefined;
  if (!p.startsWith("/"))
    return `path "${p}" must start with / (e.g. /sources), be * for any path, or re:<regex>`;
  const prefixed = /^\/(v1|api\/public\/v1)(\/|$)/.exec(p);
  if (prefixed) {
    return `path "${p}" is matched without the API prefix: write ${p.slice(prefixed[0].length - 1) || "/"}`;
  }
  return undefined;
}

function regexProblem(source: string): string | undefined {
  try {
    new RegExp(source);
    return undefined;
  } catch (e) {
    return `"${source}" is not a regular expression: ${(e as Error).message}`;
  }
}
