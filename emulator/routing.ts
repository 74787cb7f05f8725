/**
 * The routing toolkit: the route contract (what a route group declares and what its handlers get
 * and return), the route table that matches a path to a route, and the helpers handlers share:
 * body validation with zod, query parameters and the pagination envelope. Nothing here speaks
 * HTTP; the dispatcher (`dispatcher.ts`) does.
 */
import { z } from "zod";
import { callerOf, requireWorkspaceRole, workspaceVisibility } from "./authz.js";
import type { ConnectorRegistry } from "./connectors.js";
import type { JobRunner } from "./jobs.js";
import { type ApiProblem, badRequest, ErrorIdError } from "./problems.js";
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

/**
 * What {@link RouteTable.match} finds for a request. Parameters stay percent-encoded: the
 * dispatcher decodes them only after the auth check, so an unauthorised request is a 401 whatever
 * its path holds.
 */
export type RouteMatch =
  | { route: Route; encodedParams: Record<string, string> }
  /** 404 when no route has the path, 405 when routes have it but not for this method. */
  | { route?: undefined; status: 404 | 405 };

interface CompiledRoute {
  route: Route;
  regex: RegExp;
  names: string[];
}

function compile(route: Route): CompiledRoute {
  const names: string[] = [];
  const src = route.pattern
    .split("/")
    .map((seg) => {
      if (seg.startsWith(":")) {
        names.push(seg.slice(1));
        return "([^/]+)";
      }
      return seg.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    })
    .join("/");
  return { route, regex: new RegExp(`^${src}/?$`), names };
}

/** Routes compiled once, matched in the order given; a trailing slash on the path is accepted. */
export class RouteTable {
  private readonly routes: CompiledRoute[];

  constructor(routes: readonly Route[]) {
    this.routes = routes.map(compile);
  }

  /** The first route with this method and path, with its `:name` parameters. */
  match(method: string, path: string): RouteMatch {
    let pathMatched = false;
    for (const c of this.routes) {
      const m = c.regex.exec(path);
      if (!m) continue;
      pathMatched = true;
      if (c.route.method !== method) continue;
      const encodedParams: Record<string, string> = {};
      c.names.forEach((n, i) => {
        encodedParams[n] = m[i + 1] ?? "";
      });
      return { route: c.route, encodedParams };
    }
    return { status: pathMatched ? 405 : 404 };
  }
}

/** 200 with a JSON body. */
export function ok(body: unknown): RouteResult {
  return { status: 200, body };
}

/** 204 with no body. */
export function noContent(): RouteResult {
  return { status: 204 };
}

/**
 * Validates a request body. A body that cannot be mapped onto the request model (missing required
 * field, wrong type) is a 422 `{errorId}` on the real server, not a problem.
 */
export function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const r = schema.safeParse(body);
  if (!r.success) throw new ErrorIdError(422, z.prettifyError(r.error));
  return r.data;
}

/** A case-insensitive enum, as the server accepts enum values in any case. */
export function ciEnum<const V extends readonly [string, ...string[]]>(values: V) {
  return z.preprocess((v) => (typeof v === "string" ? v.toLowerCase() : v), z.enum(values));
}

/** First value of a query parameter. */
export function queryOne(q: Query, name: string): string | undefined {
  const v = q[name];
  return Array.isArray(v) ? v[0] : v;
}

/** A list parameter given repeated, as `name[]`, or comma-joined. */
export function queryList(q: Query, name: string): string[] {
  const out: string[] = [];
  for (const key of [name, `${name}[]`]) {
    const v = q[key];
    const vs = v === undefined ? [] : Array.isArray(v) ? v : [v];
    for (const item of vs) out.push(...item.split(",").filter((s) => s.length > 0));
  }
  return out;
}

/**
 * 400 for a query parameter that does not convert to its type: a bad-request problem naming the
 * parameter and the value, so the caller sees what to fix.
 */
export function badParameter(name: string, value: string, expected: string): ApiProblem {
  return badRequest(`Failed to convert argument [${name}] for value [${value}]: expected ${expected}.`);
}

