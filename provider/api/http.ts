/**
 * The transport: one undici connection pool for the process, JSON in and out, bearer authentication (see
 * `auth.ts`), retries (see `retry.ts` for which), per-call abort, timeout and retry budget, and typed errors.
 */

import { createRequire } from "node:module";
import { setTimeout as sleep } from "node:timers/promises";
import type { Agent, Dispatcher } from "undici";
import type { z } from "zod";
import {
  type AirbyteCredentials,
  type Authenticator,
  createAuthenticator,
  defaultTokenCache,
  type TokenCache,
} from "./auth.js";
import {
  AirbyteAbortError,
  AirbyteApiError,
  AirbyteConnectionError,
  AirbyteError,
  AirbyteResponseValidationError,
  AirbyteTimeoutError,
  type RedactedRequest,
} from "./errors.js";
import type { ApiRequest, RequestOptions } from "./request-options.js";
import { DEFAULT_BACKOFF, isIdempotent, isRetryable, retryDelay } from "./retry.js";
import { buildUrl, redactUrl, trimServerUrl } from "./url.js";
import { packageUserAgent } from "./version.js";

/** Defaults of {@link TransportOptions}. */
export const TRANSPORT_DEFAULTS = {
  maxRetries: 4,
  /** Creating a connection runs a discover on the source, which takes minutes on big databases. */
  timeoutMs: 300_000,
  retryBaseDelayMs: DEFAULT_BACKOFF.baseMs,
  retryMaxDelayMs: DEFAULT_BACKOFF.maxMs,
  connectTimeoutMs: 10_000,
} as const;

let undiciModule: typeof import("undici") | undefined;

/**
 * undici, loaded on the first request rather than with the module: a dynamic provider that makes no
 * call (a `preview` or `up` that changes nothing) starts about 0.1 s sooner.
 */
function undici(): typeof import("undici") {
  undiciModule ??= createRequire(import.meta.url)("undici") as typeof import("undici");
  return undiciModule;
}

let sharedAgent: Agent | undefined;

/**
 * The process-wide connection pool. Keep-alive saves a TLS handshake per call when Pulumi works through
 * dozens of resources; the explicit timeouts replace undici's 5-minute defaults where those are too long
 * (connect) and document them where they are right (long discovers).
 */
