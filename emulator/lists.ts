/**
 * What the list operations share: the `workspaceIds` and `includeDeleted` filters, with the
 * server's access rule for them, and the page envelopes (`limit`, `offset`, `next`, `previous`).
 */
import { callerOf, requireWorkspaceRole, workspaceVisibility } from "./authz.js";
import { ErrorIdError } from "./problems.js";
import { queryBool, queryOne, queryUuidList } from "./request-input.js";
import type { Query, RouteContext } from "./route-contract.js";

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
