/** Organizations: `/organizations`, the caller's. */
import { z } from "zod";
import type { RequestOptions } from "./http.js";
import { PageSchema } from "./pagination.js";
import type { ApiResource } from "./resource.js";

/** `OrganizationResponse`. */
export const OrganizationSchema = z.looseObject({
  organizationId: z.string(),
  organizationName: z.string(),
  email: z.string().optional(),
});
/** See {@link OrganizationSchema}. */
export type Organization = z.infer<typeof OrganizationSchema>;

/** Organization endpoints. */
export interface OrganizationsApi {
  /** `GET /organizations`: the caller's organizations. */
  list(options?: RequestOptions): Promise<Organization[]>;
}

const OrganizationList = PageSchema(OrganizationSchema);

/** The organization endpoints of a client. */
export function organizationsApi(api: ApiResource): OrganizationsApi {
  return {
    list: async (options) =>
      api.items(OrganizationList, { ...options, method: "GET", path: "/organizations" }),
  };
}