export function sharedDispatcher(): Dispatcher {
  sharedAgent ??= new (undici().Agent)({
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

/** Receives the client's diagnostics: each retry and token refresh, at debug level. */
export interface ClientLogger {
  /** A diagnostic line, for someone investigating a slow or failing deployment. */
  debug(message: string): void;
}

/** Options of {@link Transport}, and of the client built on it. */
export interface TransportOptions {
  /**
   * The API base: `https://api.airbyte.com/v1` for Cloud, `http://<host>/api/public/v1` for self-managed. A
   * trailing slash is ignored.
   */
  readonly serverUrl: string;
  /** Client credentials (exchanged for short-lived tokens, cached process-wide) or a bearer token. */
  readonly credentials: AirbyteCredentials;
  /**
   * Allow a plain `http://` server URL to a host other than this machine. Off by default: the
   * credentials and every connector's secrets would cross the network in clear text.
   * @default false
   */
  readonly allowInsecureHttp?: boolean;
  /**
   * Retries after the first attempt, for rate limiting, gateway errors and network failures. Writes
   * (POST/PATCH) are retried only when the server provably did not act. A call's
   * {@link RequestOptions.maxRetries} overrides it.
   * @default TRANSPORT_DEFAULTS.maxRetries (4)
   */
  readonly maxRetries?: number;
  /**
   * Per-attempt limit, in ms, on waiting for the response headers and for each body chunk. A call's
   * {@link RequestOptions.timeoutMs} overrides it.
   * @default TRANSPORT_DEFAULTS.timeoutMs (300000)
   */
  readonly timeoutMs?: number;
  /**
   * First backoff ceiling in ms; doubles per retry up to {@link TransportOptions.retryMaxDelayMs} (a
   * `Retry-After` from the server wins).
   * @default DEFAULT_BACKOFF.baseMs (250)
   */
  readonly retryBaseDelayMs?: number;
  /**
   * Largest backoff ceiling in ms.
   * @default DEFAULT_BACKOFF.maxMs (8000)
   */
  readonly retryMaxDelayMs?: number;
  /** Prefix of the `User-Agent` header, e.g. `my-tool/1.2`; the package's own token follows it. */
  readonly userAgent?: string;
  /** Connection pool, e.g. an undici `MockAgent` in tests; default {@link sharedDispatcher}. */
  readonly dispatcher?: Dispatcher;
  /** Token cache; default the process-wide one. For tests that need isolation. */
  readonly tokenCache?: TokenCache;
  /**
   * Advice for the user that only the application knows (which setting holds the credentials), appended to
   * the message of an error the client throws; `undefined` adds nothing. The client's own messages speak of
   * the request and the response only.
   */
  readonly errorHint?: (error: AirbyteError) => string | undefined;
  /** Receives retries and token refreshes at debug level; default nowhere. */
  readonly logger?: ClientLogger;
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

/** True for this machine's own addresses, where plain http never leaves the host. */
export function isLoopback(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  return h === "localhost" || h.endsWith(".localhost") || h === "::1" || /^127\.\d+\.\d+\.\d+$/.test(h);
}

/** A non-negative whole number of retries. */
function retryBudget(n: number): number {
  return Math.max(0, Math.floor(n));
}

/**
 * Waits for `promise`, or rejects with `onAbort()` as soon as `signal` aborts. The promise itself goes on
 * (a token request other calls share must not die with one of them); its outcome is then ignored.
 */
function unlessAborted<T>(
  promise: Promise<T>,
  signal: AbortSignal | undefined,
  onAbort: () => Error,
): Promise<T> {
  if (signal === undefined) return promise;
  if (signal.aborted) {
    promise.catch(() => {});
    return Promise.reject(onAbort());
  }
  return new Promise<T>((resolve, reject) => {
    const abort = (): void => reject(onAbort());
    signal.addEventListener("abort", abort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", abort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", abort);
        reject(error);
      },
    );
  });
}

/** Sends requests to one Airbyte server with one set of credentials. */
export class Transport {
  private readonly serverUrl: string;
  private readonly maxRetries: number;
  private readonly timeoutMs: number;
  private readonly backoff: { baseMs: number; maxMs: number };
  private readonly userAgent: string;
  private readonly dispatcher: Dispatcher | undefined;
  private readonly auth: Authenticator;
  private readonly errorHint: TransportOptions["errorHint"];
  private readonly logger: ClientLogger | undefined;

  /** @param opts - Server, credentials, retry and timeout settings. */
  constructor(opts: TransportOptions) {
    const serverUrl = trimServerUrl(opts.serverUrl);
    let parsed: URL;
    try {
      parsed = new URL(serverUrl);
    } catch {
      throw new TypeError(`serverUrl is not a URL: ${JSON.stringify(opts.serverUrl)}`);
    }
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
      throw new TypeError(`serverUrl must be http(s), got ${parsed.protocol}`);
    }
    if (parsed.protocol === "http:" && !isLoopback(parsed.hostname) && opts.allowInsecureHttp !== true) {
      throw new TypeError(
        `serverUrl ${serverUrl} is plain http to another machine: the credentials and connector secrets would travel in clear text. Use https, or allow it explicitly (allowInsecureHttp).`,
      );
    }
    this.serverUrl = serverUrl;
    this.maxRetries = retryBudget(opts.maxRetries ?? TRANSPORT_DEFAULTS.maxRetries);
    this.timeoutMs = opts.timeoutMs ?? TRANSPORT_DEFAULTS.timeoutMs;
    this.backoff = {
      baseMs: opts.retryBaseDelayMs ?? TRANSPORT_DEFAULTS.retryBaseDelayMs,
      maxMs: opts.retryMaxDelayMs ?? TRANSPORT_DEFAULTS.retryMaxDelayMs,
    };
    const own = packageUserAgent();
    this.userAgent = opts.userAgent !== undefined ? `${opts.userAgent} ${own}` : own;
    this.dispatcher = opts.dispatcher;
    this.errorHint = opts.errorHint;
    this.logger = opts.logger;
    this.auth = createAuthenticator({
      serverUrl,
      credentials: opts.credentials,
      tokenCache: opts.tokenCache ?? defaultTokenCache,
      // `send`, not `request`: the caller's own `request` adds the hint to whatever this throws, once.
      send: (req) => this.send(req),
    });
  }

  /**
   * Sends one API call and returns its JSON body parsed with `schema` (`undefined` for an empty body).
   * @throws AirbyteApiError (a subclass per status), AirbyteConnectionError, AirbyteTimeoutError,
   *   AirbyteAbortError, AirbyteResponseValidationError.
   */
  async request<S extends z.ZodType>(req: ApiRequest & { schema: S }): Promise<z.output<S>>;
  /** Sends one API call whose response body is ignored (DELETE → 204). */
  async request(req: ApiRequest & { schema?: undefined }): Promise<void>;
  async request(req: ApiRequest & { schema?: z.ZodType }): Promise<unknown> {
    try {
      return await this.send(req);
    } catch (error) {
      if (this.errorHint === undefined || !AirbyteError.isInstance(error)) throw error;
      const hint = this.errorHint(error);
      throw hint === undefined ? error : error.withHint(hint);
    }
  }

  private async send<S extends z.ZodType>(req: ApiRequest & { schema: S }): Promise<z.output<S>>;
  private async send(req: ApiRequest & { schema?: z.ZodType }): Promise<unknown>;
  private async send(req: ApiRequest & { schema?: z.ZodType }): Promise<unknown> {
    const url = buildUrl(this.serverUrl, req.path, req.query);
    const redacted: RedactedRequest = { method: req.method, url: redactUrl(url) };
    const idempotent = req.idempotent ?? isIdempotent(req.method);
    const maxRetries = retryBudget(req.maxRetries ?? this.maxRetries);
    const timeoutMs = req.timeoutMs ?? this.timeoutMs;
    const signal = req.signal;
    const aborted = (): AirbyteAbortError => new AirbyteAbortError(redacted, signal?.reason);
    const payload = req.body === undefined ? undefined : JSON.stringify(req.body);
    let retries = 0;
    let reauthenticated = false;

    /** Waits before the next attempt, unless the caller aborts meanwhile. */
    const backOff = async (delayMs: number, why: string): Promise<void> => {
      this.logger?.debug(
        `${req.method} ${req.path}: ${why}; retry ${retries + 1} of ${maxRetries} in ${delayMs} ms`,
      );
      await sleep(delayMs, undefined, { signal }).catch(() => {
        throw aborted();
      });
      retries++;
    };

    for (;;) {
      if (signal?.aborted) throw aborted();
      const token =
        req.anonymous === true ? undefined : await unlessAborted(this.auth.token(), signal, aborted);
      const headers: Record<string, string> = { accept: "application/json", "user-agent": this.userAgent };
      if (payload !== undefined) headers["content-type"] = "application/json";
      if (token !== undefined) headers.authorization = `Bearer ${token}`;

      let status: number;
      let responseHeaders: Record<string, string>;
      let text: string;
      try {
        const res = await undici().request(url, {
          method: req.method,
          headers,
          body: payload,
          dispatcher: this.dispatcher ?? sharedDispatcher(),
          headersTimeout: timeoutMs,
          bodyTimeout: timeoutMs,
          ...(signal !== undefined && { signal }),
        });
        status = res.statusCode;
        responseHeaders = lowerCaseHeaders(res.headers);
        text = await res.body.text();
      } catch (error) {
        // undici rejects with the signal's reason, or its own abort error: either way the caller asked.
        if (signal?.aborted) throw aborted();
        const code = networkErrorCode(error);
        if (retries < maxRetries && isRetryable(idempotent, { kind: "network", code })) {
          await backOff(retryDelay(retries, undefined, this.backoff), code ?? "network error");
          continue;
        }
        if (code !== undefined && TIMEOUT_CODES.has(code))
          throw new AirbyteTimeoutError(redacted, timeoutMs, error);
        throw new AirbyteConnectionError(redacted, error, code);
      }

      if (status >= 200 && status < 300) return this.parseSuccess(req.schema, status, text, redacted);

      // A token can be revoked or expire early (server restart, clock skew): fetch a new one, once.
      if (status === 401 && token !== undefined && !reauthenticated && this.auth.rejected(token)) {
        this.logger?.debug(`${req.method} ${req.path}: 401, fetching a new token`);
        reauthenticated = true;
        continue;
      }
      if (retries < maxRetries && isRetryable(idempotent, { kind: "status", status })) {
        await backOff(retryDelay(retries, responseHeaders, this.backoff), `status ${status}`);
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
}
