/** Groups: `/groups`, teams of users in an organization, with their members and permissions. */
import { z } from "zod";
import type { RequestOptions } from "./http.js";
import { PageSchema, type PaginateOptions } from "./pagination.js";
import { type ApiResource, PATCH_IS_IDEMPOTENT } from "./resource.js";
import { encodePath } from "./url.js";

/** `GroupResponse`. */
export const GroupSchema = z.looseObject({
  groupId: z.string(),
  name: z.string(),
  description: z.string().nullish(),
  organizationId: z.string(),
  memberCount: z.number().optional(),
});
/** See {@link GroupSchema}. */
export type Group = z.infer<typeof GroupSchema>;

/** `GroupMemberResponse`: one user's membership. */
export const GroupMemberSchema = z.looseObject({
  memberId: z.string().optional(),
  groupId: z.string().optional(),
  userId: z.string(),
  userEmail: z.string().optional(),
  userName: z.string().optional(),
});
/** See {@link GroupMemberSchema}. */
export type GroupMember = z.infer<typeof GroupMemberSchema>;

/** `GroupPermissionResponse`: a role the group holds; exactly one of the two scope ids is set. */
export const GroupPermissionSchema = z.looseObject({
  permissionId: z.string(),
  groupId: z.string().optional(),
  permissionType: z.string(),
  workspaceId: z.string().nullish(),
  organizationId: z.string().nullish(),
});
/** See {@link GroupPermissionSchema}. */
export type GroupPermission = z.infer<typeof GroupPermissionSchema>;

/** `POST /groups` body. */
export interface GroupCreateRequest {
  /** Unique in the organization (a duplicate is a 409). */
  name: string;
  /** The organization (immutable). */
  organizationId: string;
  /** Free text. */
  description?: string;
}

/** `PATCH /groups/{id}` body: only the given fields change. */
export interface GroupUpdateRequest {
  /** New name. */
  name?: string;
  /** New description; `null` clears it. */
  description?: string | null;
}

/** `POST /groups/{id}/permissions` body: exactly one of `workspaceId` and `organizationId`. */
export interface GroupPermissionCreateRequest {
  /** The role (see `PERMISSION_TYPES`). */
  permissionType: string;
  /** A workspace role's workspace. */
  workspaceId?: string;
  /** An organization role's organization. */
  organizationId?: string;
}

/** Group endpoints, with their members and permissions. */
export interface GroupsApi {
  /** `GET /groups?organizationId=`, every page. */
  list(params: { organizationId: string } & PaginateOptions, options?: RequestOptions): AsyncIterable<Group>;
  /** `GET /groups/{id}`. */
  get(groupId: string, options?: RequestOptions): Promise<Group>;
  /** `POST /groups`. */
  create(body: GroupCreateRequest, options?: RequestOptions): Promise<Group>;
  /** `PATCH /groups/{id}`. */
  update(groupId: string, body: GroupUpdateRequest, options?: RequestOptions): Promise<Group>;
  /** `DELETE /groups/{id}`: also ends its memberships and permissions. */
  delete(groupId: string, options?: RequestOptions): Promise<void>;
  /** `GET /groups/{id}/members`, every page. */
  listMembers(
    groupId: string,
    paging?: PaginateOptions,
    options?: RequestOptions,
  ): AsyncIterable<GroupMember>;
  /** `POST /groups/{id}/members` (409 when the user is a member already). */
  addMember(groupId: string, userId: string, options?: RequestOptions): Promise<GroupMember>;
  /** `DELETE /groups/{id}/members/{userId}`. */
  removeMember(groupId: string, userId: string, options?: RequestOptions): Promise<void>;
  /** `GET /groups/{id}/permissions` (not paginated). */
  listPermissions(groupId: string, options?: RequestOptions): Promise<GroupPermission[]>;
  /** `POST /groups/{id}/permissions` (409 when the group holds it already). */
  createPermission(
    groupId: string,
    body: GroupPermissionCreateRequest,
    options?: RequestOptions,
  ): Promise<GroupPermission>;
  /** `DELETE /groups/{id}/permissions/{permissionId}`. */
  deletePermission(groupId: string, permissionId: string, options?: RequestOptions): Promise<void>;
}

const GroupPage = PageSchema(GroupSchema);
const MemberPage = PageSchema(GroupMemberSchema);
const PermissionList = PageSchema(GroupPermissionSchema);

/** The group endpoints of a client. */
export function groupsApi(api: ApiResource): GroupsApi {
  const one = (id: string): string => encodePath`/groups/${id}`;
  const members = (id: string): string => encodePath`/groups/${id}/members`;
  const permissions = (id: string): string => encodePath`/groups/${id}/permissions`;
  return {
    list: (params, options) =>
      api.pages(GroupPage, "/groups", { organizationId: params.organizationId }, params, options),
    get: async (id, options) => api.json(GroupSchema, { ...options, method: "GET", path: one(id) }),
    create: async (body, options) =>
      api.json(GroupSchema, { ...options, method: "POST", path: "/groups", body }),
    update: async (id, body, options) =>
      api.json(GroupSchema, {
        ...options,
        method: "PATCH",
        path: one(id),
        body,
        idempotent: PATCH_IS_IDEMPOTENT,
      }),
    delete: async (id, options) => api.empty({ ...options, method: "DELETE", path: one(id) }),
    listMembers: (id, paging, options) => api.pages(MemberPage, members(id), {}, paging, options),
    addMember: async (id, userId, options) =>
      api.json(GroupMemberSchema, { ...options, method: "POST", path: members(id), body: { userId } }),
    removeMember: async (id, userId, options) =>
      api.empty({ ...options, method: "DELETE", path: encodePath`/groups/${id}/members/${userId}` }),
    listPermissions: async (id, options) =>
      api.items(PermissionList, { ...options, method: "GET", path: permissions(id) }),
    createPermission: async (id, body, options) =>
      api.json(GroupPermissionSchema, { ...options, method: "POST", path: permissions(id), body }),
    deletePermission: async (id, permissionId, options) =>
      api.empty({
        ...options,
        method: "DELETE",
        path: encodePath`/groups/${id}/permissions/${permissionId}`,
      }),
  };
}
