/** Permissions: `/permissions`, the roles users hold on workspaces and organizations. */
import { z } from "zod";
import { PageSchema } from "./pagination.js";
import type { RequestOptions } from "./request-options.js";
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

const PermissionList = PageSchema(PermissionListItemSchema);

/** Permission endpoints: `client.permissions`. */
export class PermissionsApi {
  /** @param api - The client's calls. */
  constructor(private readonly api: ApiResource) {}

  /** `GET /permissions` (not paginated). */
  async list(params?: PermissionListParams, options?: RequestOptions): Promise<PermissionListItem[]> {
    return this.api.items(PermissionList, {
      ...options,
      method: "GET",
      path: "/permissions",
      query: { userId: params?.userId, organizationId: params?.organizationId },
    });
  }

  /** `GET /permissions/{id}`. */
  async get(permissionId: string, options?: RequestOptions): Promise<Permission> {
    return this.api.json(PermissionSchema, { ...options, method: "GET", path: one(permissionId) });
  }

  /** `POST /permissions`. */
  async create(body: PermissionCreateRequest, options?: RequestOptions): Promise<Permission> {
    return this.api.json(PermissionSchema, { ...options, method: "POST", path: "/permissions", body });
  }

  /** `PATCH /permissions/{id}`: the role only; user and scope cannot change. */
  async update(
    permissionId: string,
    body: { permissionType: PermissionType },
    options?: RequestOptions,
  ): Promise<Permission> {
    return this.api.json(PermissionSchema, {
      ...options,
      method: "PATCH",
      path: one(permissionId),
      body,
      idempotent: PATCH_IS_IDEMPOTENT,
    });
  }

  /** `DELETE /permissions/{id}`. */
  async delete(permissionId: string, options?: RequestOptions): Promise<void> {
    return this.api.empty({ ...options, method: "DELETE", path: one(permissionId) });
  }
}

function one(permissionId: string): string {
  return encodePath`/permissions/${permissionId}`;
}
