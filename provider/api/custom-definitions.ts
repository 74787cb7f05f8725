/**
 * A workspace's own connectors: `/workspaces/{id}/definitions/sources` and `…/destinations` (a
 * Docker image and tag), the same endpoints under both.
 */
import { z } from "zod";
import type { RequestOptions } from "./http.js";
import { PageSchema } from "./pagination.js";
import type { ApiResource } from "./resource.js";
import { encodePath } from "./url.js";

/** `DefinitionResponse`: a custom connector of a workspace. */
export const CustomDefinitionSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  dockerRepository: z.string(),
  dockerImageTag: z.string(),
  documentationUrl: z.string().optional(),
});
/** See {@link CustomDefinitionSchema}. */
export type CustomDefinition = z.infer<typeof CustomDefinitionSchema>;

/** `POST …/definitions/{sources|destinations}` body. */
export interface CustomDefinitionCreateRequest {
  /** The connector's name in the workspace. */
  name: string;
  /** e.g. `ghcr.io/acme/source-billing` (immutable). */
  dockerRepository: string;
  /** e.g. `1.4.0`. */
  dockerImageTag: string;
  /** Where its documentation lives (immutable). */
  documentationUrl?: string;
}

/** `PUT …/definitions/{sources|destinations}/{id}` body: both fields required. */
export interface CustomDefinitionUpdateRequest {
  /** Name. */
  name: string;
  /** Image tag. */
  dockerImageTag: string;
}

/** The custom definitions of one connector kind in a workspace. */
export interface CustomDefinitionsApi {
  /** `GET /workspaces/{id}/definitions/{kind}`, every page. */
  list(workspaceId: string, options?: RequestOptions): AsyncIterable<CustomDefinition>;
  /** `GET /workspaces/{id}/definitions/{kind}/{definitionId}`. */
  get(workspaceId: string, definitionId: string, options?: RequestOptions): Promise<CustomDefinition>;
  /** `POST /workspaces/{id}/definitions/{kind}`. */
  create(
    workspaceId: string,
    body: CustomDefinitionCreateRequest,
    options?: RequestOptions,
  ): Promise<CustomDefinition>;
  /** `PUT /workspaces/{id}/definitions/{kind}/{definitionId}`. */
  update(
    workspaceId: string,
    definitionId: string,
    body: CustomDefinitionUpdateRequest,
    options?: RequestOptions,
  ): Promise<CustomDefinition>;
  /** `DELETE /workspaces/{id}/definitions/{kind}/{definitionId}` (200 with the deleted definition). */
  delete(workspaceId: string, definitionId: string, options?: RequestOptions): Promise<void>;
}

const DefinitionPage = PageSchema(CustomDefinitionSchema);

/**
 * The custom definition endpoints of one kind.
 * @param api - The client's calls.
 * @param kind - The collection: `sources` or `destinations`.
 */
export function customDefinitionsApi(
  api: ApiResource,
  kind: "sources" | "destinations",
): CustomDefinitionsApi {
  const all = (ws: string): string => `${encodePath`/workspaces/${ws}/definitions`}/${kind}`;
  const one = (ws: string, id: string): string => `${all(ws)}${encodePath`/${id}`}`;
  return {
    // One answer with every definition: the operation takes no limit or offset.
    list: (ws, options) =>
      (async function* () {
        yield* await api.items(DefinitionPage, { ...options, method: "GET", path: all(ws) });
      })(),
    get: async (ws, id, options) =>
      api.json(CustomDefinitionSchema, { ...options, method: "GET", path: one(ws, id) }),
    create: async (ws, body, options) =>
      api.json(CustomDefinitionSchema, { ...options, method: "POST", path: all(ws), body }),
    update: async (ws, id, body, options) =>
      api.json(CustomDefinitionSchema, { ...options, method: "PUT", path: one(ws, id), body }),
    delete: async (ws, id, options) => api.empty({ ...options, method: "DELETE", path: one(ws, id) }),
  };
}
