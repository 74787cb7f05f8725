/**
 * The fault runtime: the armed faults of one emulator, and what they do to each request. The
 * dispatcher asks {@link FaultSet.plan} before it runs a request; this file knows nothing of HTTP.
 * What a fault is lives in `fault-model.ts`, its command-line form in `fault-grammar.ts`.
 */
import { actionLabel, describeFault, parseFaultSpec } from "./fault-grammar.js";
import { compilePath, type Fault, type FaultSpec, parseFault, TOKEN_PATH } from "./fault-model.js";

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

/** What an outcome fault makes of a request; at most one decides what a request gets. */
export type FaultOutcome =
  | { kind: "status"; status: number; headers?: Record<string, string>; body?: unknown }
  | { kind: "drop" }
  | { kind: "reset" };

/** What the faults do to one request. */
export interface FaultPlan {
  /** Replaces the normal answer; absent: the request runs and is answered as usual. */
  outcome?: FaultOutcome;
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

  /**
   * Validates and arms a fault, given as an object or in the `--fault` grammar; returns its
   * description. Throws a `FaultSpecError` naming what is wrong.
   */
  add(input: Fault | string): FaultInfo {
    const spec = typeof input === "string" ? parseFaultSpec(input) : parseFault(input);
    const unlimited =
      spec.times === "always" ||
      (spec.times === undefined && (!ONE_SHOT.has(spec.kind) || spec.probability !== undefined));
    const f: ActiveFault = {
      id: `f${this.nextId++}`,
      spec,
      regex: compilePath(spec.path),
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
