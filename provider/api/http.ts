/**
 * The transport: one undici connection pool for the process, JSON in and out, bearer authentication with
 * token refresh, retries (see `retry.ts` for which), and typed errors.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { Agent, type Dispatcher, request as undiciRequest } from "undici";
import type { z } from "zod";
import { type AirbyteCredentials, defaultTokenCache, isClientCredentials, TokenCache } from "./auth.js";
import {
  AirbyteApiError,
  AirbyteConnectionError,
  AirbyteResponseValidationError,
  AirbyteTimeoutError,
  AuthenticationError,
  type RedactedRequest,
} from "./errors.js";
import { type HttpMethod, isRetryable, retryDelay } from "./retry.js";
import { TokenResponseSchema } from "./schemas.js";

/** Defaults of {@link TransportOptions}. */
export const TRANSPORT_DEFAULTS = {
  maxRetries: 4,
  /** Creating a connection runs a discover on the source, which takes minutes on big databases. */
  timeoutMs: 300_000,
  retryBaseDelayMs: 250,
  retryMaxDelayMs: 8_000,
  connectTimeoutMs: 10_000,
} as const;

/** A token lifetime assumed when the server does not send `expires_in`: the old Cloud default. */
const FALLBACK_TOKEN_LIFETIME_S = 180;

const PACKAGE_USER_AGENT = "pulumi-airbyte/0.1.0";

let sharedAgent: Agent | undefined;

/**
 * The process-wide connection pool. Keep-alive saves a TLS handshake per call when Pulumi works through
 * dozens of resources; the explicit timeouts replace undici's 5-minute defaults where those are too long
 * (connect) and document them where they are right (long discovers).
 */
export function sharedDispatcher(): Dispatcher {
  sharedAgent ??= new Agent({
    connectTimeout: TRANSPORT_DEFAULTS.connectTimeoutMs,
    headersTimeout: TRANSPORT_DEFAULTS.timeoutMs,
    bodyTimeout: TRANSPORT_DEFAULTS.timeoutMs,
    keepAliveTimeout: 10_000,
    keepAliveMaxTimeout: 60_000,
    // Bounded so a large stack cannot open hundreds of sockets to one server; extra requests queue.
    connections: 32,
  });
  return sharedAgent;
}

/** Closes the shared pool (for tests and short-lived scripts; the next request opens a new one). */
export async function closeSharedDispatcher(): Promise<void> {
  const agent = sharedAgent;
  sharedAgent = undefined;
  await agent?.close();
}

/** Options of {@link Transport}. */
export interface TransportOptions {
  /** API base URL, e.g. `https://api.airbyte.com/v1`; a trailing slash is ignored. */
  readonly serverUrl: string;
  /** Client credentials or a bearer token. */
  readonly credentials: AirbyteCredentials;
  /**
   * Retries after the first attempt.
   * @default 4
   */
  readonly maxRetries?: number;
  /**
   * Per-attempt limit on waiting for response headers, and for each chunk of the body.
   * @default 300000
   */
  readonly timeoutMs?: number;
  /**
   * First backoff ceiling; doubles per retry.
   * @default 250
   */
  readonly retryBaseDelayMs?: number;
  /**
   * Largest backoff ceiling.
   * @default 8000
   */
  readonly retryMaxDelayMs?: number;
  /** Sent as `User-Agent`, before the package's own token. */
  readonly userAgent?: string;
  /** Connection pool; default {@link sharedDispatcher}. */
  readonly dispatcher?: Dispatcher;
  /** Token cache; default the process-wide one. */
  readonly tokenCache?: TokenCache;
}

/** A query value: arrays become repeated parameters; `undefined` and empty arrays are left out. */
export type QueryValue = string | number | boolean | readonly string[] | undefined;

/** One API call. */
export interface RequestOptions {
  /** HTTP method. */
  readonly method: HttpMethod;
  /** Path below the base URL, already encoded (build it with {@link encodePath}). */
  readonly path: string;
  /** Query parameters. */
  readonly query?: Readonly<Record<string, QueryValue>>;
  /** JSON body. */
  readonly body?: unknown;
  /** Send no Authorization header (the token endpoint). */
  readonly anonymous?: boolean;
  /**
   * Retry as if the method were idempotent. Only for POSTs that have no side effect worth protecting, like
   * asking for a token.
   */
  readonly idempotent?: boolean;
}

/**
 * Builds a path from a template, percent-encoding every interpolated value, so an id can never change the
 * route: ``encodePath`/sources/${id}` ``. An empty value is refused (`/sources/` is the list endpoint), and
 * so are `.` and `..`.
 */
