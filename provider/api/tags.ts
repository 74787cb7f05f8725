/** Tags: `/tags`, labels a workspace puts on its connections. */
import { z } from "zod";
import { PageSchema } from "./pagination.js";
import type { RequestOptions } from "./request-options.js";
import { type ApiResource, PATCH_IS_IDEMPOTENT } from "./resource.js";
import { encodePath } from "./url.js";

/** `Tag` / `TagResponse`. `color` is 6 hex digits without `#`. */
export const TagSchema = z.looseObject({
  tagId: z.string(),
  name: z.string(),
  color: z.string(),
  workspaceId: z.string(),
});
/** See {@link TagSchema}. */
export type Tag = z.infer<typeof TagSchema>;

/** `POST /tags` body. */
export interface TagCreateRequest {
  /** At most 30 characters, unique per workspace. */
  name: string;
  /** 6 hex digits without `#`. */
  color: string;
  /** Workspace (immutable). */
  workspaceId: string;
}

/** `PATCH /tags/{id}` body: both fields required. */
export interface TagUpdateRequest {
  /** New name. */
  name: string;
  /** New colour. */
  color: string;
}

const TagList = PageSchema(TagSchema);

/** Tag endpoints: `client.tags`. */
export class TagsApi {
  /** @param api - The client's calls. */
  constructor(private readonly api: ApiResource) {}

  /** `GET /tags` (not paginated). */
  async list(params?: { workspaceIds?: readonly string[] }, options?: RequestOptions): Promise<Tag[]> {
    return this.api.items(TagList, {
      ...options,
      method: "GET",
      path: "/tags",
      query: { workspaceIds: params?.workspaceIds },
    });
  }

  /** `GET /tags/{id}`. */
  async get(tagId: string, options?: RequestOptions): Promise<Tag> {
    return this.api.json(TagSchema, { ...options, method: "GET", path: one(tagId) });
  }

  /** `POST /tags`. */
  async create(body: TagCreateRequest, options?: RequestOptions): Promise<Tag> {
    return this.api.json(TagSchema, { ...options, method: "POST", path: "/tags", body });
  }

  /** `PATCH /tags/{id}` (name and color both required). */
  async update(tagId: string, body: TagUpdateRequest, options?: RequestOptions): Promise<Tag> {
    return this.api.json(TagSchema, {
      ...options,
      method: "PATCH",
      path: one(tagId),
      body,
      idempotent: PATCH_IS_IDEMPOTENT,
    });
  }

  /** `DELETE /tags/{id}`. */
  async delete(tagId: string, options?: RequestOptions): Promise<void> {
    return this.api.empty({ ...options, method: "DELETE", path: one(tagId) });
  }
}

function one(tagId: string): string {
  return encodePath`/tags/${tagId}`;
}
