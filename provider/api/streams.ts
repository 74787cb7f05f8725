/** Stream discovery: `/streams`, what a source offers and the sync modes a destination accepts for it. */
import { z } from "zod";
import type { RequestOptions } from "./http.js";
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

/** Stream discovery. */
export interface StreamsApi {
  /**
   * `GET /streams`: the source's streams; with a destination, the sync modes the pair supports.
   * `ignoreCache` forces a fresh discover.
   */
  get(
    params: { sourceId: string; destinationId?: string; ignoreCache?: boolean },
    options?: RequestOptions,
  ): Promise<StreamProperties[]>;
}

/** The stream endpoints of a client. */
export function streamsApi(api: ApiResource): StreamsApi {
  return {
    get: async (params, options) =>
      api.json(StreamPropertiesListSchema, {
        ...options,
        method: "GET",
        path: "/streams",
        query: {
          sourceId: params.sourceId,
          destinationId: params.destinationId,
          ignoreCache: params.ignoreCache,
        },
      }),
  };
}
