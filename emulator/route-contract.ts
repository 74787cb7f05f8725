/**
 * The route contract: what a route group declares ({@link Route}), what its handlers get
 * ({@link RouteContext}, with the services of {@link App}) and what they return
 * ({@link RouteResult}). Types only, besides the two plainest answers, so that every layer a
 * handler calls into (authorisation, look-ups, responses) can name them without importing the
 * routing machinery.
 */
import type { ConnectorRegistry } from "./connectors.js";
import type { JobRunner } from "./jobs.js";
import type { Store } from "./store.js";

/** Parsed query string: repeated parameters become arrays. */
export type Query = Record<string, string | string[]>;

/** What a route handler returns. */
export interface RouteResult {
  status: number;
  /** JSON-serialised unless a string; omitted for 204. */
  body?: unknown;
  headers?: Record<string, string>;
}

/** Services shared by every route. */
export interface App {
  store: Store;
  connectors: ConnectorRegistry;
  jobs: JobRunner;
  log: (line: string) => void;
  /**
   * Issues a bearer token acting as the user, living `ttlSeconds` when given, else the emulator's
   * token lifetime.
   */
  issueToken(userId: string, ttlSeconds?: number): { token: string; expiresIn: number };
}

/** Everything a handler needs about the current request. */
export interface RouteContext {
  /** The pattern's `:name` segments, decoded. */
  params: Record<string, string>;
  query: Query;
  body: unknown;
  /** The base the request came in on, e.g. `http://127.0.0.1:1234/v1`: links are built on it. */
  baseUrl: string;
  app: App;
  /** The user the bearer token acts as; set on every authenticated route. */
  callerId?: string;
  /**
   * The id a create handler gives its record instead of a random one: set only by the seed loader,
   * so a seed file's records keep the ids it names.
   */
  requestedId?: string;
  /** Lifetime of the tokens this request issues, set by a `tokenTtl` fault that fired on it. */
  tokenTtlSeconds?: number;
}

/** One entry of the routing table. */
export interface Route {
  method: string;
  /** Path pattern with `:name` segments. */
  pattern: string;
  /** False for the anonymous routes. */
  auth: boolean;
  /**
   * True for an operation the emulator answers as Airbyte answers a feature it does not offer
   * (501 not-implemented), so the count of implemented operations leaves it out.
   */
  unsupported?: boolean;
  handler: (ctx: RouteContext) => RouteResult | Promise<RouteResult>;
}

/** 200 with a JSON body. */
export function ok(body: unknown): RouteResult {
  return { status: 200, body };
}

/** 204 with no body. */
export function noContent(): RouteResult {
  return { status: 204 };
}
