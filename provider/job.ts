import { setTimeout as sleep } from "node:timers/promises";
import { z } from "zod";
import type { AirbyteClient } from "./api/client.js";
import { ConflictError, ignoreNotFound } from "./api/errors.js";
import type { Job as ApiJob } from "./api/index.js";
import type { KindSpec } from "./framework/contract.js";
import { INTERRUPTED_RUN_WINDOW_SECONDS } from "./framework/create-once.js";
import { defineProvider } from "./framework/dynamic.js";
import { log } from "./logger.js";

/** Statuses after which a job never changes again. Any other status, known or not, is "still going". */
export const TERMINAL_STATUSES: ReadonlySet<string> = new Set(["succeeded", "failed", "cancelled"]);

const WaitSchema = z.union([
  z.boolean(),
  z.strictObject({
    timeoutSeconds: z
      .number()
      .positive({ error: "wait.timeoutSeconds must be a positive number of seconds, e.g. 3600" })
      .optional(),
    pollIntervalSeconds: z
      .number()
      .positive({ error: "wait.pollIntervalSeconds must be a positive number of seconds, e.g. 5" })
      .optional(),
  }),
]);

/** The schema `check` applies to a Job's inputs. */
export const JobInputsSchema = z.strictObject({
  connectionId: z.uuid({
    error: "connectionId must be the UUID of a connection (e.g. connection.connectionId)",
  }),
  jobType: z
    .enum(["sync", "reset", "clear"], { error: 'jobType must be "sync", "reset" or "clear"' })
    .optional(),
  triggers: z.array(z.unknown()).optional(),
  wait: WaitSchema.optional(),
  failOnError: z.boolean().optional(),
  requireRows: z.boolean().optional(),
});

/** Inputs of a Job. */
export type JobInputs = z.infer<typeof JobInputsSchema>;

/** State of a Job: its inputs plus the job's figures as last seen. */
export type JobState = JobInputs & z.infer<typeof JobComputedSchema>;

/** The job's figures as last seen. */
export const JobComputedSchema = z.object({
  jobId: z.number().describe("The job's id."),
  status: z.string().describe("pending, running, incomplete, failed, succeeded or cancelled."),
  startTime: z.string().optional().describe("When it started (ISO 8601)."),
  lastUpdatedAt: z.string().optional().describe("When it last changed (ISO 8601)."),
  duration: z.string().optional().describe("How long it ran (ISO 8601 duration)."),
  rowsSynced: z.number().describe("Rows synced."),
  bytesSynced: z.number().describe("Bytes synced."),
});

const DEFAULT_TIMEOUT_SECONDS = 3600;
const DEFAULT_POLL_SECONDS = 5;
const MAX_POLL_SECONDS = 30;

