/**
 * The `--fault` command-line grammar, `[METHOD] [PATH] ACTION [OPTION ...]`: parsed into the fault
 * model (`fault-model.ts`), and a fault written back in it for the request log, `--verbose` and
 * the fault listings. {@link FAULT_SPEC_HELP} is its description in `--help` and in every error.
 */
import { type FaultSpec, FaultSpecError, METHODS, parseFault } from "./fault-model.js";

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
 * retry-after=2` into the fault model, validated by its schema. Throws a
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
    return parseFault(out);
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

/** The spec grammar's action word of a fault: what the request log records when it fires. */
export function actionLabel(f: FaultSpec): string {
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
export function describeFault(f: FaultSpec): string {
  const path = f.path instanceof RegExp ? `re:${f.path.source}` : (f.path ?? "*");
  const when: string[] = [];
  if (f.times !== undefined) when.push(f.times === "always" ? "always" : `x${f.times}`);
  if (f.probability !== undefined) when.push(`p=${f.probability}`, `seed=${f.seed ?? 1}`);
  return [f.method ?? "*", path, actionLabel(f), ...when].join(" ");
}
