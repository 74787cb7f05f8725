/** Tags: `/tags`, labels a workspace puts on its connections. */
import { z } from "zod";
import type { RequestOptions } from "./http.js";
import { PageSchema } from "./pagination.js";
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
export interface TagPatchRequest {
  /** New name. */
  name: string;
  /** New colour. */
  color: string;
}

/** Tag endpoints. */
export interface TagsApi {
  /** `GET /tags` (not paginated). */
  list(params?: { workspaceIds?: readonly string[] }, options?: RequestOptions): Promise<Tag[]>;
  /** `GET /tags/{id}`. */
  get(tagId: string, options?: RequestOptions): Promise<Tag>;
  /** `POST /tags`. */
  create(body: TagCreateRequest, options?: RequestOptions): Promise<Tag>;
  /** `PATCH /tags/{id}` (name and color both required). */
  patch(tagId: string, body: TagPatchRequest, options?: RequestOptions): Promise<Tag>;
  /** `DELETE /tags/{id}`. */
  delete(tagId: string, options?: RequestOptions): Promise<void>;
}

const TagList = PageSchema(TagSchema);

/** The tag endpoints of a client. */
export function tagsApi(api: ApiResource): TagsApi {
  const one = (tagId: string): string => encodePath`/tags/${tagId}`;
  return {
    list: async (params, options) =>
      api.items(TagList, {
        ...options,
        method: "GET",
        path: "/tags",
        query: { workspaceIds: params?.workspaceIds },
      }),
    get: async (id, options) => api.json(TagSchema, { ...options, method: "GET", path: one(id) }),
    create: async (body, options) => api.json(TagSchema, { ...options, method: "POST", path: "/tags", body }),
    patch: async (id, body, options) =>
      api.json(TagSchema, {
        ...options,
        method: "PATCH",
        path: one(id),
        body,
        idempotent: PATCH_IS_IDEMPOTENT,
      }),
    delete: async (id, options) => api.empty({ ...options, method: "DELETE", path: one(id) }),
  };
}
