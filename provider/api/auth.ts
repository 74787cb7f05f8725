/**
 * Credentials and the access-token cache.
 *
 * Airbyte's client-credentials tokens are short-lived (15 min on current servers, 3 min on older Cloud).
 * Pulumi runs many resource operations in parallel in one provider process, so tokens are cached
 * process-wide per (server, client id, secret), refreshed ahead of expiry, and concurrent refreshes
 * share one request.
 */
import { createHash } from "node:crypto";

/**
 * How the client authenticates: an application's client credentials (exchanged for short-lived tokens),
 * or a ready-made bearer token used as is.
 */
export type AirbyteCredentials = { clientId: string; clientSecret: string } | { bearerToken: string };

/** True for the client-credentials variant of {@link AirbyteCredentials}. */
export function isClientCredentials(c: AirbyteCredentials): c is { clientId: string; clientSecret: string } {
  return "clientId" in c && "clientSecret" in c;
}

/** A token as returned by the token endpoint. */
export interface IssuedToken {
  /** The bearer token. */
  readonly accessToken: string;
  /** Lifetime in seconds, from `expires_in`. */
  readonly expiresInSeconds: number;
}

/** Largest head start taken on a token's expiry. */
export const MAX_REFRESH_MARGIN_MS = 60_000;

/**
 * How long before expiry a token is replaced: 60 s, or 10 % of its lifetime when that is smaller, so a
 * short-lived token is not refreshed on every call. The margin absorbs clock skew and request latency.
 */
export function refreshMarginMs(expiresInSeconds: number): number {
  return Math.min(MAX_REFRESH_MARGIN_MS, expiresInSeconds * 100);
}

interface Entry {
  token?: { value: string; refreshAt: number };
  inflight?: Promise<string>;
}

/** Options of {@link TokenCache}. */
export interface TokenCacheOptions {
  /** Clock in ms; injectable so tests can move time. */
  readonly now?: () => number;
}

/**
 * Access tokens per (server URL, client id, secret hash). Safe under concurrency: callers asking at the
 * same time while no valid token exists share one fetch.
 */
export class TokenCache {
  private readonly entries = new Map<string, Entry>();
  private readonly now: () => number;

  /** @param opts - Clock override. */
  constructor(opts: TokenCacheOptions = {}) {
    this.now = opts.now ?? Date.now;
  }

  /**
   * The cache key. The secret is hashed so that it never sits in a map key (heap snapshots, debug dumps),
   * yet a rotated secret still gets its own entry.
   */
  static key(serverUrl: string, clientId: string, clientSecret: string): string {
    const secretHash = createHash("sha256").update(clientSecret).digest("hex");
    return JSON.stringify([serverUrl.replace(/\/+$/, ""), clientId, secretHash]);
  }

  /**
   * A valid token for `key`, calling `fetch` only when none is cached or it is about to expire.
   * @param key - From {@link TokenCache.key}.
   * @param fetch - Gets a new token from the server.
   */
  async get(key: string, fetch: () => Promise<IssuedToken>): Promise<string> {
    let entry = this.entries.get(key);
    if (entry === undefined) {
      entry = {};
      this.entries.set(key, entry);
    }
    if (entry.token !== undefined && this.now() < entry.token.refreshAt) return entry.token.value;
    if (entry.inflight !== undefined) return entry.inflight;
    const e = entry;
    const started = this.now();
    const inflight = (async () => {
      try {
        const issued = await fetch();
        // Lifetime counts from the request, not the response, so a slow token call cannot overrun expiry.
        const lifetimeMs = issued.expiresInSeconds * 1000;
        e.token = {
          value: issued.accessToken,
          refreshAt: started + lifetimeMs - refreshMarginMs(issued.expiresInSeconds),
        };
        return issued.accessToken;
      } finally {
        e.inflight = undefined;
      }
    })();
    e.inflight = inflight;
    return inflight;
  }

  /**
   * Forgets the token of `key` after the server rejected it. With `token`, only that token is forgotten: when
   * several requests fail with the same stale token, the first refresh is not thrown away by the others.
   */
  invalidate(key: string, token?: string): void {
    const entry = this.entries.get(key);
    if (entry?.token === undefined) return;
    if (token === undefined || entry.token.value === token) entry.token = undefined;
  }

  /** Forgets every token. */
  clear(): void {
    this.entries.clear();
  }
}

/** The process-wide cache used by every client that is not given its own. */
export const defaultTokenCache: TokenCache = new TokenCache();
