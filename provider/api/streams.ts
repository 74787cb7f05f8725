/** Stream discovery: `/streams`, what a source offers and the sync modes a destination accepts for it. */
import { z } from "zod";
import type { RequestOptions } from "./request-options.js";
import type { ApiResource } from "./resource.js";

/**
 * `StreamProperties` from `GET /streams`. Note the lower-case `streamnamespace`. `syncModes` is omitted
 * when no destination was given.
 */
export const StreamPropertiesSchema = z.looseObject({
  streamName: z.string(),
  streamnamespace: z.string().optional(),
  syncModes: z.array(z.string()).optional(),
  defaultCursorField: z.array(z.string()).optional(),
  sourceDefinedCursorField: z.boolean().optional(),
  sourceDefinedPrimaryKey: z.array(z.array(z.string())).optional(),
  propertyFields: z.array(z.array(z.string())).optional(),
});
/** See {@link StreamPropertiesSchema}. */
export type StreamProperties = z.infer<typeof StreamPropertiesSchema>;

/** `StreamPropertiesResponse`: a bare array. */
export const StreamPropertiesListSchema = z.array(StreamPropertiesSchema);

/** Stream discovery: `client.streams`. */
export class StreamsApi {
  /** @param api - The client's calls. */
  constructor(private readonly api: ApiResource) {}

  /**
   * `GET /streams`: the source's streams; with a destination, the sync modes the pair supports.
   * `ignoreCache` forces a fresh discover.
   */
  async list(
    params: { sourceId: string; destinationId?: string; ignoreCache?: boolean },
    options?: RequestOptions,
  ): Promise<StreamProperties[]> {
    return this.api.json(StreamPropertiesListSchema, {
      ...options,
      method: "GET",
      path: "/streams",
      query: {
        sourceId: params.sourceId,
        destinationId: params.destinationId,
        ignoreCache: params.ignoreCache,
      },
    });
  }
}
