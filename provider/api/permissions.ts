/** Permissions: `/permissions`, the roles users hold on workspaces and organizations. */
import { z } from "zod";
import type { RequestOptions } from "./http.js";
import { PageSchema } from "./pagination.js";
import { type ApiResource, PATCH_IS_IDEMPOTENT } from "./resource.js";
import { encodePath } from "./url.js";

/**
 * The roles the public API grants (`PublicPermissionType`): five on an organization, four on a
 * workspace. The server's own enum adds `instance_admin` and `workspace_owner`, which it may return.
 */
export const PERMISSION_TYPES = [
  "organization_admin",
  "organization_editor",
  "organization_runner",
  "organization_reader",
  "organization_member",
  "workspace_admin",
  "workspace_editor",
  "workspace_runner",
  "workspace_reader",
] as const;

/** One of {@link PERMISSION_TYPES}. */
export type PermissionType = (typeof PERMISSION_TYPES)[number];

/** `PermissionResponse`: exactly one of `workspaceId` and `organizationId` is set. */
export const PermissionSchema = z.looseObject({
  permissionId: z.string(),
  permissionType: z.string(),
  userId: z.string(),
  workspaceId: z.string().optional(),
  organizationId: z.string().optional(),
});
/** See {@link PermissionSchema}. */
export type Permission = z.infer<typeof PermissionSchema>;

/** `PermissionResponseRead`, an item of `GET /permissions`: the scope as `scope` and `scopeId`. */
export const PermissionListItemSchema = z.looseObject({
  permissionId: z.string(),
  permissionType: z.string(),
  userId: z.string(),
  /** `workspace`, `organization` or `none`. */
  scope: z.string(),
  scopeId: z.string().optional(),
});
/** See {@link PermissionListItemSchema}. */
export type PermissionListItem = z.infer<typeof PermissionListItemSchema>;

/** `POST /permissions` body: exactly one of `workspaceId` and `organizationId`. */
export interface PermissionCreateRequest {
  /** The role. */
  permissionType: PermissionType;
  /** The user who gets it (immutable). */
  userId: string;
  /** A workspace role's workspace (immutable). */
  workspaceId?: string;
  /** An organization role's organization (immutable). */
  organizationId?: string;
}

/** Filters of `GET /permissions`. */
export interface PermissionListParams {
  /** Whose permissions; the caller's when omitted. */
  userId?: string;
  /** Required to read another user's permissions (as an organization admin). */
  organizationId?: string;
}

/** Permission endpoints. */
export interface PermissionsApi {
  /** `GET /permissions` (not paginated). */
  list(params?: PermissionListParams, options?: RequestOptions): Promise<PermissionListItem[]>;
  /** `GET /permissions/{id}`. */
  get(permissionId: string, options?: RequestOptions): Promise<Permission>;
  /** `POST /permissions`. */
  create(body: PermissionCreateRequest, options?: RequestOptions): Promise<Permission>;
  /** `PATCH /permissions/{id}`: the role only; user and scope cannot change. */
  update(
    permissionId: string,
    body: { permissionType: PermissionType },
    options?: RequestOptions,
  ): Promise<Permission>;
  /** `DELETE /permissions/{id}`. */
  delete(permissionId: string, options?: RequestOptions): Promise<void>;
}

const PermissionList = PageSchema(PermissionListItemSchema);

/** The permission endpoints of a client. */
export function permissionsApi(api: ApiResource): PermissionsApi {
  const one = (id: string): string => encodePath`/permissions/${id}`;
  return {
    list: async (params, options) =>
      api.items(PermissionList, {
        ...options,
        method: "GET",
        path: "/permissions",
        query: { userId: params?.userId, organizationId: params?.organizationId },
      }),
    get: async (id, options) => api.json(PermissionSchema, { ...options, method: "GET", path: one(id) }),
    create: async (body, options) =>
      api.json(PermissionSchema, { ...options, method: "POST", path: "/permissions", body }),
    update: async (id, body, options) =>
      api.json(PermissionSchema, {
        ...options,
        method: "PATCH",
        path: one(id),
        body,
        idempotent: PATCH_IS_IDEMPOTENT,
      }),
    delete: async (id, options) => api.empty({ ...options, method: "DELETE", path: one(id) }),
  };
}
