/** Sources: `/sources`. */
import { z } from "zod";
import { ACTOR_FIELDS, ActorsApi } from "./actors.js";
import type { ApiResource } from "./resource.js";
import type { Configuration, ScopedResourceRequirements } from "./schemas.js";

/** `SourceResponse`. `sourceType` is `""` for connectors outside Airbyte's name table. */
export const SourceSchema = z.looseObject({
  sourceId: z.string(),
  sourceType: z.string(),
  ...ACTOR_FIELDS,
});
/** See {@link SourceSchema}. */
export type Source = z.infer<typeof SourceSchema>;

/** `POST /sources` body. Without `definitionId`, `configuration.sourceType` names the connector. */
export interface SourceCreateRequest {
  /** Source name. */
  name: string;
  /** Workspace to create it in (immutable). */
  workspaceId: string;
  /** Connector configuration. */
  configuration: Configuration;
  /** Connector definition (immutable). */
  definitionId?: string;
  /** Secret id from the OAuth flow. */
  secretId?: string;
  /** Worker resources (rejected on Cloud). */
  resourceAllocation?: ScopedResourceRequirements;
}

/** `PATCH /sources/{id}` body: a deep merge into the stored configuration. */
export interface SourceUpdateRequest {
  /** New name; kept when omitted. */
  name?: string;
  /** Accepted but ignored by the server. */
  workspaceId?: string;
  /** Configuration to merge (objects merge, scalars and arrays replace). */
  configuration?: Configuration;
  /** Secret id from the OAuth flow. */
  secretId?: string;
  /** Worker resources. */
  resourceAllocation?: ScopedResourceRequirements;
}

/** `PUT /sources/{id}` body: full replacement; a secret given as `"**********"` keeps the stored value. */
export interface SourceReplaceRequest {
  /** Name. */
  name: string;
  /** The complete configuration. */
  configuration: Configuration;
  /** Worker resources. */
  resourceAllocation?: ScopedResourceRequirements;
}

/** Source endpoints: `client.sources`. */
export class SourcesApi extends ActorsApi<
  Source,
  SourceCreateRequest,
  SourceUpdateRequest,
  SourceReplaceRequest
> {
  /** @param api - The client's calls. */
  constructor(api: ApiResource) {
    super(api, "sources", SourceSchema);
  }
}
