/**
 * Low-code connectors: `/workspaces/{id}/definitions/declarative_sources`, a workspace's sources
 * defined by a Connector Builder manifest rather than an image.
 */
import { z } from "zod";
import { PageSchema } from "./pagination.js";
import type { RequestOptions } from "./request-options.js";
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

/** `PUT …/declarative_sources/{definitionId}` body. */
export interface DeclarativeSourceDefinitionReplaceRequest {
  /** The new manifest; the definition's version goes up by one. */
  manifest: Record<string, unknown>;
}

const DeclarativePage = PageSchema(DeclarativeSourceDefinitionSchema);

/** Declarative source definition endpoints: `client.declarativeSourceDefinitions`. */
export class DeclarativeSourceDefinitionsApi {
  /** @param api - The client's calls. */
  constructor(private readonly api: ApiResource) {}

  /** `GET /workspaces/{id}/definitions/declarative_sources`, every page. */
  async *list(workspaceId: string, options?: RequestOptions): AsyncIterable<DeclarativeSourceDefinition> {
    // One answer with every definition: the operation takes no limit or offset.
    yield* await this.api.items(DeclarativePage, { ...options, method: "GET", path: all(workspaceId) });
  }

  /** `GET …/declarative_sources/{definitionId}`. */
  async get(
    workspaceId: string,
    definitionId: string,
    options?: RequestOptions,
  ): Promise<DeclarativeSourceDefinition> {
    return this.api.json(DeclarativeSourceDefinitionSchema, {
      ...options,
      method: "GET",
      path: one(workspaceId, definitionId),
    });
  }

  /** `POST …/declarative_sources`. */
  async create(
    workspaceId: string,
    body: DeclarativeSourceDefinitionCreateRequest,
    options?: RequestOptions,
  ): Promise<DeclarativeSourceDefinition> {
    return this.api.json(DeclarativeSourceDefinitionSchema, {
      ...options,
      method: "POST",
      path: all(workspaceId),
      body,
    });
  }

  /** `PUT …/declarative_sources/{definitionId}`: a new manifest, and a new version. */
  async replace(
    workspaceId: string,
    definitionId: string,
    body: DeclarativeSourceDefinitionReplaceRequest,
    options?: RequestOptions,
  ): Promise<DeclarativeSourceDefinition> {
    return this.api.json(DeclarativeSourceDefinitionSchema, {
      ...options,
      method: "PUT",
      path: one(workspaceId, definitionId),
      body,
    });
  }

  /** `DELETE …/declarative_sources/{definitionId}` (200 with the deleted definition). */
  async delete(workspaceId: string, definitionId: string, options?: RequestOptions): Promise<void> {
    return this.api.empty({ ...options, method: "DELETE", path: one(workspaceId, definitionId) });
  }
}

function all(workspaceId: string): string {
  return encodePath`/workspaces/${workspaceId}/definitions/declarative_sources`;
}

function one(workspaceId: string, definitionId: string): string {
  return encodePath`/workspaces/${workspaceId}/definitions/declarative_sources/${definitionId}`;
}
