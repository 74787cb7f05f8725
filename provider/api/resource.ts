/**
 * What every API group (`workspaces.ts`, `sources.ts`, …) builds its methods on: the three shapes an
 * Airbyte endpoint answers in (one object, nothing, a list) over one transport, and the filters the list
 * endpoints share.
 */
import type { z } from "zod";
import type { Transport } from "./http.js";
import { type PaginateOptions, paginate } from "./pagination.js";
import type { ApiRequest, RequestOptions } from "./request-options.js";
import type { QueryValue } from "./url.js";

/**
 * Airbyte's PATCH endpoints set the fields given to the values given (a configuration is deep-merged,
 * a list replaced): sending the same PATCH twice leaves the object as once. So a PATCH whose answer
 * was lost is retried like a PUT, rather than failing the deployment.
 */
export const PATCH_IS_IDEMPOTENT = true;

/** Filters of the paginated list endpoints of sources, destinations, connections and workspaces. */
export interface ListParams extends PaginateOptions {
  /** Only these workspaces; all accessible ones when empty. */
  workspaceIds?: readonly string[];
  /** Include deleted (tombstoned; for connections: `deprecated`) objects. */
  includeDeleted?: boolean;
}

/** The query of {@link ListParams}' filters (paging is added per page). */
export function listQuery(params: ListParams | undefined): Record<string, QueryValue> {
  return { workspaceIds: params?.workspaceIds, includeDeleted: params?.includeDeleted };
}

/** A list envelope `{data}`, as parsed by a `PageSchema`. */
type Envelope<T> = z.ZodType<{ data: T[] }>;

/**
 * The calls of one client, in the shapes the API groups need. Each API group is a class built on this
 * (`new WorkspacesApi(api)`), so a group holds no state of its own and adding one touches nothing else.
 */
export class ApiResource {
  /** @param http - The client's transport. */
  constructor(private readonly http: Transport) {}

  /** A call whose JSON body is parsed with `schema`. */
  json<S extends z.ZodType>(schema: S, request: ApiRequest): Promise<z.output<S>> {
    return this.http.request({ ...request, schema });
  }

  /** A call whose body is ignored (DELETE → 204). */
  empty(request: ApiRequest): Promise<void> {
    return this.http.request(request);
  }

  /** An unpaginated list in an envelope (`GET /tags`): its items. */
  async items<T>(envelope: Envelope<T>, request: ApiRequest): Promise<T[]> {
    return (await this.http.request({ ...request, schema: envelope })).data;
  }

  /**
   * A paginated list, fetched lazily page by page as the caller iterates.
   * @param envelope - The page schema, e.g. `PageSchema(SourceSchema)`.
   * @param path - The list endpoint.
   * @param query - Its filters; `limit` and `offset` are added per page.
   * @param paging - Page size and item cap.
   * @param options - Per-call options, applied to every page's request.
   */
  pages<T>(
    envelope: Envelope<T>,
    path: string,
    query: Record<string, QueryValue>,
    paging: PaginateOptions | undefined,
    options: RequestOptions | undefined,
  ): AsyncIterable<T> {
    return paginate(
      (offset, limit) =>
        this.http.request({
          ...options,
          method: "GET",
          path,
          query: { ...query, limit, offset },
          schema: envelope,
        }),
      {
        ...(paging?.limit !== undefined && { limit: paging.limit }),
        ...(paging?.max !== undefined && { max: paging.max }),
      },
    );
  }
}
