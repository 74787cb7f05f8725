/** Connector definitions: `/connector_definitions`, the connectors a workspace can use. */
import { z } from "zod";
import type { RequestOptions } from "./http.js";
import { PageSchema } from "./pagination.js";
import type { ApiResource } from "./resource.js";

/** `ConnectorDefinitionResponse`. `version` is the docker image tag. */
export const ConnectorDefinitionSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  /** `source` or `destination`. */
  connectorDefinitionType: z.string().optional(),
  version: z.string().optional(),
});
/** See {@link ConnectorDefinitionSchema}. */
export type ConnectorDefinition = z.infer<typeof ConnectorDefinitionSchema>;

/** Connector definitions. */
export interface ConnectorDefinitionsApi {
  /** `GET /connector_definitions`: public ones, or those visible to a workspace. */
  list(
    params: { type: "source" | "destination"; workspaceId?: string },
    options?: RequestOptions,
  ): Promise<ConnectorDefinition[]>;
}

const DefinitionList = PageSchema(ConnectorDefinitionSchema);

/** The connector definition endpoints of a client. */
export function connectorDefinitionsApi(api: ApiResource): ConnectorDefinitionsApi {
  return {
    list: async (params, options) =>
      api.items(DefinitionList, {
        ...options,
        method: "GET",
        path: "/connector_definitions",
        query: { type: params.type, workspaceId: params.workspaceId },
      }),
  };
}
