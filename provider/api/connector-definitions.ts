/** Connector definitions: `/connector_definitions`, the connectors a workspace can use. */
import { z } from "zod";
import { PageSchema } from "./pagination.js";
import type { RequestOptions } from "./request-options.js";
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

const DefinitionList = PageSchema(ConnectorDefinitionSchema);

/** Connector definitions: `client.connectorDefinitions`. */
export class ConnectorDefinitionsApi {
  /** @param api - The client's calls. */
  constructor(private readonly api: ApiResource) {}

  /** `GET /connector_definitions`: public ones, or those visible to a workspace. */
  async list(
    params: { type: "source" | "destination"; workspaceId?: string },
    options?: RequestOptions,
  ): Promise<ConnectorDefinition[]> {
    return this.api.items(DefinitionList, {
      ...options,
      method: "GET",
      path: "/connector_definitions",
      query: { type: params.type, workspaceId: params.workspaceId },
    });
  }
}
