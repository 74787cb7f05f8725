/**
 * Retry policy: which failures are retried, and how long to wait. Pure functions, so the rules can be
 * tested without a network.
 *
 * The rule that matters most: a write is never retried when it may already have been applied. A POST that
 * got a 502/503/504, or whose connection broke after the request went out, may have created the resource;
 * retrying would create a second one. Only failures that prove the server did not act are retried for a
 * call that is not idempotent: a 429 (rejected before processing) and a connection that was never
 * established. Whether a call is idempotent is said by the caller (`ApiRequest.idempotent`), defaulting to
 * what its method promises ({@link isIdempotent}).
 */

/** HTTP methods the client uses. */
export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** Statuses worth retrying: rate limiting and gateway/availability failures. */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);

/**
 * Network error codes raised before any byte of the request reached the server (DNS, refused or timed-out
 * connect). Codes are Node's and undici's stable `code`s, not messages.
 */
export const PRE_SEND_ERROR_CODES: ReadonlySet<string> = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EADDRNOTAVAIL",
  "UND_ERR_CONNECT_TIMEOUT",
]);

/**
 * Network error codes where the request may have been sent: the connection broke or the response did not
 * come in time. Retried for idempotent methods only.
 */
export const IN_FLIGHT_ERROR_CODES: ReadonlySet<string> = new Set([
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "UND_ERR_SOCKET",
  "UND_ERR_CLOSED",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
]);

/** True for methods whose repetition has the same effect as one call (RFC 9110 §9.2.2). */
export function isIdempotent(method: string): boolean {
  const m = method.toUpperCase();
  return m === "GET" || m === "PUT" || m === "DELETE" || m === "HEAD" || m === "OPTIONS";
}

/** What happened on an attempt, as far as retrying is concerned. */
export type AttemptOutcome =
  | { readonly kind: "status"; readonly status: number }
  | { readonly kind: "network"; readonly code: string | undefined };

/**
 * Whether an attempt that ended with `outcome` may be retried (the retry budget is checked elsewhere).
 * Idempotent calls retry on 429/502/503/504 and on any known network failure; others only on 429 and on
 * failures before the request was sent.
 * @param idempotent - Whether repeating the call has the effect of one call: {@link isIdempotent} of its
 *   method, or what the caller knows of a POST without side effects (asking for a token).
 * @param outcome - How the attempt ended.
 */
export function isRetryable(idempotent: boolean, outcome: AttemptOutcome): boolean {
  if (outcome.kind === "status") {
    if (!RETRYABLE_STATUSES.has(outcome.status)) return false;
    return idempotent || outcome.status === 429;
  }
  if (outcome.code === undefined) return false;
  if (PRE_SEND_ERROR_CODES.has(outcome.code)) return true;
  return idempotent && IN_FLIGHT_ERROR_CODES.has(outcome.code);
}

/** Backoff parameters. */
export interface BackoffOptions {
  /** First delay ceiling; doubles per attempt. */
  readonly baseMs: number;
  /** Largest delay ceiling. */
  readonly maxMs: number;
}

/** Default backoff: 250 ms doubling up to 8 s. The one place these numbers are written. */
export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 250, maxMs: 8_000 };

/** Largest wait taken from a `Retry-After` header; a server asking for more is waited on for this long. */
export const MAX_RETRY_AFTER_MS = 60_000;

/**
 * Exponential backoff with full jitter: a uniform draw from `[0, min(maxMs, baseMs * 2^attempt))`. Full
 * jitter spreads the retries of the many parallel resource operations Pulumi runs, instead of having them
 * hit the server again in lockstep.
 * @param attempt - 0 for the first retry.
 * @param opts - Base and cap.
 * @param random - A source in [0, 1), injectable for tests.
 */
export function backoffDelay(
  attempt: number,
  opts: BackoffOptions = DEFAULT_BACKOFF,
  random = Math.random,
): number {
  const ceiling = Math.min(opts.maxMs, opts.baseMs * 2 ** Math.max(0, attempt));
  return Math.floor(random() * ceiling);
}

/** Reads a header from a plain record or undici's `IncomingHttpHeaders` (string or string[] values). */
function header(
  headers: Readonly<Record<string, string | string[] | undefined>>,
  name: string,
): string | undefined {
  const v = headers[name] ?? headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * The wait a response asks for, in ms: `retry-after-ms` (milliseconds, a de-facto extension), else
 * `Retry-After` as delta-seconds or an HTTP date. Undefined when absent or unparsable; clamped to
 * [0, {@link MAX_RETRY_AFTER_MS}].
 * @param headers - Response headers, lower-case names.
 * @param now - Current time in ms, injectable for tests.
 */
export function parseRetryAfter(
  headers: Readonly<Record<string, string | string[] | undefined>>,
  now: number = Date.now(),
): number | undefined {
  const clamp = (ms: number): number => Math.min(MAX_RETRY_AFTER_MS, Math.max(0, Math.ceil(ms)));
  const ms = header(headers, "retry-after-ms")?.trim();
  if (ms !== undefined && /^\d+(\.\d+)?$/.test(ms)) return clamp(Number(ms));
  const value = header(headers, "retry-after")?.trim();
  if (value === undefined || value === "") return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return clamp(Number(value) * 1000);
  // An HTTP date must name a weekday or month; Date.parse alone would accept strings like "1 2".
  if (!/[a-z]/i.test(value)) return undefined;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : clamp(date - now);
}

/**
 * The delay before retry number `attempt` (0-based): what the server asked for when it said, otherwise
 * jittered exponential backoff.
 */
export function retryDelay(
  attempt: number,
  headers: Readonly<Record<string, string | string[] | undefined>> | undefined,
  opts: BackoffOptions = DEFAULT_BACKOFF,
  random = Math.random,
  now: number = Date.now(),
): number {
  const asked = headers === undefined ? undefined : parseRetryAfter(headers, now);
  return asked ?? backoffDelay(attempt, opts, random);
}
