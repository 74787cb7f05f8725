/**
 * Faults on demand: the one fault model that `startEmulator({ faults })`, `emulator.faults.inject()`,
 * the `/_emulator/faults` test-hook route and the `--fault <spec>` command-line switch all share.
 *
 * A fault targets a method (or any) and a path pattern over the API path (without the `/v1` or
 * `/api/public/v1` prefix), and fires for the first N matches or with a probability drawn from a
 * seeded PRNG, so a fixed seed gives the same sequence on every run. The dispatcher asks
 * {@link FaultSet.plan} what the faults do to each request; this file knows nothing of HTTP.
 */
import { z } from "zod";

/** The API path of the token endpoint: the only requests a `tokenTtl` fault acts on. */
const TOKEN_PATH = "/applications/token";

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"] as const;

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
   * only, as it always did.
   */
  path: pathPattern.optional(),
  /** A RegExp source; the older spelling of `path: "re:…"`, kept for the test-hook route's callers. */
  pathPattern: z.string().optional(),
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

/** The fault kinds, one object shape each, discriminated by `kind`. */
const kindSchema = z.discriminatedUnion(
  "kind",
  [
    /** Answers with this status, headers and body instead of running the request. */
    z.strictObject({
      kind: z.literal("status"),
      status: z
        .number({ error: "status must be an HTTP status code 100-599, e.g. 429 or 503" })
        .int({ error: "status must be an HTTP status code 100-599, e.g. 429 or 503" })
        .min(100, { error: "status must be an HTTP status code 100-599, e.g. 429 or 503" })
        .max(599, { error: "status must be an HTTP status code 100-599, e.g. 429 or 503" }),
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
);

/**
 * The fault model. Besides the kinds above it accepts the older shape, `{ method?, path, status,
 * times?, headers?, body? }` without `kind`, as a `status` fault, and ignores `null` fields (JSON
 * callers send them for "absent").
 */
export const faultSchema = z
  .preprocess((raw) => {
    if (typeof raw !== "object" || raw === null || Array.isArray(raw) || raw instanceof RegExp) return raw;
    const o = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== null && v !== undefined));
    if (!("kind" in o) && "status" in o) o.kind = "status";
    return o;
  }, kindSchema)
  .superRefine((f, ctx) => {
    if (f.path !== undefined && f.pathPattern !== undefined) {
      ctx.addIssue({ code: "custom", path: ["pathPattern"], message: "give path or pathPattern, not both" });
    }
    if (f.pathPattern !== undefined) {
      const problem = regexProblem(f.pathPattern);
      if (problem) ctx.addIssue({ code: "custom", path: ["pathPattern"], message: problem });
    }
    if (f.kind === "tokenTtl" && !compilePath(f).test(TOKEN_PATH)) {
      ctx.addIssue({
        code: "custom",
        path: ["path"],
        message: `a tokenTtl fault acts on ${TOKEN_PATH} only; leave the path out or give ${TOKEN_PATH}`,
      });
    }
  });

/** A fault as callers give it: one of the kinds, or the older `status` shape without `kind`. */
export type Fault =
  | z.input<typeof kindSchema>
  | (Omit<Extract<z.input<typeof kindSchema>, { kind: "status" }>, "kind"> & { kind?: undefined });

/** A validated fault, with defaults applied. */
export type FaultSpec = z.output<typeof kindSchema>;

/** A fault spec that is not valid; the message names the part and how to fix it. */
export class FaultSpecError extends Error {
  override readonly name = "FaultSpecError";
}

/** Validates a fault given as an object or as a command-line spec string (see {@link parseFaultSpec}). */
export function parseFault(input: Fault | string): FaultSpec {
  if (typeof input === "string") return parseFaultSpec(input);
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

/** The command-line grammar, for `--help` and errors. */
export const FAULT_SPEC_HELP = `fault spec: "[METHOD] [PATH] ACTION [OPTION ...]"
  METHOD  GET, POST, PUT, PATCH, DELETE or * (default: any)
  PATH    the API path without /v1: /sources, /connections/* (* one segment, ** anything),
          * for any path (default), or re:<regex>
  ACTION  <status>            answer with it: 429, 500, 502, 503, 504 ...
          drop                run the request (the write happens), then close without an answer
          reset               reset the connection before the request runs (nothing happens)
          delay=<ms>          hold the answer that long (200, 200ms, 2s)
          rate=<n>/<window>   n requests per window (s, 2s, 500ms), then 429 with Retry-After
          token-ttl=<s>       tokens issued from now on expire after s seconds
  OPTION  x<n> or times=<n>   fire on the first n matches; always: on every match
          (default: once for a status, drop and reset; always for the others)
          p=<0..1> seed=<int> fire with that probability, from a PRNG with that seed (default 1)
          retry-after=<s>     Retry-After header of a status answer
          header=<Name>:<v>   any header of a status answer (repeatable)
          body=<text|json>    body of a status answer; the rest of the spec
  e.g. "POST /sources drop", "* /connections/* 503 x3", "* * rate=10/s", "token-ttl=2"`;

const HINT = `\n${FAULT_SPEC_HELP}`;

/**
 * Parses a command-line fault spec such as `POST /sources drop` or `* /connections/* 503 x3
 * retry-after=2` into the fault model, validated by {@link faultSchema}. Throws a
 * {@link FaultSpecError} naming the part that is wrong and the fix.
 */
export function parseFaultSpec(spec: string): FaultSpec {
  function fail(why: string): never {
    throw new FaultSpecError(`fault "${spec}": ${why}${HINT}`);
  }
  // body= takes the rest of the spec, so a JSON body may hold spaces.
  const bodyAt = spec.search(/(^|\s)body=/);
  const head = bodyAt < 0 ? spec : spec.slice(0, bodyAt);
  const bodyText = bodyAt < 0 ? undefined : spec.slice(bodyAt).trimStart().slice("body=".length);
  const tokens = head
    .trim()
    .split(/\s+/)
    .filter((t) => t.length > 0);
  if (tokens.length === 0 && bodyText === undefined) fail("it is empty; give at least an action");

  const out: Record<string, unknown> = {};
  let i = 0;
  const isAction = (t: string): boolean =>
    /^\d+$/.test(t) || t === "drop" || t === "reset" || /^(delay|rate|token-ttl)=/.test(t);
  const looksLikePath = (t: string): boolean =>
    t.startsWith("/") || t.startsWith("re:") || t === "*" || t === "**";
  // METHOD: a method name, or `*` when a path or an action follows it.
  const first = tokens[0];
  if (first !== undefined && !isAction(first) && !looksLikePath(first)) {
    if (!/^[A-Za-z]+$/.test(first) || !(METHODS as readonly string[]).includes(first.toUpperCase())) {
      fail(`"${first}" is neither a method (${METHODS.join(", ")}, *) nor a path (/sources, *, re:…)`);
    }
    out.method = first;
    i++;
  } else if (first === "*" && tokens[1] !== undefined && !isAction(tokens[1])) {
    out.method = "*";
    i++;
  }
  const maybePath = tokens[i];
  if (maybePath !== undefined && looksLikePath(maybePath)) {
    out.path = maybePath;
    i++;
  }
  const action = tokens[i];
  if (action === undefined) {
    fail(
      bodyText === undefined
        ? "no action; add one: a status (503), drop, reset, delay=<ms>, rate=<n>/<window> or token-ttl=<s>"
        : "no action before body=; body= must come last, after the status",
    );
  }
  const act = action;
  i++;
  const value = (t: string): string => t.slice(t.indexOf("=") + 1);
  if (/^\d+$/.test(act)) {
    out.kind = "status";
    out.status = Number(act);
  } else if (act === "drop" || act === "reset") {
    out.kind = act;
  } else if (act.startsWith("delay=")) {
    out.kind = "latency";
    out.ms =
      duration(value(act), "ms") ??
      fail(`"${act}": delay needs a duration in ms, e.g. delay=200 or delay=2s`);
  } else if (act.startsWith("rate=")) {
    const m = /^(\d+)(?:\/(.*))?$/.exec(value(act));
    const windowMs = m ? (m[2] === undefined ? 1000 : duration(m[2], "s", true)) : undefined;
    if (!m || windowMs === undefined || Number(m[1]) < 1) {
      fail(`"${act}": rate needs <n>/<window> with n ≥ 1, e.g. rate=10/s, rate=5/2s or rate=3/500ms`);
    }
    out.kind = "rateLimit";
    out.requests = Number(m[1]);
    out.windowMs = windowMs;
  } else if (act.startsWith("token-ttl=")) {
    out.kind = "tokenTtl";
    const ms = duration(value(act), "s");
    if (ms === undefined || ms % 1000 !== 0) {
      fail(`"${act}": token-ttl needs whole seconds, e.g. token-ttl=2 or token-ttl=2s`);
    }
    out.seconds = ms / 1000;
  } else {
    fail(
      `"${act}" is not an action; use a status (429, 503), drop, reset, delay=<ms>, rate=<n>/<window> or token-ttl=<s>` +
        (looksLikePath(act) ? " (the path comes once, after the method)" : ""),
    );
  }

  const hdrs: Record<string, string> = {};
  const statusOnly = (opt: string): void => {
    if (out.kind !== "status") fail(`"${opt}" applies to a status answer only, not to ${act}`);
  };
  for (const opt of tokens.slice(i)) {
    const count = /^(?:x|times=)(\d+)$/.exec(opt);
    if (count) {
      if (Number(count[1]) < 1) fail(`"${opt}": the count must be at least 1`);
      out.times = Number(count[1]);
    } else if (opt === "always") {
      out.times = "always";
    } else if (opt.startsWith("p=")) {
      const p = value(opt);
      if (!/^(0(\.\d+)?|1(\.0+)?|\.\d+)$/.test(p))
        fail(`"${opt}": p needs a probability between 0 and 1, e.g. p=0.25`);
      out.probability = Number(p);
    } else if (opt.startsWith("seed=")) {
      if (!/^-?\d+$/.test(value(opt))) fail(`"${opt}": seed needs an integer, e.g. seed=42`);
      out.seed = Number(value(opt));
    } else if (opt.startsWith("retry-after=")) {
      statusOnly(opt);
      if (value(opt) === "") fail(`"${opt}": give the seconds, e.g. retry-after=2`);
      hdrs["Retry-After"] = value(opt);
    } else if (opt.startsWith("header=")) {
      statusOnly(opt);
      const h = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+):(.*)$/.exec(value(opt));
      if (!h?.[1] || h[2] === undefined)
        fail(`"${opt}": header needs <Name>:<value>, e.g. header=Retry-After:2`);
      hdrs[h[1]] = h[2];
    } else if (isAction(opt)) {
      fail(`"${opt}": one action per fault; give another --fault for a second one`);
    } else {
      fail(
        `"${opt}" is not an option; use x<n>, times=<n>, always, p=<0..1>, seed=<int>, retry-after=<s>, header=<Name>:<v> or body=…`,
      );
    }
  }
  if (Object.keys(hdrs).length > 0) out.headers = hdrs;
  if (bodyText !== undefined) {
    statusOnly("body=");
    try {
      out.body = JSON.parse(bodyText) as unknown;
    } catch {
      out.body = bodyText;
    }
  }
  try {
    return parseFault(out as Fault);
  } catch (e) {
    return fail((e as Error).message.replace(/^invalid fault: /, ""));
  }
}

/** `200`, `200ms`, `2s`; `unit` for a bare number. `1`-less `s`/`ms` (as in `rate=10/s`) only when `bare`. */
function duration(text: string, unit: "ms" | "s", bare = false): number | undefined {
  const m = (bare ? /^(\d*)(ms|s)?$/ : /^(\d+)(ms|s)?$/).exec(text);
  if (!m || (m[1] === "" && m[2] === undefined)) return undefined;
  const n = m[1] === "" ? 1 : Number(m[1]);
  const u = m[2] ?? unit;
  const ms = u === "s" ? n * 1000 : n;
  return ms > 0 || !bare ? ms : undefined;
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

/** The fault's path target as a RegExp over the API path. */
function compilePath(f: Pick<FaultSpec, "path" | "pathPattern">): RegExp {
  if (f.pathPattern !== undefined) return new RegExp(f.pathPattern);
  const p = f.path;
  // A caller's /g or /y RegExp would carry lastIndex from one test to the next.
  if (p instanceof RegExp) return new RegExp(p.source, p.flags.replace(/[gy]/g, ""));
  if (p === undefined || p === "*" || p === "**") return /^/;
  if (p.startsWith("re:")) return new RegExp(p.slice(3));
  const src = p
    .split(/(\*\*|\*)/)
    .map((part) =>
      part === "**" ? ".*" : part === "*" ? "[^/]*" : part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"),
    )
    .join("");
  // The route table accepts a trailing slash, so a pattern does too.
  return new RegExp(`^${src.replace(/\/$/, "")}/?$`);
}

/** The spec grammar's action word of a fault: what the request log records when it fires. */
function actionLabel(f: FaultSpec): string {
  switch (f.kind) {
    case "status":
      return String(f.status);
    case "drop":
    case "reset":
      return f.kind;
    case "latency":
      return `delay=${f.ms}ms`;
    case "rateLimit":
      return `rate=${f.requests}/${f.windowMs}ms`;
    case "tokenTtl":
      return `token-ttl=${f.seconds}s`;
  }
}

/** A fault in the spec grammar, e.g. `POST /sources drop x1`. */
function describeFault(f: FaultSpec): string {
  const path =
    f.pathPattern !== undefined
      ? `re:${f.pathPattern}`
      : f.path instanceof RegExp
        ? `re:${f.path.source}`
        : (f.path ?? "*");
  const when: string[] = [];
  if (f.times !== undefined) when.push(f.times === "always" ? "always" : `x${f.times}`);
  if (f.probability !== undefined) when.push(`p=${f.probability}`, `seed=${f.seed ?? 1}`);
  return [f.method ?? "*", path, actionLabel(f), ...when].join(" ");
}

/**
 * Mulberry32: a small, fast PRNG whose sequence depends only on its seed (for faults, and for
 * tests that need the same "random" point on every run).
 */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An injected fault, as listed by {@link FaultSet.list} and the test-hook route. */
export interface FaultInfo {
  /** Handle for {@link FaultSet.remove} and `DELETE /_emulator/faults/<id>`. */
  id: string;
  /** The fault in the spec grammar. */
  spec: string;
  kind: FaultSpec["kind"];
  /** How many times it has fired. */
  fired: number;
  /** Fires left; null for unlimited. */
  remaining: number | null;
}

interface ActiveFault {
  id: string;
  spec: FaultSpec;
  regex: RegExp;
  method?: string;
  remaining: number;
  fired: number;
  random: () => number;
  /** Rate limit: start of the current window and matches let through in it. */
  windowStart: number;
  windowCount: number;
}

/** The outcome faults: at most one decides what a request gets. */
type Outcome =
  | { kind: "status"; status: number; headers?: Record<string, string>; body?: unknown }
  | { kind: "drop" }
  | { kind: "reset" };

/** What the faults do to one request. */
export interface FaultPlan {
  /** Replaces the normal answer; absent: the request runs and is answered as usual. */
  outcome?: Outcome;
  /** Hold the answer this long; 0 for none. */
  delayMs: number;
  /** Lifetime of tokens this request issues; absent: the emulator's default. */
  tokenTtlSeconds?: number;
  /** The action of each fault that fired, in the spec grammar (`503`, `drop`, `delay=200ms` …). */
  fired: string[];
  /** The full spec of each fault that fired, for the log. */
  specs: string[];
}

const ONE_SHOT: ReadonlySet<FaultSpec["kind"]> = new Set(["status", "drop", "reset"]);

/**
 * The injected faults, in injection order. A request gets the first outcome fault (status, drop,
 * reset, rate limit) that fires, plus every latency fault that fires (their delays add up) and the
 * first token-lifetime fault that fires: so a standing `delay=` does not hide a later `drop`.
 */
export class FaultSet {
  private faults: ActiveFault[] = [];
  private nextId = 1;

  /** Validates and adds a fault; returns its description. Throws {@link FaultSpecError}. */
  add(input: Fault | string): FaultInfo {
    const spec = parseFault(input);
    const unlimited =
      spec.times === "always" ||
      (spec.times === undefined && (!ONE_SHOT.has(spec.kind) || spec.probability !== undefined));
    const f: ActiveFault = {
      id: `f${this.nextId++}`,
      spec,
      regex: compilePath(spec),
      method: spec.method === "*" ? undefined : spec.method,
      remaining: unlimited ? Number.POSITIVE_INFINITY : ((spec.times as number | undefined) ?? 1),
      fired: 0,
      random: prng(spec.seed ?? 1),
      windowStart: 0,
      windowCount: 0,
    };
    this.faults.push(f);
    return info(f);
  }

  /** Drops every fault. */
  clear(): void {
    this.faults = [];
  }

  /** Drops one fault; false when there is none with that id. */
  remove(id: string): boolean {
    const before = this.faults.length;
    this.faults = this.faults.filter((f) => f.id !== id);
    return this.faults.length < before;
  }

  /** The faults still armed, in injection order. */
  list(): FaultInfo[] {
    return this.faults.map(info);
  }

  /**
   * Decides, for a request arriving now, which faults fire, and spends their counts, PRNG draws
   * and rate-limit windows. Synchronous, so concurrent requests are decided in arrival order.
   */
  plan(method: string, path: string, now = Date.now()): FaultPlan {
    const plan: FaultPlan = { delayMs: 0, fired: [], specs: [] };
    let decided = false;
    for (const f of this.faults) {
      if ((f.method && f.method !== method) || !f.regex.test(path)) continue;
      const { spec } = f;
      if (spec.kind === "tokenTtl" && (path !== TOKEN_PATH || plan.tokenTtlSeconds !== undefined)) continue;
      let retryAfter: number | undefined;
      if (spec.kind === "rateLimit") {
        // A fixed window from its first request. Every request it lets through counts, also one an
        // earlier fault then drops or delays: it reached the server all the same.
        if (now - f.windowStart >= spec.windowMs) {
          f.windowStart = now;
          f.windowCount = 0;
        }
        if (f.windowCount < spec.requests) {
          f.windowCount++;
          continue;
        }
        retryAfter = Math.max(1, Math.ceil((f.windowStart + spec.windowMs - now) / 1000));
      }
      if (spec.kind !== "latency" && spec.kind !== "tokenTtl" && decided) continue;
      if (f.remaining <= 0) continue;
      // Every match of a probabilistic fault draws once, so the sequence depends only on the seed
      // and the order of matching requests.
      if (spec.probability !== undefined && !(f.random() < spec.probability)) continue;
      f.remaining--;
      f.fired++;
      plan.fired.push(actionLabel(spec));
      plan.specs.push(`${f.id} ${describeFault(spec)}`);
      switch (spec.kind) {
        case "latency":
          plan.delayMs += spec.ms;
          break;
        case "tokenTtl":
          plan.tokenTtlSeconds = spec.seconds;
          break;
        case "rateLimit":
          plan.outcome = { kind: "status", status: 429, headers: { "Retry-After": String(retryAfter) } };
          decided = true;
          break;
        case "status":
          plan.outcome = { kind: "status", status: spec.status, headers: spec.headers, body: spec.body };
          decided = true;
          break;
        default:
          plan.outcome = { kind: spec.kind };
          decided = true;
      }
    }
    // Spent one-shot faults leave the list, so list() shows what is still armed.
    this.faults = this.faults.filter((f) => f.remaining > 0);
    return plan;
  }
}

function info(f: ActiveFault): FaultInfo {
  return {
    id: f.id,
    spec: describeFault(f.spec),
    kind: f.spec.kind,
    fired: f.fired,
    remaining: Number.isFinite(f.remaining) ? f.remaining : null,
  };
}
