/** Destinations: `/destinations`. */
import { z } from "zod";
import { ACTOR_FIELDS, ActorsApi } from "./actors.js";
import type { ApiResource } from "./resource.js";
import type { Configuration, ScopedResourceRequirements } from "./schemas.js";

/** `DestinationResponse`. `destinationType` is `""` for connectors outside Airbyte's name table. */
export const DestinationSchema = z.looseObject({
  destinationId: z.string(),
  destinationType: z.string(),
  ...ACTOR_FIELDS,
});
/** See {@link DestinationSchema}. */
export type Destination = z.infer<typeof DestinationSchema>;

/** `POST /destinations` body. Without `definitionId`, `configuration.destinationType` names the connector. */
export interface DestinationCreateRequest {
  /** Destination name. */
  name: string;
  /** Workspace to create it in (immutable). */
  workspaceId: string;
  /** Connector configuration. */
  configuration: Configuration;
  /** Connector definition (immutable). */
  definitionId?: string;
  /** Worker resources (rejected on Cloud). */
  resourceAllocation?: ScopedResourceRequirements;
}

/** `PATCH /destinations/{id}` body: a deep merge into the stored configuration. */
export interface DestinationUpdateRequest {
  /** New name; kept when omitted. */
  name?: string;
  /** Configuration to merge. */
  configuration?: Configuration;
  /** Worker resources. */
  resourceAllocation?: ScopedResourceRequirements;
}

/** `PUT /destinations/{id}` body: full replacement. */
export interface DestinationReplaceRequest {
  /** Name. */
  name: string;
  /** The complete configuration. */
  configuration: Configuration;
  /** Worker resources. */
  resourceAllocation?: ScopedResourceRequirements;
}

/** Destination endpoints: `client.destinations`. */
export class DestinationsApi extends ActorsApi<
  Destination,
  DestinationCreateRequest,
  DestinationUpdateRequest,
  DestinationReplaceRequest
> {
  /** @param api - The client's calls. */
  constructor(api: ApiResource) {
    super(api, "destinations", DestinationSchema);
  }
}
