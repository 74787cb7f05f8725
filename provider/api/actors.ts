/**
 * What sources and destinations share, Airbyte's "actors": the same endpoints under `/sources` and
 * `/destinations`, and the same response fields but for the id and type names.
 */
import { z } from "zod";
import { PageSchema } from "./pagination.js";
import type { RequestOptions } from "./request-options.js";
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

/**
 * Source or destination endpoints (`T` the response, `C`/`U`/`R` the create, update and replace bodies):
 * what `client.sources` and `client.destinations` share. The client builds them.
 */
export class ActorsApi<T, C, U, R> {
  private readonly page;

  /**
   * @param api - The client's calls.
   * @param kind - The collection: `sources` or `destinations`.
   * @param schema - Its response schema.
   */
  constructor(
    private readonly api: ApiResource,
    private readonly kind: "sources" | "destinations",
    private readonly schema: z.ZodType<T>,
  ) {
    this.page = PageSchema(schema);
  }

  /** `GET /{sources|destinations}`, every page. */
  list(params?: ListParams, options?: RequestOptions): AsyncIterable<T> {
    return this.api.pages(this.page, `/${this.kind}`, listQuery(params), params, options);
  }

  /** `GET /{kind}/{id}`; secrets come back masked. */
  async get(id: string, options?: RequestOptions): Promise<T> {
    return this.api.json(this.schema, { ...options, method: "GET", path: this.one(id) });
  }

  /** `POST /{kind}`. */
  async create(body: C, options?: RequestOptions): Promise<T> {
    return this.api.json(this.schema, { ...options, method: "POST", path: `/${this.kind}`, body });
  }

  /** `PATCH /{kind}/{id}`: deep-merges the configuration. */
  async update(id: string, body: U, options?: RequestOptions): Promise<T> {
    return this.api.json(this.schema, {
      ...options,
      method: "PATCH",
      path: this.one(id),
      body,
      idempotent: PATCH_IS_IDEMPOTENT,
    });
  }

  /** `PUT /{kind}/{id}`: replaces name and configuration. */
  async replace(id: string, body: R, options?: RequestOptions): Promise<T> {
    return this.api.json(this.schema, { ...options, method: "PUT", path: this.one(id), body });
  }

  /** `DELETE /{kind}/{id}`: soft delete; also deletes connections using it. */
  async delete(id: string, options?: RequestOptions): Promise<void> {
    return this.api.empty({ ...options, method: "DELETE", path: this.one(id) });
  }

  private one(id: string): string {
    return encodePath`/${this.kind}/${id}`;
  }
}
