/**
 * The error hierarchy of the Airbyte API client.
 *
 * Every error the client throws is an {@link AirbyteError}. HTTP failures are {@link AirbyteApiError}s, one
 * subclass per status family, built by {@link AirbyteApiError.from}; failures without a response are
 * {@link AirbyteConnectionError} or {@link AirbyteTimeoutError}; a call its caller aborted is an
 * {@link AirbyteAbortError}; a response the client cannot understand is an {@link AirbyteResponseValidationError}.
 *
 * The messages speak of the request and the response only. Advice that depends on how the application is
 * configured (which setting holds the credentials) is the application's: it hands the client an `errorHint`,
 * which lands in {@link AirbyteError.hint} and at the end of the message.
 */

/**
 * A global (registry) symbol, so that instances created by another copy of this module are still
 * recognised: Pulumi serialises dynamic providers, so two copies in one process are the normal case.
 */
const BRAND = Symbol.for("pulumi-airbyte.api.AirbyteError");

/**
 * Stable machine-readable codes, one per error class (safe to match on across versions): the class's static
 * `code`, which every instance carries and {@link AirbyteError.isInstance} matches on.
 */
export type AirbyteErrorCode =
  | "airbyte_error"
  | "api_error"
  | "bad_request"
  | "authentication_failed"
  | "permission_denied"
  | "not_found"
  | "conflict"
  | "unprocessable_entity"
  | "rate_limited"
  | "internal_server_error"
  | "connection_error"
  | "timeout"
  | "aborted"
  | "invalid_response";

/** The parts of a request that are safe to show: never the Authorization header or the body. */
export interface RedactedRequest {
  /** Upper-case HTTP method. */
  readonly method: string;
  /** Full URL, with any user-info stripped. */
  readonly url: string;
}

/**
 * Airbyte's error body: an RFC 9457 problem (`type`, `title`, `detail`, `data`), or the framework-level
 * `{errorId}` body the server sends for validation and JSON errors (the emulator answers both kinds). Nulls
 * are normalised away.
 */
export interface AirbyteProblem {
  /** Problem type URL or `error:` URN, e.g. `https://reference.airbyte.com/reference/errors#resource-not-found`. */
  readonly type?: string;
  /** Constant short name, e.g. `resource-not-found`. */
  readonly title?: string;
  /** Default human description of the problem kind. */
  readonly detail?: string;
  /** Problem-specific payload; a custom message is in `data.message`. */
  readonly data?: unknown;
  /** Status echoed in the body. */
  readonly status?: number;
  /** Correlation id of a framework-level error (`{errorId}` bodies). */
  readonly errorId?: string;
}

interface ErrorClassLike {
  readonly code: AirbyteErrorCode;
}

/** Base of every error thrown by the client. Match with {@link AirbyteError.isInstance}, not `instanceof`. */
export class AirbyteError extends Error {
  /** The code of this class's errors, matched by `isInstance`; each subclass overrides it. */
  static readonly code: AirbyteErrorCode = "airbyte_error";

  /** Stable machine-readable code: its class's static `code`. */
  readonly code: AirbyteErrorCode;

  /**
   * What the application says the user can change to fix this (e.g. which setting holds the credentials),
   * also appended to the message; set by {@link AirbyteError.withHint}.
   */
  hint?: string;

