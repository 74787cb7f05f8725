/** Users: `/users`, the members of an organization. */
import { z } from "zod";
import type { RequestOptions } from "./http.js";
import { PageSchema } from "./pagination.js";
import type { ApiResource } from "./resource.js";

/** `UserResponse`: a user of an organization. */
export const UserSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  email: z.string(),
});
/** See {@link UserSchema}. */
export type User = z.infer<typeof UserSchema>;

/** Filters of `GET /users`. */
export interface UserListParams {
  /** The organization whose users to list (required by the API). */
  organizationId: string;
  /** Only these user ids. */
  ids?: readonly string[];
  /** Only these e-mail addresses. */
  emails?: readonly string[];
}

/** User endpoints. */
export interface UsersApi {
  /** `GET /users` (not paginated): an organization's users; listing them takes organization admin. */
  list(params: UserListParams, options?: RequestOptions): Promise<User[]>;
}

const UserList = PageSchema(UserSchema);

/** The user endpoints of a client. */
export function usersApi(api: ApiResource): UsersApi {
  return {
    list: async (params, options) =>
      api.items(UserList, {
        ...options,
        method: "GET",
        path: "/users",
        query: { organizationId: params.organizationId, ids: params.ids, emails: params.emails },
      }),
  };
}
