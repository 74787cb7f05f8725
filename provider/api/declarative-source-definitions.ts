/**
 * Low-code connectors: `/workspaces/{id}/definitions/declarative_sources`, a workspace's sources
 * defined by a Connector Builder manifest rather than an image.
 */
import { z } from "zod";
import type { RequestOptions } from "./http.js";
import { PageSchema } from "./pagination.js";
import type { ApiResource } from "./resource.js";
import { encodePath } from "./url.js";

/** `DeclarativeSourceDefinitionResponse`. `version` goes up by one with each manifest update. */
export const DeclarativeSourceDefinitionSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  manifest: z.record(z.string(), z.unknown()),
  version: z.number(),
});
/** See {@link DeclarativeSourceDefinitionSchema}. */
export type DeclarativeSourceDefinition = z.infer<typeof DeclarativeSourceDefinitionSchema>;

/** `POST …/declarative_sources` body. */
export interface DeclarativeSourceDefinitionCreateRequest {
  /** The connector's name (cannot change later). */
  name: string;
  /** The low-code CDK manifest, as a JSON object. */
  manifest: Record<string, unknown>;
}

/** Declarative source definition endpoints. */
export interface DeclarativeSourceDefinitionsApi {
  /** `GET /workspaces/{id}/definitions/declarative_sources`, every page. */
  list(workspaceId: string, options?: RequestOptions): AsyncIterable<DeclarativeSourceDefinition>;
  /** `GET …/declarative_sources/{definitionId}`. */
  get(
    workspaceId: string,
    definitionId: string,
    options?: RequestOptions,
  ): Promise<DeclarativeSourceDefinition>;
  /** `POST …/declarative_sources`. */
  create(
    workspaceId: string,
    body: DeclarativeSourceDefinitionCreateRequest,
    options?: RequestOptions,
  ): Promise<DeclarativeSourceDefinition>;
  /** `PUT …/declarative_sources/{definitionId}`: a new manifest, and a new version. */
  update(
    workspaceId: string,
    definitionId: string,
    body: { manifest: Record<string, unknown> },
    options?: RequestOptions,
  ): Promise<DeclarativeSourceDefinition>;
  /** `DELETE …/declarative_sources/{definitionId}` (200 with the deleted definition). */
  delete(workspaceId: string, definitionId: string, options?: RequestOptions): Promise<void>;
}

const DeclarativePage = PageSchema(DeclarativeSourceDefinitionSchema);

/** The declarative source definition endpoints of a client. */
export function declarativeSourceDefinitionsApi(api: ApiResource): DeclarativeSourceDefinitionsApi {
  const all = (ws: string): string => encodePath`/workspaces/${ws}/definitions/declarative_sources`;
  const one = (ws: string, id: string): string =>
    encodePath`/workspaces/${ws}/definitions/declarative_sources/${id}`;
  return {
    // One answer with every definition: the operation takes no limit or offset.
    list: (ws, options) =>
      (async function* () {
        yield* await api.items(DeclarativePage, { ...options, method: "GET", path: all(ws) });
      })(),
    get: async (ws, id, options) =>
      api.json(DeclarativeSourceDefinitionSchema, { ...options, method: "GET", path: one(ws, id) }),
    create: async (ws, body, options) =>
      api.json(DeclarativeSourceDefinitionSchema, { ...options, method: "POST", path: all(ws), body }),
    update: async (ws, id, body, options) =>
      api.json(DeclarativeSourceDefinitionSchema, { ...options, method: "PUT", path: one(ws, id), body }),
    delete: async (ws, id, options) => api.empty({ ...options, method: "DELETE", path: one(ws, id) }),
  };
}
