/**
 * Applications: `/applications`, the client credentials a user holds for API access (what CI
 * authenticates with). Each belongs to the user whose token created it.
 */
import { z } from "zod";
import type { RequestOptions } from "./request-options.js";
import type { ApiResource } from "./resource.js";
import { encodePath } from "./url.js";

/** `ApplicationRead`. `clientSecret` is a credential: never log it or keep it in plain text. */
export const ApplicationSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  clientId: z.string(),
  clientSecret: z.string().optional(),
  /** Epoch seconds. */
  createdAt: z.number().optional(),
});
/** See {@link ApplicationSchema}. */
export type Application = z.infer<typeof ApplicationSchema>;

const ApplicationList = z.looseObject({ applications: z.array(ApplicationSchema) });

/** Application endpoints: `client.applications`. */
export class ApplicationsApi {
  /** @param api - The client's calls. */
  constructor(private readonly api: ApiResource) {}

  /** `GET /applications`: the caller's applications (`{applications: [...]}`, not paginated). */
  async list(options?: RequestOptions): Promise<Application[]> {
    return (await this.api.json(ApplicationList, { ...options, method: "GET", path: "/applications" }))
      .applications;
  }

  /** `GET /applications/{id}`. */
  async get(applicationId: string, options?: RequestOptions): Promise<Application> {
    return this.api.json(ApplicationSchema, { ...options, method: "GET", path: one(applicationId) });
  }

  /** `POST /applications`: its answer carries the client secret. */
  async create(body: { name: string }, options?: RequestOptions): Promise<Application> {
    return this.api.json(ApplicationSchema, { ...options, method: "POST", path: "/applications", body });
  }

  /** `DELETE /applications/{id}` (200 with the deleted application). */
  async delete(applicationId: string, options?: RequestOptions): Promise<void> {
    return this.api.empty({ ...options, method: "DELETE", path: one(applicationId) });
  }
}

function one(applicationId: string): string {
  return encodePath`/applications/${applicationId}`;
}