  /**
   * @param message - Human-readable description.
   * @param options - `cause`, when wrapping another error.
   */
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = new.target.code;
    // The codes of the class and its ancestors, so that `isInstance` of any of them matches.
    const codes: AirbyteErrorCode[] = [];
    for (let c: unknown = new.target; typeof c === "function" && c !== Error; c = Object.getPrototypeOf(c)) {
      const code = (c as Partial<ErrorClassLike>).code;
      if (code !== undefined && !codes.includes(code)) codes.push(code);
    }
    // Non-enumerable so it stays out of logs and JSON; read by `isInstance` in any module copy.
    Object.defineProperty(this, BRAND, { value: Object.freeze(codes), enumerable: false });
    this.name = new.target.name;
  }

  /**
   * Appends `hint` to the message and records it in {@link AirbyteError.hint}, once: an error shared by
   * concurrent calls (one failed token request answers them all) must not collect a copy per caller. The
   * error is changed in place rather than wrapped, so its class, and every `isInstance` check, stay as they
   * were.
   * @param hint - A sentence for the user.
   * @returns This error.
   */
  withHint(hint: string): this {
    if (this.hint !== undefined || hint.trim() === "") return this;
    const header = `${this.name}: ${this.message}`;
    // V8 formats `stack` on first read. Read it before the message changes, so that its first line is
    // the old message whether or not it had been read already, then put the new message in its place.
    const stack = this.stack;
    this.hint = hint;
    this.message = `${this.message} ${hint}`;
    if (stack?.startsWith(header)) this.stack = `${this.name}: ${this.message}${stack.slice(header.length)}`;
    return this;
  }

  /**
   * True when `value` is an instance of this class (or a subclass), even one created by another copy of
   * this module. Called on a subclass it narrows to that subclass: `NotFoundError.isInstance(e)`.
   */
  static isInstance<T extends AirbyteError>(
    this: (abstract new (...args: never[]) => T) & ErrorClassLike,
    value: unknown,
  ): value is T {
    if (typeof value !== "object" || value === null) return false;
    const codes = (value as { [BRAND]?: unknown })[BRAND];
    // biome-ignore lint/complexity/noThisInStatic: `this` is the subclass the check was called on.
    return Array.isArray(codes) && codes.includes(this.code);
  }
}

function optionalString(v: unknown): string | undefined {
  return typeof v === "string" && v !== "" ? v : undefined;
}

/**
 * Reads an error body into an {@link AirbyteProblem}. Anything that is not a JSON object (an empty body, an
 * HTML page from a proxy) gives `undefined`; the message then falls back to the status line.
 */
export function toProblem(body: unknown): AirbyteProblem | undefined {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return undefined;
  const b = body as Record<string, unknown>;
  const problem: {
    type?: string;
    title?: string;
    detail?: string;
    data?: unknown;
    status?: number;
    errorId?: string;
  } = {};
  const type = optionalString(b.type);
  const title = optionalString(b.title);
  const detail = optionalString(b.detail);
  const errorId = optionalString(b.errorId);
  if (type !== undefined) problem.type = type;
  if (title !== undefined) problem.title = title;
  if (detail !== undefined) problem.detail = detail;
  if (errorId !== undefined) problem.errorId = errorId;
  if (typeof b.status === "number") problem.status = b.status;
  if (b.data !== undefined && b.data !== null) problem.data = b.data;
  // Non-problem bodies from proxies or other tools often say what went wrong in `message` or `error`.
  if (problem.detail === undefined) {
    const fallback = optionalString(b.message) ?? optionalString(b.error);
    if (fallback !== undefined) problem.detail = fallback;
  }
  return Object.keys(problem).length > 0 ? problem : undefined;
}

const MAX_EXTRA = 300;

function clip(s: string, max = MAX_EXTRA): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/** The most specific human text in `data`: its `message`, otherwise a short JSON rendering. */
function describeData(data: unknown): string | undefined {
  if (data === undefined || data === null) return undefined;
  if (typeof data === "string") return data === "" ? undefined : clip(data);
  if (typeof data !== "object") return String(data);
  const message = (data as Record<string, unknown>).message;
  if (typeof message === "string" && message.trim() !== "") return clip(message.trim());
  if (Object.keys(data).length === 0) return undefined;
  try {
    return clip(JSON.stringify(data));
  } catch {
    return undefined;
  }
}

/** The path part of a URL for messages (`/workspaces/123`), falling back to the URL itself. */
function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}

const CREDENTIALS_HINT =
  "Check the credentials, and that the server URL points at the right Airbyte instance.";

const PERMISSION_HINT =
  "The credentials lack a role on the resource, or the id does not exist (Airbyte answers 403 rather than " +
  "404 for ids it cannot resolve to a workspace).";

/**
 * The message of an API error:
 * `GET /workspaces/x failed with 404 resource-not-found: The requested resource could not be found. (...)`.
 */
export function formatApiErrorMessage(
  status: number,
  problem: AirbyteProblem | undefined,
  request: RedactedRequest,
  rawBody?: string,
): string {
  let text = `${request.method} ${pathOf(request.url)} failed with ${status}`;
  if (problem?.title !== undefined) text += ` ${problem.title}`;
  if (problem?.detail !== undefined) text += `: ${problem.detail}`;
  const extra = describeData(problem?.data);
  if (extra !== undefined) text += ` (${extra})`;
  if (problem?.errorId !== undefined) text += ` (errorId ${problem.errorId})`;
  if (problem === undefined && rawBody !== undefined && rawBody.trim() !== "")
    text += `: ${clip(rawBody.trim(), 200)}`;
  if (status === 401) text += `. ${CREDENTIALS_HINT}`;
  if (status === 403) text += `. ${PERMISSION_HINT}`;
  return text;
}

