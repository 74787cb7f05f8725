import { describe, expect, it } from "vitest";
import {
  backoffDelay,
  isIdempotent,
  isRetryable,
  MAX_RETRY_AFTER_MS,
  parseRetryAfter,
  retryDelay,
} from "../../provider/api/retry.js";

describe("parseRetryAfter", () => {
  const now = Date.parse("2026-01-01T00:00:00Z");

  it("reads delta-seconds", () => {
    expect(parseRetryAfter({ "retry-after": "2" }, now)).toBe(2000);
    expect(parseRetryAfter({ "retry-after": " 0 " }, now)).toBe(0);
    expect(parseRetryAfter({ "retry-after": "1.5" }, now)).toBe(1500);
  });

  it("reads an HTTP date relative to now, never negative", () => {
    expect(parseRetryAfter({ "retry-after": "Thu, 01 Jan 2026 00:00:05 GMT" }, now)).toBe(5000);
    expect(parseRetryAfter({ "retry-after": "Wed, 31 Dec 2025 23:59:00 GMT" }, now)).toBe(0);
  });

  it("prefers retry-after-ms", () => {
    expect(parseRetryAfter({ "retry-after-ms": "120", "retry-after": "9" }, now)).toBe(120);
  });

  it("caps what the server asks for", () => {
    expect(parseRetryAfter({ "retry-after": "3600" }, now)).toBe(MAX_RETRY_AFTER_MS);
    expect(parseRetryAfter({ "retry-after": "Fri, 02 Jan 2026 00:00:00 GMT" }, now)).toBe(MAX_RETRY_AFTER_MS);
  });

  it("ignores absent or garbage values", () => {
    expect(parseRetryAfter({}, now)).toBeUndefined();
    expect(parseRetryAfter({ "retry-after": "" }, now)).toBeUndefined();
    expect(parseRetryAfter({ "retry-after": "soon" }, now)).toBeUndefined();
    expect(parseRetryAfter({ "retry-after": "-5" }, now)).toBeUndefined();
    expect(parseRetryAfter({ "retry-after": "1 2" }, now)).toBeUndefined();
  });

  it("accepts undici's array-valued headers", () => {
    expect(parseRetryAfter({ "retry-after": ["3"] }, now)).toBe(3000);
  });
});

describe("backoffDelay", () => {
  const opts = { baseMs: 250, maxMs: 8000 };

  it("draws from [0, base * 2^attempt)", () => {
    expect(backoffDelay(0, opts, () => 0)).toBe(0);
    expect(backoffDelay(0, opts, () => 0.999999)).toBe(249);
    expect(backoffDelay(1, opts, () => 0.5)).toBe(250);
    expect(backoffDelay(3, opts, () => 0.5)).toBe(1000);
  });

  it("is capped", () => {
    expect(backoffDelay(10, opts, () => 0.999999)).toBe(7999);
    expect(backoffDelay(1000, opts, () => 0.5)).toBe(4000);
  });

  it("retryDelay uses Retry-After when given, backoff otherwise", () => {
    expect(retryDelay(0, { "retry-after": "2" }, opts, () => 0)).toBe(2000);
    expect(retryDelay(2, {}, opts, () => 0.5)).toBe(500);
    expect(retryDelay(2, undefined, opts, () => 0.5)).toBe(500);
  });
});

describe("isRetryable", () => {
  const status = (s: number) => ({ kind: "status", status: s }) as const;
  const net = (code: string | undefined) => ({ kind: "network", code }) as const;

  it("knows which methods are idempotent", () => {
    expect(["GET", "PUT", "DELETE", "get"].map(isIdempotent)).toEqual([true, true, true, true]);
    expect(["POST", "PATCH"].map(isIdempotent)).toEqual([false, false]);
  });

  it("an idempotent call retries on 429/502/503/504 and network failures", () => {
    for (const s of [429, 502, 503, 504]) expect(isRetryable(true, status(s))).toBe(true);
    for (const c of [
      "ECONNREFUSED",
      "ECONNRESET",
      "UND_ERR_SOCKET",
      "UND_ERR_HEADERS_TIMEOUT",
      "ENOTFOUND",
    ]) {
      expect(isRetryable(true, net(c))).toBe(true);
    }
  });

  it("any other call retries only on 429 and failures before sending", () => {
    expect(isRetryable(false, status(429))).toBe(true);
    for (const s of [500, 502, 503, 504]) expect(isRetryable(false, status(s))).toBe(false);
    expect(isRetryable(false, net("ECONNREFUSED"))).toBe(true);
    expect(isRetryable(false, net("UND_ERR_CONNECT_TIMEOUT"))).toBe(true);
    for (const c of [
      "ECONNRESET",
      "UND_ERR_SOCKET",
      "EPIPE",
      "UND_ERR_HEADERS_TIMEOUT",
      "UND_ERR_BODY_TIMEOUT",
    ]) {
      expect(isRetryable(false, net(c))).toBe(false);
    }
  });

  it("never retries client errors, 500, or unknown network failures", () => {
    for (const s of [400, 401, 403, 404, 409, 422, 500, 501])
      expect(isRetryable(true, status(s))).toBe(false);
    expect(isRetryable(true, net(undefined))).toBe(false);
    expect(isRetryable(true, net("UND_ERR_INVALID_ARG"))).toBe(false);
  });
});
