/** Users: `/users`, the members of an organization. */
import { z } from "zod";
import { PageSchema } from "./pagination.js";
import type { RequestOptions } from "./request-options.js";
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

const UserList = PageSchema(UserSchema);

/** User endpoints: `client.users`. */
export class UsersApi {
  /** @param api - The client's calls. */
  constructor(private readonly api: ApiResource) {}

  /** `GET /users` (not paginated): an organization's users; listing them takes organization admin. */
  async list(params: UserListParams, options?: RequestOptions): Promise<User[]> {
    return this.api.items(UserList, {
      ...options,
      method: "GET",
      path: "/users",
      query: { organizationId: params.organizationId, ids: params.ids, emails: params.emails },
    });
  }
}
