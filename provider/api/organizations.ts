/** Organizations: `/organizations`, the caller's. */
import { z } from "zod";
import { PageSchema } from "./pagination.js";
import type { RequestOptions } from "./request-options.js";
import type { ApiResource } from "./resource.js";

/** `OrganizationResponse`. */
export const OrganizationSchema = z.looseObject({
  organizationId: z.string(),
  organizationName: z.string(),
  email: z.string().optional(),
});
/** See {@link OrganizationSchema}. */
export type Organization = z.infer<typeof OrganizationSchema>;

const OrganizationList = PageSchema(OrganizationSchema);

/** Organization endpoints: `client.organizations`. */
export class OrganizationsApi {
  /** @param api - The client's calls. */
  constructor(private readonly api: ApiResource) {}

  /** `GET /organizations`: the caller's organizations. */
  async list(options?: RequestOptions): Promise<Organization[]> {
    return this.api.items(OrganizationList, { ...options, method: "GET", path: "/organizations" });
  }
}