/** A boolean parameter: absent is the default; anything but true/false (empty included) is a 400. */
export function queryBool(q: Query, name: string, dflt: boolean): boolean {
  const v = queryOne(q, name);
  if (v === undefined) return dflt;
  if (/^true$/i.test(v)) return true;
  if (/^false$/i.test(v)) return false;
  throw badParameter(name, v, "true or false");
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A UUID field of a request body, lower-cased. Anything else fails the request model, which the
 * server answers with 422 like any body it cannot map.
 */
export const uuid = z
  .string()
  .regex(UUID_RE, "must be a UUID")
  .transform((v) => v.toLowerCase());

/** True for a UUID in its canonical 8-4-4-4-12 hex form. */
export function isUuid(v: string): boolean {
  return UUID_RE.test(v);
}

/** A UUID parameter, lower-cased; absent is undefined, anything else (empty included) a 400. */
export function queryUuid(q: Query, name: string): string | undefined {
  const v = queryOne(q, name);
  if (v === undefined) return undefined;
  if (!isUuid(v)) throw badParameter(name, v, "a UUID");
  return v.toLowerCase();
}

/** A required UUID parameter: missing is a 400 naming it. */
export function requiredQueryUuid(q: Query, name: string): string {
  const v = queryUuid(q, name);
  if (v === undefined) throw badRequest(`Required argument [UUID ${name}] not specified`);
  return v;
}

/** A list of UUIDs (repeated, `name[]` or comma-joined), lower-cased; one that is not a UUID is a 400. */
export function queryUuidList(q: Query, name: string): string[] {
  return queryList(q, name).map((v) => {
    if (!isUuid(v)) throw badParameter(name, v, "a list of UUIDs");
    return v.toLowerCase();
  });
}

/** A path parameter the server binds as a UUID: anything else is a 400 naming it. */
export function uuidParam(ctx: RouteContext, name: string): string {
  const v = ctx.params[name] ?? "";
  if (!isUuid(v)) throw badParameter(name, v, "a UUID");
  return v.toLowerCase();
}

/** The `workspaceIds` and `includeDeleted` filters of the lists of workspace-owned records. */
export interface WorkspaceFilter {
  /** True for a record of that workspace, deleted or not, that the filters let through. */
  admits(workspaceId: string, deleted: boolean): boolean;
  /** The filters as the list links echo them, `includeDeleted` first. */
  echo: [string, string][];
}

/**
 * The `workspaceIds` filter of a list, with the server's access rule: given ids need the
 * workspace-reader role on every one of them (else 403); without ids, the list holds what the
 * caller may read.
 */
export function workspaceIdsFilter(ctx: RouteContext): {
  ids: string[];
  admits(workspaceId: string): boolean;
} {
  const ids = queryUuidList(ctx.query, "workspaceIds");
  if (ids.length > 0) {
    requireWorkspaceRole(ctx, ids, ["workspace_reader"]);
    return { ids, admits: (w) => ids.includes(w) };
  }
  return { ids, admits: workspaceVisibility(ctx.app.store.state, callerOf(ctx)) };
}

/**
 * The filters the workspace, source, destination and connection lists share: `workspaceIds`
 * (see {@link workspaceIdsFilter}) and `includeDeleted` (default false).
 */
export function workspaceFilter(ctx: RouteContext): WorkspaceFilter {
  const includeDeleted = queryBool(ctx.query, "includeDeleted", false);
  const workspaces = workspaceIdsFilter(ctx);
  const echo: [string, string][] = [["includeDeleted", String(includeDeleted)]];
  if (workspaces.ids.length > 0) echo.push(["workspaceIds", workspaces.ids.join(",")]);
  return {
    admits: (workspaceId, deleted) => (includeDeleted || !deleted) && workspaces.admits(workspaceId),
    echo,
  };
}

/** `limit` (1..100, default 20) and `offset` (>= 0, default 0); out of range is a 400 `{errorId}`. */
function pageParams(q: Query): { limit: number; offset: number } {
  const num = (name: string, dflt: number, min: number, max: number): number => {
    const v = queryOne(q, name);
    if (v === undefined || v === "") return dflt;
    if (!/^-?\d+$/.test(v)) throw new ErrorIdError(400, `${name} is not an integer`);
    const n = Number(v);
    if (n < min || n > max) throw new ErrorIdError(400, `${name} out of range`);
    return n;
  };
  return { limit: num("limit", 20, 1, 100), offset: num("offset", 0, 0, 2 ** 31 - 1) };
}

/**
 * The `{data, next, previous}` envelope, built like the server's PaginationMapper: `next` is empty
 * only when this page is empty (so it is set even on a short last page), `previous` is empty at
 * offset 0. `filters` are echoed in both links before `limit` and `offset`.
 */
export function paginate<T>(
  ctx: RouteContext,
  resource: string,
  all: readonly T[],
  filters: [string, string][],
): { data: T[]; next: string; previous: string } {
  const { limit, offset } = pageParams(ctx.query);
  const data = all.slice(offset, offset + limit);
  const link = (o: number): string => {
    const parts = [...filters, ["limit", String(limit)], ["offset", String(o)]].map(
      ([k, v]) => `${k}=${encodeURIComponent(v ?? "").replaceAll("%2C", ",")}`,
    );
    return `${ctx.baseUrl}/${resource}?${parts.join("&")}`;
  };
  return {
    data,
    next: data.length === 0 ? "" : link(offset + limit),
    previous: offset === 0 ? "" : link(Math.max(offset - limit, 0)),
  };
}

/**
 * The page envelope of the group lists, built as their controllers build it: `next` only when
 * more items follow, `previous` only past the first page, each absent otherwise.
 */
export function paginateSparse<T>(
  ctx: RouteContext,
  resource: string,
  all: readonly T[],
  filters: [string, string][],
): { data: T[]; next?: string; previous?: string } {
  const { limit, offset } = pageParams(ctx.query);
  const page = paginate(ctx, resource, all, filters);
  return {
    data: page.data,
    ...(offset + limit < all.length && { next: page.next }),
    ...(offset > 0 && { previous: page.previous }),
  };
}
