/** Groups: `/groups`, teams of users in an organization, with their members and permissions. */
import { z } from "zod";
import { PageSchema, type PaginateOptions } from "./pagination.js";
import type { RequestOptions } from "./request-options.js";
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

const GroupPage = PageSchema(GroupSchema);
const MemberPage = PageSchema(GroupMemberSchema);
const PermissionList = PageSchema(GroupPermissionSchema);

/** Group endpoints, with their members and permissions: `client.groups`. */
export class GroupsApi {
  /** A group's members: `/groups/{id}/members`. */
  readonly members: GroupMembersApi;
  /** The roles a group holds: `/groups/{id}/permissions`. */
  readonly permissions: GroupPermissionsApi;

  /** @param api - The client's calls. */
  constructor(private readonly api: ApiResource) {
    this.members = new GroupMembersApi(api);
    this.permissions = new GroupPermissionsApi(api);
  }

  /** `GET /groups?organizationId=`, every page. */
  list(params: { organizationId: string } & PaginateOptions, options?: RequestOptions): AsyncIterable<Group> {
    return this.api.pages(GroupPage, "/groups", { organizationId: params.organizationId }, params, options);
  }

  /** `GET /groups/{id}`. */
  async get(groupId: string, options?: RequestOptions): Promise<Group> {
    return this.api.json(GroupSchema, { ...options, method: "GET", path: encodePath`/groups/${groupId}` });
  }

  /** `POST /groups`. */
  async create(body: GroupCreateRequest, options?: RequestOptions): Promise<Group> {
    return this.api.json(GroupSchema, { ...options, method: "POST", path: "/groups", body });
  }

  /** `PATCH /groups/{id}`. */
  async update(groupId: string, body: GroupUpdateRequest, options?: RequestOptions): Promise<Group> {
    return this.api.json(GroupSchema, {
      ...options,
      method: "PATCH",
      path: encodePath`/groups/${groupId}`,
      body,
      idempotent: PATCH_IS_IDEMPOTENT,
    });
  }

  /** `DELETE /groups/{id}`: also ends its memberships and permissions. */
  async delete(groupId: string, options?: RequestOptions): Promise<void> {
    return this.api.empty({ ...options, method: "DELETE", path: encodePath`/groups/${groupId}` });
  }
}

/** A group's members: `client.groups.members`. */
export class GroupMembersApi {
  /** @param api - The client's calls. */
  constructor(private readonly api: ApiResource) {}

  /** `GET /groups/{id}/members`, every page. */
  list(groupId: string, paging?: PaginateOptions, options?: RequestOptions): AsyncIterable<GroupMember> {
    return this.api.pages(MemberPage, encodePath`/groups/${groupId}/members`, {}, paging, options);
  }

  /** `POST /groups/{id}/members`: makes the user a member (409 when they are one already). */
  async create(groupId: string, userId: string, options?: RequestOptions): Promise<GroupMember> {
    return this.api.json(GroupMemberSchema, {
      ...options,
      method: "POST",
      path: encodePath`/groups/${groupId}/members`,
      body: { userId },
    });
  }

  /** `DELETE /groups/{id}/members/{userId}`: ends the user's membership. */
  async delete(groupId: string, userId: string, options?: RequestOptions): Promise<void> {
    return this.api.empty({
      ...options,
      method: "DELETE",
      path: encodePath`/groups/${groupId}/members/${userId}`,
    });
  }
}

/** The roles a group holds: `client.groups.permissions`. */
export class GroupPermissionsApi {
  /** @param api - The client's calls. */
  constructor(private readonly api: ApiResource) {}

  /** `GET /groups/{id}/permissions` (not paginated). */
  async list(groupId: string, options?: RequestOptions): Promise<GroupPermission[]> {
    return this.api.items(PermissionList, {
      ...options,
      method: "GET",
      path: encodePath`/groups/${groupId}/permissions`,
    });
  }

  /** `POST /groups/{id}/permissions` (409 when the group holds it already). */
  async create(
    groupId: string,
    body: GroupPermissionCreateRequest,
    options?: RequestOptions,
  ): Promise<GroupPermission> {
    return this.api.json(GroupPermissionSchema, {
      ...options,
      method: "POST",
      path: encodePath`/groups/${groupId}/permissions`,
      body,
    });
  }

  /** `DELETE /groups/{id}/permissions/{permissionId}`. */
  async delete(groupId: string, permissionId: string, options?: RequestOptions): Promise<void> {
    return this.api.empty({
      ...options,
      method: "DELETE",
      path: encodePath`/groups/${groupId}/permissions/${permissionId}`,
    });
  }
}
