/**
 * Applications: `/applications`, the client credentials a user holds for API access (what CI
 * authenticates with). Each belongs to the user whose token created it.
 */
import { z } from "zod";
import type { RequestOptions } from "./http.js";
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

/** Application endpoints. */
export interface ApplicationsApi {
  /** `GET /applications`: the caller's applications (`{applications: [...]}`, not paginated). */
  list(options?: RequestOptions): Promise<Application[]>;
  /** `GET /applications/{id}`. */
  get(applicationId: string, options?: RequestOptions): Promise<Application>;
  /** `POST /applications`: its answer carries the client secret. */
  create(body: { name: string }, options?: RequestOptions): Promise<Application>;
  /** `DELETE /applications/{id}` (200 with the deleted application). */
  delete(applicationId: string, options?: RequestOptions): Promise<void>;
}

const ApplicationList = z.looseObject({ applications: z.array(ApplicationSchema) });

/** The application endpoints of a client. */
export function applicationsApi(api: ApiResource): ApplicationsApi {
  const one = (id: string): string => encodePath`/applications/${id}`;
  return {
    list: async (options) =>
      (await api.json(ApplicationList, { ...options, method: "GET", path: "/applications" })).applications,
    get: async (id, options) => api.json(ApplicationSchema, { ...options, method: "GET", path: one(id) }),
    create: async (body, options) =>
      api.json(ApplicationSchema, { ...options, method: "POST", path: "/applications", body }),
    delete: async (id, options) => api.empty({ ...options, method: "DELETE", path: one(id) }),
  };
}
