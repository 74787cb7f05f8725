/**
 * A workspace's own connectors: `/workspaces/{id}/definitions/sources` and `…/destinations` (a
 * Docker image and tag), the same endpoints under both.
 */
import { z } from "zod";
import { PageSchema } from "./pagination.js";
import type { RequestOptions } from "./request-options.js";
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
export interface CustomDefinitionReplaceRequest {
  /** Name. */
  name: string;
  /** Image tag. */
  dockerImageTag: string;
}

const DefinitionPage = PageSchema(CustomDefinitionSchema);

/**
 * The custom definitions of one connector kind in a workspace: `client.sourceDefinitions` and
 * `client.destinationDefinitions`.
 */
export class CustomDefinitionsApi {
  /**
   * @param api - The client's calls.
   * @param kind - The collection: `sources` or `destinations`.
   */
  constructor(
    private readonly api: ApiResource,
    private readonly kind: "sources" | "destinations",
  ) {}

  /** `GET /workspaces/{id}/definitions/{kind}`, every page. */
  async *list(workspaceId: string, options?: RequestOptions): AsyncIterable<CustomDefinition> {
    // One answer with every definition: the operation takes no limit or offset.
    yield* await this.api.items(DefinitionPage, { ...options, method: "GET", path: this.all(workspaceId) });
  }

  /** `GET /workspaces/{id}/definitions/{kind}/{definitionId}`. */
  async get(workspaceId: string, definitionId: string, options?: RequestOptions): Promise<CustomDefinition> {
    return this.api.json(CustomDefinitionSchema, {
      ...options,
      method: "GET",
      path: this.one(workspaceId, definitionId),
    });
  }

  /** `POST /workspaces/{id}/definitions/{kind}`. */
  async create(
    workspaceId: string,
    body: CustomDefinitionCreateRequest,
    options?: RequestOptions,
  ): Promise<CustomDefinition> {
    return this.api.json(CustomDefinitionSchema, {
      ...options,
      method: "POST",
      path: this.all(workspaceId),
      body,
    });
  }

  /** `PUT /workspaces/{id}/definitions/{kind}/{definitionId}`: a new name and image tag. */
  async replace(
    workspaceId: string,
    definitionId: string,
    body: CustomDefinitionReplaceRequest,
    options?: RequestOptions,
  ): Promise<CustomDefinition> {
    return this.api.json(CustomDefinitionSchema, {
      ...options,
      method: "PUT",
      path: this.one(workspaceId, definitionId),
      body,
    });
  }

  /** `DELETE /workspaces/{id}/definitions/{kind}/{definitionId}` (200 with the deleted definition). */
  async delete(workspaceId: string, definitionId: string, options?: RequestOptions): Promise<void> {
    return this.api.empty({ ...options, method: "DELETE", path: this.one(workspaceId, definitionId) });
  }

  private all(workspaceId: string): string {
    return `${encodePath`/workspaces/${workspaceId}/definitions`}/${this.kind}`;
  }

  private one(workspaceId: string, definitionId: string): string {
    return `${this.all(workspaceId)}${encodePath`/${definitionId}`}`;
  }
}