/** Extra details of an {@link AirbyteApiError}. */
export interface AirbyteApiErrorOptions {
  /** Response headers (lower-case names). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Overrides the generated message. */
  readonly message?: string;
  /** The body as text when it was not JSON, for the message. */
  readonly rawBody?: string;
}

/** The server answered with an error status. */
export class AirbyteApiError extends AirbyteError {
  static override readonly code: AirbyteErrorCode = "api_error";

  /** HTTP status code. */
  readonly status: number;
  /** The parsed error body, when it was a JSON object. */
  readonly problem?: AirbyteProblem;
  /** The failed request, without credentials. */
  readonly request: RedactedRequest;
  /** Response headers (lower-case names). */
  readonly headers: Readonly<Record<string, string>>;

  /**
   * Prefer {@link AirbyteApiError.from}, which picks the subclass for the status.
   * @param status - HTTP status code.
   * @param problem - Parsed error body.
   * @param request - The failed request, without credentials.
   * @param options - Headers, message override, raw body.
   */
  constructor(
    status: number,
    problem: AirbyteProblem | undefined,
    request: RedactedRequest,
    options: AirbyteApiErrorOptions = {},
  ) {
    super(options.message ?? formatApiErrorMessage(status, problem, request, options.rawBody));
    this.status = status;
    if (problem !== undefined) this.problem = problem;
    this.request = request;
    this.headers = options.headers ?? {};
  }

  /**
   * Builds the error for a failed response, choosing the subclass by status: {@link BadRequestError} 400,
   * {@link AuthenticationError} 401, {@link PermissionDeniedError} 403, {@link NotFoundError} 404,
   * {@link ConflictError} 409, {@link UnprocessableEntityError} 422, {@link RateLimitError} 429,
   * {@link InternalServerError} ≥ 500, else a plain {@link AirbyteApiError}.
   * @param status - HTTP status code.
   * @param body - The response body: parsed JSON, text, or undefined.
   * @param request - The failed request, without credentials.
   * @param options - Headers and message override.
   */
  static from(
    status: number,
    body: unknown,
    request: RedactedRequest,
    options: Omit<AirbyteApiErrorOptions, "rawBody"> = {},
  ): AirbyteApiError {
    const problem = toProblem(body);
    const opts: AirbyteApiErrorOptions = typeof body === "string" ? { ...options, rawBody: body } : options;
    switch (status) {
      case 400:
        return new BadRequestError(status, problem, request, opts);
      case 401:
        return new AuthenticationError(status, problem, request, opts);
      case 403:
        return new PermissionDeniedError(status, problem, request, opts);
      case 404:
        return new NotFoundError(status, problem, request, opts);
      case 409:
        return new ConflictError(status, problem, request, opts);
      case 422:
        return new UnprocessableEntityError(status, problem, request, opts);
      case 429:
        return new RateLimitError(status, problem, request, opts);
      default:
        return status >= 500
          ? new InternalServerError(status, problem, request, opts)
          : new AirbyteApiError(status, problem, request, opts);
    }
  }
}

/** 400: malformed request, failed validation (e.g. cron, tag colour, `limit` > 100). */
export class BadRequestError extends AirbyteApiError {
  static override readonly code: AirbyteErrorCode = "bad_request";
}

/** 401: missing, wrong or expired credentials; the message says where credentials are configured. */
export class AuthenticationError extends AirbyteApiError {
  static override readonly code: AirbyteErrorCode = "authentication_failed";
}

/** 403: no role on the resource, or (for non-admins) an id that does not resolve to a workspace. */
export class PermissionDeniedError extends AirbyteApiError {
  static override readonly code: AirbyteErrorCode = "permission_denied";
}

/** 404: the resource does not exist. */
export class NotFoundError extends AirbyteApiError {
  static override readonly code: AirbyteErrorCode = "not_found";
}

/** 409: state conflict, a sync already running (`try-again-later`), a locked connection, a duplicate tag. */
export class ConflictError extends AirbyteApiError {
  static override readonly code: AirbyteErrorCode = "conflict";
}

