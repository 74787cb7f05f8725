/**
 * Credentials, the token request and the access-token cache.
 *
 * Airbyte's client-credentials tokens are short-lived (15 min on current servers, 3 min on older Cloud).
 * Pulumi runs many resource operations in parallel in one provider process, so tokens are cached
 * process-wide per (server, client id, secret), refreshed ahead of expiry, and concurrent refreshes
 * share one request.
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import { AuthenticationError } from "./errors.js";
import type { ApiRequest } from "./request-options.js";
import { trimServerUrl } from "./url.js";

/**
 * How the client authenticates: an application's client credentials (exchanged for short-lived tokens),
 * or a ready-made bearer token used as is.
 */
export type AirbyteCredentials = { clientId: string; clientSecret: string } | { bearerToken: string };

/** True for the client-credentials variant of {@link AirbyteCredentials}. */
export function isClientCredentials(c: AirbyteCredentials): c is { clientId: string; clientSecret: string } {
  return "clientId" in c && "clientSecret" in c;
}

/**
 * A key for one credential at one server that holds no secret: the secret or token is hashed, so it never
 * sits in a map key (heap snapshots, debug dumps), yet a rotated secret still gets its own key. Every cache
 * kept per credential (tokens here, clients in the provider) keys by this.
 * @param serverUrl - The API base; trailing slashes do not matter.
 * @param credentials - Client credentials or a bearer token.
 */
export function credentialsKey(serverUrl: string, credentials: AirbyteCredentials): string {
  const url = trimServerUrl(serverUrl);
  return isClientCredentials(credentials)
    ? JSON.stringify([url, credentials.clientId, sha256(credentials.clientSecret)])
    : JSON.stringify([url, "bearer", sha256(credentials.bearerToken)]);
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
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

  /** The cache key: {@link credentialsKey} of the client credentials, which holds no secret. */
  static key(serverUrl: string, clientId: string, clientSecret: string): string {
    return credentialsKey(serverUrl, { clientId, clientSecret });
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

/**
 * `PublicAccessTokenResponse` from `POST /applications/token`. `expires_in` (seconds) is required by the
 * spec; a server that leaves it out gets the old Cloud lifetime of 3 minutes.
 */
export const TokenResponseSchema = z.looseObject({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.number().positive().optional(),
});
/** See {@link TokenResponseSchema}. */
export type TokenResponse = z.infer<typeof TokenResponseSchema>;

/** A token lifetime assumed when the server does not send `expires_in`: the old Cloud default. */
const FALLBACK_TOKEN_LIFETIME_S = 180;

/** Sends a request for the authenticator: the transport's own `request`, with `anonymous` set. */
export type TokenRequestSender = (
  request: ApiRequest & { schema: typeof TokenResponseSchema },
) => Promise<TokenResponse>;

/**
 * Exchanges client credentials for a token (`POST /applications/token`). A 401 is reported as an
 * {@link AuthenticationError} that says it was the credentials, not a token, that were rejected.
 * @param send - Sends the request.
 * @param serverUrl - The API base, for the message.
 * @param credentials - The application's client id and secret.
 */
export async function requestToken(
  send: TokenRequestSender,
  serverUrl: string,
  credentials: { clientId: string; clientSecret: string },
): Promise<IssuedToken> {
  try {
    const res = await send({
      method: "POST",
      path: "/applications/token",
      anonymous: true,
      // Asking for a token changes nothing on the server, so losing the answer and asking again is safe.
      idempotent: true,
      // `grant-type` with a hyphen is the server's wire name; the spec's `grant_type` is a documentation bug
      // (the emulator's token route accepts both).
      body: {
        client_id: credentials.clientId,
        client_secret: credentials.clientSecret,
        "grant-type": "client_credentials",
      },
      schema: TokenResponseSchema,
    });
    return { accessToken: res.access_token, expiresInSeconds: res.expires_in ?? FALLBACK_TOKEN_LIFETIME_S };
  } catch (error) {
    if (!AuthenticationError.isInstance(error)) throw error;
    const errorId = error.problem?.errorId !== undefined ? `, errorId ${error.problem.errorId}` : "";
    throw new AuthenticationError(error.status, error.problem, error.request, {
      headers: error.headers,
      message:
        `Airbyte rejected the client credentials (POST /applications/token returned ${error.status}${errorId}). ` +
        `Check the client id and secret, and that ${trimServerUrl(serverUrl)} is the right Airbyte instance.`,
    });
  }
}

/** Where each call's bearer token comes from. */
export interface Authenticator {
  /** The token for the next attempt; shared with concurrent callers while it is valid. */
  token(): Promise<string>;
  /**
   * Reports that the server answered 401 to `token`. True when a fresh token may be fetched and the call
   * tried again (client credentials, whose token may have been revoked or expired early); false for a fixed
   * bearer token, which no retry can fix.
   */
  rejected(token: string): boolean;
}

/** Options of {@link createAuthenticator}. */
export interface AuthenticatorOptions {
  /** The API base. */
  readonly serverUrl: string;
  /** Client credentials or a bearer token. */
  readonly credentials: AirbyteCredentials;
  /** Where tokens are kept between calls. */
  readonly tokenCache: TokenCache;
  /** Sends the token request. */
  readonly send: TokenRequestSender;
}

/**
 * The authenticator of one credential: a bearer token as is, or client credentials exchanged for tokens
 * kept in `tokenCache`.
 */
export function createAuthenticator(opts: AuthenticatorOptions): Authenticator {
  const { credentials } = opts;
  if (!isClientCredentials(credentials)) {
    return { token: async () => credentials.bearerToken, rejected: () => false };
  }
  const key = credentialsKey(opts.serverUrl, credentials);
  return {
    token: () => opts.tokenCache.get(key, () => requestToken(opts.send, opts.serverUrl, credentials)),
    rejected: (token) => {
      opts.tokenCache.invalidate(key, token);
      return true;
    },
  };
}
