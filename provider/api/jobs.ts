/** Jobs: `/jobs`, the syncs, resets and clears a connection runs. */
import { z } from "zod";
import { PageSchema, type PaginateOptions } from "./pagination.js";
import type { RequestOptions } from "./request-options.js";
import type { ApiResource } from "./resource.js";
import { encodePath } from "./url.js";

/**
 * `JobResponse`. `status` is a string, not an enum: pending, queued, running, incomplete, failed, succeeded,
 * cancelled today, more tomorrow. `jobType` is sync, reset, refresh or clear. Times are ISO-8601 strings
 * (possibly without seconds), `duration` an ISO-8601 duration.
 */
export const JobSchema = z.looseObject({
  jobId: z.number(),
  status: z.string(),
  jobType: z.string(),
  connectionId: z.string(),
  startTime: z.string(),
  lastUpdatedAt: z.string().optional(),
  duration: z.string().optional(),
  bytesSynced: z.number().optional(),
  rowsSynced: z.number().optional(),
});
/** See {@link JobSchema}. */
export type Job = z.infer<typeof JobSchema>;

/** `POST /jobs` body. `refresh` is rejected with 422 by the public API. */
export interface JobCreateRequest {
  /** Connection to run. */
  connectionId: string;
  /** `sync`, `reset`, `clear` (or `refresh`). */
  jobType: "sync" | "reset" | "refresh" | "clear" | (string & {});
}

/** Filters of {@link JobsApi.list}. */
export interface JobListParams extends PaginateOptions {
  /** Only this connection's jobs. */
  connectionId?: string;
  /** Only these workspaces. */
  workspaceIds?: readonly string[];
  /** `sync`, `reset`, `refresh` or `clear`. */
  jobType?: string;
  /** One status, e.g. `running`. */
  status?: string;
  /** `createdAt|ASC` (the server's default), `createdAt|DESC`, `updatedAt|ASC`, `updatedAt|DESC`. */
  orderBy?: string;
  /** ISO-8601 date-time bounds. */
  createdAtStart?: string;
  /** ISO-8601 date-time bounds. */
  createdAtEnd?: string;
  /** ISO-8601 date-time bounds. */
  updatedAtStart?: string;
  /** ISO-8601 date-time bounds. */
  updatedAtEnd?: string;
}

const JobPage = PageSchema(JobSchema);

function jobPath(jobId: number): string {
  if (!Number.isSafeInteger(jobId) || jobId < 0)
    throw new TypeError(`jobId must be a non-negative integer, got ${jobId}`);
  return encodePath`/jobs/${jobId}`;
}

/** Job endpoints: `client.jobs`. */
export class JobsApi {
  /** @param api - The client's calls. */
  constructor(private readonly api: ApiResource) {}

  /** `GET /jobs`, every page (oldest first unless `orderBy` says otherwise). */
  list(params?: JobListParams, options?: RequestOptions): AsyncIterable<Job> {
    return this.api.pages(
      JobPage,
      "/jobs",
      {
        connectionId: params?.connectionId,
        workspaceIds: params?.workspaceIds,
        jobType: params?.jobType,
        status: params?.status,
        orderBy: params?.orderBy,
        createdAtStart: params?.createdAtStart,
        createdAtEnd: params?.createdAtEnd,
        updatedAtStart: params?.updatedAtStart,
        updatedAtEnd: params?.updatedAtEnd,
      },
      params,
      options,
    );
  }

  /** `GET /jobs/{id}`. */
  async get(jobId: number, options?: RequestOptions): Promise<Job> {
    return this.api.json(JobSchema, { ...options, method: "GET", path: jobPath(jobId) });
  }

  /** `POST /jobs`: starts a sync, reset or clear. 409 when one is already running. */
  async create(body: JobCreateRequest, options?: RequestOptions): Promise<Job> {
    return this.api.json(JobSchema, { ...options, method: "POST", path: "/jobs", body });
  }

  /**
   * `DELETE /jobs/{id}`: cancels a running job and returns it. 409 when it is not running. Named for what it
   * does: the job is stopped, not removed.
   */
  async cancel(jobId: number, options?: RequestOptions): Promise<Job> {
    return this.api.json(JobSchema, { ...options, method: "DELETE", path: jobPath(jobId) });
  }
}