/** 422: a body that does not map, or a configuration that fails the connector's JSON schema. */
export class UnprocessableEntityError extends AirbyteApiError {
  static override readonly code: AirbyteErrorCode = "unprocessable_entity";
}

/** 429: rate limited; thrown only once retries are exhausted (or for a write that cannot be retried). */
export class RateLimitError extends AirbyteApiError {
  static override readonly code: AirbyteErrorCode = "rate_limited";
}

/** ≥ 500: the server failed (a failing discover on connection create is a 500 too). */
export class InternalServerError extends AirbyteApiError {
  static override readonly code: AirbyteErrorCode = "internal_server_error";
}

/**
 * No response: the connection was refused, reset, or the host did not resolve. `errorCode` is the
 * underlying stable code (`ECONNREFUSED`, `UND_ERR_SOCKET`, …); `cause` is the original error.
 */
export class AirbyteConnectionError extends AirbyteError {
  static override readonly code: AirbyteErrorCode = "connection_error";

  /** The failed request, without credentials. */
  readonly request: RedactedRequest;
  /** The network-level code of the cause, e.g. `ECONNREFUSED`. */
  readonly errorCode: string | undefined;

  /**
   * @param request - The failed request.
   * @param cause - The network error.
   * @param errorCode - Its stable code.
   * @param message - Overrides the generated message.
   */
  constructor(request: RedactedRequest, cause: unknown, errorCode: string | undefined, message?: string) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(
      message ??
        `${request.method} ${request.url} failed: could not reach Airbyte (${errorCode ?? "network error"}: ${reason})`,
      { cause },
    );
    this.request = request;
    this.errorCode = errorCode;
  }
}

/** The server did not answer (or finish answering) within the timeout. */
export class AirbyteTimeoutError extends AirbyteError {
  static override readonly code: AirbyteErrorCode = "timeout";

  /** The request that timed out, without credentials. */
  readonly request: RedactedRequest;

  /**
   * @param request - The request that timed out.
   * @param timeoutMs - The timeout that elapsed.
   * @param cause - The underlying timeout error.
   */
  constructor(request: RedactedRequest, timeoutMs: number, cause?: unknown) {
    super(`${request.method} ${request.url} timed out after ${timeoutMs} ms`, { cause });
    this.request = request;
  }
}

/** A 2xx response whose body does not match the expected schema (a server change, or the wrong URL). */
export class AirbyteResponseValidationError extends AirbyteError {
  static override readonly code: AirbyteErrorCode = "invalid_response";

  /** The request whose response did not parse. */
  readonly request: RedactedRequest;
  /** The status of that response. */
  readonly status: number;

  /**
   * @param request - The request.
   * @param status - The response status.
   * @param issues - A readable description of what did not match.
   * @param cause - The validation error.
   */
  constructor(request: RedactedRequest, status: number, issues: string, cause?: unknown) {
    super(
      `${request.method} ${pathOf(request.url)} returned ${status} with an unexpected body: ${issues}. ` +
        "Is the server URL the Airbyte public API base (e.g. https://api.airbyte.com/v1 or http://host/api/public/v1)?",
      { cause },
    );
    this.request = request;
    this.status = status;
  }
}

/**
 * The caller aborted the call with its `signal` (`RequestOptions.signal`), before or while it ran, or while
 * it waited to retry. `cause` is the signal's reason. Never retried.
 */
export class AirbyteAbortError extends AirbyteError {
  static override readonly code: AirbyteErrorCode = "aborted";

  /** The aborted request, without credentials. */
  readonly request: RedactedRequest;

  /**
   * @param request - The aborted request.
   * @param cause - The signal's reason.
   */
  constructor(request: RedactedRequest, cause?: unknown) {
    super(`${request.method} ${request.url} was aborted`, { cause });
    this.request = request;
  }
}

/**
 * Awaits a call whose 404 means the work is already done (reading or deleting what is gone), and
 * answers `undefined` for it; every other error propagates.
 * @param call - The request.
 * @returns Its result, or `undefined` on 404.
 */
export async function ignoreNotFound<T>(call: Promise<T>): Promise<T | undefined> {
  try {
    return await call;
  } catch (error) {
    if (NotFoundError.isInstance(error)) return undefined;
    throw error;
  }
}
