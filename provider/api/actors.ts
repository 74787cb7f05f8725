/**
 * What sources and destinations share, Airbyte's "actors": the same endpoints under `/sources` and
 * `/destinations`, and the same response fields but for the id and type names.
 */
import { z } from "zod";
import type { RequestOptions } from "./http.js";
import { PageSchema } from "./pagination.js";
import { type ApiResource, type ListParams, listQuery, PATCH_IS_IDEMPOTENT } from "./resource.js";
import { ConfigurationSchema, ScopedResourceRequirementsSchema } from "./schemas.js";
import { encodePath } from "./url.js";

/** The response fields of a source or destination besides its id and connector type name. */
export const ACTOR_FIELDS = {
  name: z.string(),
  definitionId: z.string(),
  workspaceId: z.string(),
  configuration: ConfigurationSchema,
  /** Epoch seconds. */
  createdAt: z.number(),
  resourceAllocation: ScopedResourceRequirementsSchema.optional(),
};

/** Source or destination endpoints (`T` the response, `C`/`P`/`U` the create, patch and put bodies). */
export interface ActorsApi<T, C, P, U> {
  /** `GET /{sources|destinations}`, every page. */
  list(params?: ListParams, options?: RequestOptions): AsyncIterable<T>;
  /** `GET /{kind}/{id}`; secrets come back masked. */
  get(id: string, options?: RequestOptions): Promise<T>;
  /** `POST /{kind}`. */
  create(body: C, options?: RequestOptions): Promise<T>;
  /** `PATCH /{kind}/{id}`: deep-merges the configuration. */
  patch(id: string, body: P, options?: RequestOptions): Promise<T>;
  /** `PUT /{kind}/{id}`: replaces name and configuration. */
  put(id: string, body: U, options?: RequestOptions): Promise<T>;
  /** `DELETE /{kind}/{id}`: soft delete; also deletes connections using it. */
  delete(id: string, options?: RequestOptions): Promise<void>;
}

/**
 * The endpoints of one actor kind.
 * @param api - The client's calls.
 * @param kind - The collection: `sources` or `destinations`.
 * @param schema - Its response schema.
 */
export function actorsApi<S extends z.ZodType, C, P, U>(
  api: ApiResource,
  kind: "sources" | "destinations",
  schema: S,
): ActorsApi<z.output<S>, C, P, U> {
  const collection = `/${kind}`;
  const page = PageSchema(schema);
  const one = (id: string): string => encodePath`/${kind}/${id}`;
  return {
    list: (params, options) => api.pages(page, collection, listQuery(params), params, options),
    get: async (id, options) => api.json(schema, { ...options, method: "GET", path: one(id) }),
    create: async (body, options) => api.json(schema, { ...options, method: "POST", path: collection, body }),
    patch: async (id, body, options) =>
      api.json(schema, { ...options, method: "PATCH", path: one(id), body, idempotent: PATCH_IS_IDEMPOTENT }),
    put: async (id, body, options) => api.json(schema, { ...options, method: "PUT", path: one(id), body }),
    delete: async (id, options) => api.empty({ ...options, method: "DELETE", path: one(id) }),
  };
}