export function encodePath(strings: TemplateStringsArray, ...values: readonly (string | number)[]): string {
  let out = strings[0] ?? "";
  values.forEach((value, i) => {
    const text = String(value);
    if (text === "") throw new TypeError(`empty path parameter in ${strings.join("{}")}`);
    // URL parsing resolves "." and ".." segments even when percent-encoded, so they cannot be made safe.
    if (text === "." || text === "..") throw new TypeError(`invalid path parameter ${JSON.stringify(text)}`);
    out += encodeURIComponent(text) + (strings[i + 1] ?? "");
  });
  return out;
}

/** Joins base, path and query; repeated parameters for arrays (the server accepts both forms). */
export function buildUrl(serverUrl: string, path: string, query?: Readonly<Record<string, QueryValue>>): URL {
  const base = serverUrl.replace(/\/+$/, "");
  const url = new URL(`${base}${path.startsWith("/") ? path : `/${path}`}`);
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value === undefined) continue;
    if (Array.isArray(value)) {
      for (const v of value as readonly string[]) url.searchParams.append(name, v);
    } else {
      url.searchParams.append(name, String(value));
    }
  }
  return url;
}

/** The URL as it may appear in errors and logs: no user-info. */
export function redactUrl(url: URL): string {
  if (url.username === "" && url.password === "") return url.toString();
  const copy = new URL(url.toString());
  copy.username = "";
  copy.password = "";
  return copy.toString();
}

