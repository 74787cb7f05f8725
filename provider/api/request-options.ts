/**
 * What a call asks of the transport: the per-call options every API method takes, and the request an API
 * group hands over. Types only, in a module of their own so that everything that sends a request (the
 * transport, the token request in `auth.ts`, the API groups) can name them without importing the transport,
 * which itself imports `auth.ts`.
 */
import type { HttpMethod } from "./retry.js";
import type { QueryValue } from "./url.js";

/**
 * Per-call options, the optional last argument of every API method (`client.sources.get(id, { signal })`).
 * They hold for the whole call: every attempt, the waits between them, and the wait for a token.
 */
export interface RequestOptions {
  /**
   * Aborts the call, whatever it is doing: the call rejects at once with an `AirbyteAbortError` and is not
   * retried. A write aborted in flight may still have been applied by the server.
   */
  readonly signal?: AbortSignal;
  /**
   * Per-attempt limit, in ms, on waiting for the response headers and for each body chunk, for this call.
   * @default the client's `timeoutMs` option
   */
  readonly timeoutMs?: number;
  /**
   * Retries after the first attempt, for this call; `0` sends it once.
   * @default the client's `maxRetries` option
   */
  readonly maxRetries?: number;
}

/** One API call, as an API group describes it to the transport; see `workspaces.ts` and its siblings. */
export interface ApiRequest extends RequestOptions {
  /** HTTP method. */
  readonly method: HttpMethod;
  /** Path below the base URL, already encoded (build it with `encodePath`). */
  readonly path: string;
  /** Query parameters. */
  readonly query?: Readonly<Record<string, QueryValue>>;
  /** JSON body. */
  readonly body?: unknown;
  /** Send no Authorization header (the token endpoint). */
  readonly anonymous?: boolean;
  /**
   * Whether repeating the call has the effect of one call, which decides what the retry policy may
   * retry. Set `true` only for a POST without side effects, like asking for a token.
   * @default isIdempotent(method): true for GET, PUT and DELETE
   */
  readonly idempotent?: boolean;
}