function waitSettings(wait: JobInputs["wait"]): { enabled: boolean; timeoutMs: number; pollMs: number } {
  if (wait === false) return { enabled: false, timeoutMs: 0, pollMs: 0 };
  const w = typeof wait === "object" ? wait : {};
  return {
    enabled: true,
    timeoutMs: (w.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000,
    pollMs: (w.pollIntervalSeconds ?? DEFAULT_POLL_SECONDS) * 1000,
  };
}

function stateFrom(inputs: JobInputs, job: ApiJob): JobState {
  const state: JobState = {
    ...inputs,
    connectionId: job.connectionId,
    jobId: job.jobId,
    status: job.status,
    jobType: (job.jobType as JobInputs["jobType"]) ?? inputs.jobType,
    rowsSynced: job.rowsSynced ?? 0,
    bytesSynced: job.bytesSynced ?? 0,
  };
  if (job.startTime !== undefined) state.startTime = job.startTime;
  if (job.lastUpdatedAt !== undefined) state.lastUpdatedAt = job.lastUpdatedAt;
  if (job.duration !== undefined) state.duration = job.duration;
  return state;
}

/** True for the 409 Airbyte answers when a sync already runs for the connection. */
function isAlreadyRunning(error: unknown): boolean {
  return (
    ConflictError.isInstance(error) &&
    /already running|try-again-later/i.test(`${error.problem?.title ?? ""} ${error.message}`)
  );
}

/** The job still running for a connection (the one a 409 refers to), newest first. */
async function runningJob(client: AirbyteClient, connectionId: string): Promise<ApiJob | undefined> {
  for await (const job of client.jobs.list({ connectionId, orderBy: "createdAt|DESC", limit: 20 })) {
    if (!TERMINAL_STATUSES.has(job.status)) return job;
  }
  return undefined;
}

/**
 * Starts the job, or attaches to the sync already running for the connection (Airbyte refuses a
 * second one with a 409).
 */
async function start(client: AirbyteClient, inputs: JobInputs): Promise<ApiJob> {
  const jobType = inputs.jobType ?? "sync";
  try {
    return await client.jobs.create({ connectionId: inputs.connectionId, jobType });
  } catch (error) {
    if (!isAlreadyRunning(error)) throw error;
    const running = await runningJob(client, inputs.connectionId);
    if (running === undefined) throw error;
    log.info(
      `Airbyte: a ${running.jobType} is already running for this connection (job ${running.jobId}); waiting for it`,
    );
    return running;
  }
}

function progress(job: ApiJob): string {
  const rows = job.rowsSynced !== undefined ? `, ${job.rowsSynced} rows` : "";
  const bytes = job.bytesSynced !== undefined ? `, ${job.bytesSynced} bytes` : "";
  return `Airbyte ${job.jobType} job ${job.jobId}: ${job.status}${rows}${bytes}`;
}

/**
 * Polls the job until it ends, backing off from the poll interval up to 30 s. On timeout the
 * job is cancelled, so a deployment never leaves an orphan sync behind.
 */
export async function waitFor(
  client: Pick<AirbyteClient, "jobs">,
  job: ApiJob,
  timeoutMs: number,
  pollMs: number,
): Promise<ApiJob> {
  const deadline = Date.now() + timeoutMs;
  let delay = pollMs;
  let last = "";
  let current = job;
  while (!TERMINAL_STATUSES.has(current.status)) {
    const line = progress(current);
    if (line !== last) log.info(line);
    last = line;
    const left = deadline - Date.now();
    if (left <= 0) {
      await ignoreNotFound(client.jobs.cancel(current.jobId)).catch((error: unknown) => {
        // A job that ended meanwhile cannot be cancelled (409): nothing is left running.
        if (!ConflictError.isInstance(error)) throw error;
      });
      throw new Error(
        `Airbyte ${current.jobType} job ${current.jobId} for connection ${current.connectionId} did not finish within ` +
          `${Math.round(timeoutMs / 1000)} s (last status: ${current.status}); it was cancelled. ` +
          "Raise wait.timeoutSeconds, or set wait: false to start the job without waiting.",
      );
    }
    await sleep(Math.min(delay, left));
    delay = Math.min(Math.round(delay * 1.5), Math.max(pollMs, MAX_POLL_SECONDS * 1000));
    current = await client.jobs.get(current.jobId);
  }
  log.info(progress(current));
  return current;
}

/** Why a finished job fails the deployment, or `undefined` when it does not. */
function failure(inputs: JobInputs, job: ApiJob): string | undefined {
  // A job not waited for is judged by no one: its status is recorded as it was at the start.
  if (inputs.failOnError === false || !TERMINAL_STATUSES.has(job.status)) return undefined;
  const what = `Airbyte ${job.jobType} job ${job.jobId} for connection ${job.connectionId}`;
  if (job.status !== "succeeded") {
    const reason = (job as Record<string, unknown>).failureReason;
    const detail = typeof reason === "string" && reason !== "" ? `: ${reason}` : "";
    return (
      `${what} ${job.status}${detail} (after ${job.duration ?? "?"}, ${job.rowsSynced ?? 0} rows). ` +
      "See the job's logs in Airbyte; set failOnError: false to record the status without failing."
    );
  }
  if (inputs.requireRows === true && job.jobType === "sync" && (job.rowsSynced ?? 0) === 0) {
    return `${what} succeeded but synced 0 rows, and requireRows is set.`;
  }
  return undefined;
}

/**
 * The jobs this process started or read, as last seen: settling a job follows it from there
 * without asking for it again.
 */
const seen = new Map<string, ApiJob>();

export const jobSpec: KindSpec<JobInputs, JobState> = {
  kind: "job",
  inputs: JobInputsSchema,
  computed: JobComputedSchema,
  fields: {
    connectionId: { replace: true },
    jobType: { replace: true, normalize: (v) => v ?? "sync" },
    // Any change of the triggers runs a new job: a replacement, like a new deployment.
    triggers: { replace: true },
    wait: {},
    failOnError: {},
    requireRows: {},
  },

  createOnce: {
    strategy: "creation-time",
    // The same connection, job type and triggers: the same Job resource, retried. A replacement
    // (new triggers) or another connection is a different identity, and starts its own sync.
    identity: (inputs) => [inputs.connectionId, inputs.jobType ?? "sync", inputs.triggers ?? []],
    within: (inputs) => [inputs.connectionId],
    // A job of the connection that someone else started lately looks like ours: only a record says
    // a job was this resource's, so a job is never taken on a look-up before its create.
    scannable: false,
    candidates: async (client, inputs) => ({
      listKey: `jobs:${inputs.connectionId}`,
      async list() {
        const jobs: ApiJob[] = [];
        // No record outlives the window: older jobs are never what a create made.
        const since = new Date(Date.now() - (INTERRUPTED_RUN_WINDOW_SECONDS + 120) * 1000);
        for await (const job of client.jobs.list({
          connectionId: inputs.connectionId,
          createdAtStart: since.toISOString(),
          orderBy: "createdAt|DESC",
          limit: 20,
        }))
          jobs.push(job);
        return jobs;
      },
      id: (job: ApiJob) => String(job.jobId),
      createdAt: (job: ApiJob) => Math.floor(Date.parse(job.startTime) / 1000),
      matches: (job: ApiJob) => job.jobType === (inputs.jobType ?? "sync"),
    }),
  },

  async create(client, inputs) {
    const job = await start(client, inputs);
    seen.set(String(job.jobId), job);
    return { id: String(job.jobId), state: stateFrom(inputs, job) };
  },

  // Follows the job to its end, whether this create started it or an earlier run did.
  async settle(client, id, _state, inputs) {
    let job = seen.get(id) ?? (await client.jobs.get(Number(id)));
    const wait = waitSettings(inputs.wait);
    if (wait.enabled) job = await waitFor(client, job, wait.timeoutMs, wait.pollMs);
    const reason = failure(inputs, job);
    if (reason !== undefined) throw new Error(reason);
    return stateFrom(inputs, job);
  },

  async read(client, id, state) {
    const job = await ignoreNotFound(client.jobs.get(Number(id)));
    if (job === undefined) return undefined;
    seen.set(id, job);
    return stateFrom(state, job);
  },

  async update(_client, _id, state, inputs) {
    // Only how to wait or judge a job can change in place; that touches nothing in Airbyte.
    return { ...state, ...inputs };
  },

  async delete(client, id, state) {
    const job = await ignoreNotFound(client.jobs.get(Number(id)));
    if (job === undefined || TERMINAL_STATUSES.has(job.status)) return;
    log.info(`Airbyte: cancelling ${state.jobType ?? "sync"} job ${id}, still ${job.status}`);
    await ignoreNotFound(client.jobs.cancel(job.jobId));
  },
};

/** The dynamic provider behind `Job`, loaded by the stub in `sdk/stub.ts`. */
export default defineProvider(jobSpec);