/** The stable code of a network error: its own, its cause's, or (for happy-eyeballs) its first member's. */
export function networkErrorCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e !== undefined && e !== null && depth < 4; depth++) {
    if (typeof e !== "object") return undefined;
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") return code;
    const members = (e as { errors?: unknown }).errors;
    if (Array.isArray(members) && members.length > 0) {
      e = members[0];
      continue;
    }
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

const TIMEOUT_CODES: ReadonlySet<string> = new Set([
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
  "ETIMEDOUT",
]);

function lowerCaseHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(", ") : v;
  }
  return out;
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.length > 0 ? i.path.join(".") : "(root)"}: ${i.message}`)
    .join("; ");
}

/** Sends requests to one Airbyte server with one set of credentials. */
export class Transport {
  private readonly serverUrl: string;
  private readonly credentials: AirbyteCredentials;
  private readonly maxRetries: number;
  private readonly timeoutMs: number;
  private readonly backoff: { baseMs: number; maxMs: number };
  private readonly userAgent: string;
  private readonly dispatcher: Dispatcher | undefined;
  private readonly tokens: TokenCache;
  private readonly tokenKey: string | undefined;

  /** @param opts - Server, credentials, retry and timeout settings. */
  constructor(opts: TransportOptions) {
    const serverUrl = opts.serverUrl.trim().replace(/\/+$/, "");
    let parsed: URL;
    try {
      parsed = new URL(serverUrl);
    } catch {
      throw new TypeError(`serverUrl is not a URL: ${JSON.stringify(opts.serverUrl)}`);
    }
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
      throw new TypeError(`serverUrl must be http(s), got ${parsed.protocol}`);
    }
    this.serverUrl = serverUrl;
    this.credentials = opts.credentials;
    this.maxRetries = Math.max(0, Math.floor(opts.maxRetries ?? TRANSPORT_DEFAULTS.maxRetries));
    this.timeoutMs = opts.timeoutMs ?? TRANSPORT_DEFAULTS.timeoutMs;
    this.backoff = {
      baseMs: opts.retryBaseDelayMs ?? TRANSPORT_DEFAULTS.retryBaseDelayMs,
      maxMs: opts.retryMaxDelayMs ?? TRANSPORT_DEFAULTS.retryMaxDelayMs,
    };
    this.userAgent =
      opts.userAgent !== undefined ? `${opts.userAgent} ${PACKAGE_USER_AGENT}` : PACKAGE_USER_AGENT;
    this.dispatcher = opts.dispatcher;
    this.tokens = opts.tokenCache ?? defaultTokenCache;
    this.tokenKey = isClientCredentials(opts.credentials)
      ? TokenCache.key(serverUrl, opts.credentials.clientId, opts.credentials.clientSecret)
      : undefined;
  }

  /**
   * Sends one API call and returns its JSON body parsed with `schema` (`undefined` for an empty body).
   * @throws AirbyteApiError (a subclass per status), AirbyteConnectionError, AirbyteTimeoutError,
   *   AirbyteResponseValidationError.
   */
  async request<S extends z.ZodType>(opts: RequestOptions & { schema: S }): Promise<z.output<S>>;
  /** Sends one API call whose response body is ignored (DELETE → 204). */
  async request(opts: RequestOptions & { schema?: undefined }): Promise<void>;
  async request(opts: RequestOptions & { schema?: z.ZodType }): Promise<unknown> {
    const url = buildUrl(this.serverUrl, opts.path, opts.query);
    const redacted: RedactedRequest = { method: opts.method, url: redactUrl(url) };
    const retryMethod = opts.idempotent === true ? "PUT" : opts.method;
    const payload = opts.body === undefined ? undefined : JSON.stringify(opts.body);
    let retries = 0;
    let reauthenticated = false;

    for (;;) {
      const token = opts.anonymous === true ? undefined : await this.accessToken();
      const headers: Record<string, string> = { accept: "application/json", "user-agent": this.userAgent };
      if (payload !== undefined) headers["content-type"] = "application/json";
      if (token !== undefined) headers.authorization = `Bearer ${token}`;

      let status: number;
      let responseHeaders: Record<string, string>;
      let text: string;
      try {
        const res = await undiciRequest(url, {
          method: opts.method,
          headers,
          body: payload,
          dispatcher: this.dispatcher ?? sharedDispatcher(),
          headersTimeout: this.timeoutMs,
          bodyTimeout: this.timeoutMs,
        });
        status = res.statusCode;
        responseHeaders = lowerCaseHeaders(res.headers);
        text = await res.body.text();
      } catch (error) {
        const code = networkErrorCode(error);
        if (retries < this.maxRetries && isRetryable(retryMethod, { kind: "network", code })) {
          await sleep(retryDelay(retries, undefined, this.backoff));
          retries++;
          continue;
        }
        if (code !== undefined && TIMEOUT_CODES.has(code))
          throw new AirbyteTimeoutError(redacted, this.timeoutMs, error);
        throw new AirbyteConnectionError(redacted, error, code);
      }

      if (status >= 200 && status < 300) return this.parseSuccess(opts.schema, status, text, redacted);

      // A token can be revoked or expire early (server restart, clock skew): fetch a new one, once.
      if (status === 401 && token !== undefined && this.tokenKey !== undefined && !reauthenticated) {
        this.tokens.invalidate(this.tokenKey, token);
        reauthenticated = true;
        continue;
      }
      if (retries < this.maxRetries && isRetryable(retryMethod, { kind: "status", status })) {
        await sleep(retryDelay(retries, responseHeaders, this.backoff));
        retries++;
        continue;
      }
      const json = text.trim() === "" ? undefined : parseJson(text);
      const body = json === undefined ? undefined : json.ok ? json.value : text;
      throw AirbyteApiError.from(status, body, redacted, { headers: responseHeaders });
    }
  }

  private parseSuccess(
    schema: z.ZodType | undefined,
    status: number,
    text: string,
    req: RedactedRequest,
  ): unknown {
    if (schema === undefined) return undefined;
    if (status === 204 || text.trim() === "") {
      throw new AirbyteResponseValidationError(
        req,
        status,
        "the body is empty, a JSON document was expected",
      );
    }
    const json = parseJson(text);
    if (!json.ok) {
      const snippet = text.trim().slice(0, 80);
      throw new AirbyteResponseValidationError(
        req,
        status,
        `the body is not JSON (starts with ${JSON.stringify(snippet)})`,
      );
    }
    const parsed = schema.safeParse(json.value);
    if (!parsed.success)
      throw new AirbyteResponseValidationError(req, status, describeIssues(parsed.error), parsed.error);
    return parsed.data;
  }

  private async accessToken(): Promise<string> {
    const credentials = this.credentials;
    if (!isClientCredentials(credentials)) return credentials.bearerToken;
    return this.tokens.get(this.tokenKey as string, async () => {
      try {
        const res = await this.request({
          method: "POST",
          path: "/applications/token",
          anonymous: true,
          idempotent: true,
          // `grant-type` with a hyphen is the server's wire name (NOTES §1); the spec's `grant_type` is a bug.
          body: {
            client_id: credentials.clientId,
            client_secret: credentials.clientSecret,
            "grant-type": "client_credentials",
          },
          schema: TokenResponseSchema,
        });
        return {
          accessToken: res.access_token,
          expiresInSeconds: res.expires_in ?? FALLBACK_TOKEN_LIFETIME_S,
        };
      } catch (error) {
        if (AuthenticationError.isInstance(error)) {
          throw new AuthenticationError(error.status, error.problem, error.request, {
            headers: error.headers,
            message:
              `Airbyte rejected the client credentials (POST /applications/token returned ${error.status}` +
              `${error.problem?.errorId !== undefined ? `, errorId ${error.problem.errorId}` : ""}). ` +
              "Check airbyte:clientId and airbyte:clientSecret (or AIRBYTE_CLIENT_ID and AIRBYTE_CLIENT_SECRET), " +
              "or use a token with airbyte:bearerToken (AIRBYTE_BEARER_TOKEN); also check that airbyte:serverUrl " +
              `(${this.serverUrl}) is the right Airbyte instance.`,
          });
        }
        throw error;
      }
    });
  }
}
