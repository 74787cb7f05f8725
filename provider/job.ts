import { setTimeout as sleep } from "node:timers/promises";
import { z } from "zod";
import type { AirbyteClient } from "./api/client.js";
import { ConflictError, ignoreNotFound } from "./api/errors.js";
import type { Job as ApiJob } from "./api/index.js";
import { defineProvider, outcomeUnknown, type ResourceSpec } from "./framework.js";
import { clearIntent, intentKey, readIntent, writeIntent } from "./intents.js";
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
export interface JobState extends JobInputs {
  jobId: number;
  status: string;
  startTime?: string;
  lastUpdatedAt?: string;
  duration?: string;
  rowsSynced: number;
  bytesSynced: number;
}

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
 * The job of this type that a `POST /jobs` whose answer was lost started, if it did: the
 * connection's newest job of that type made since the attempt began (Airbyte records when).
 */
async function startedDespiteLostAnswer(
  client: AirbyteClient,
  inputs: JobInputs,
  since: Date,
): Promise<ApiJob | undefined> {
  const jobType = inputs.jobType ?? "sync";
  for await (const job of client.jobs.list({
    connectionId: inputs.connectionId,
    createdAtStart: since.toISOString(),
    orderBy: "createdAt|DESC",
    limit: 20,
  })) {
    if (job.jobType === jobType) return job;
  }
  return undefined;
}

/**
 * The job an earlier run of this same Job started and then stopped (killed) before Pulumi recorded
 * it, as this machine's in-flight record says: followed rather than started again.
 */
async function resumed(client: AirbyteClient, inputs: JobInputs, key: string): Promise<ApiJob | undefined> {
  const earlier = await readIntent(key);
  if (earlier === undefined) return undefined;
  const job =
    earlier.id !== undefined
      ? await ignoreNotFound(client.jobs.get(Number(earlier.id)))
      : await startedDespiteLostAnswer(client, inputs, new Date(earlier.startedAt - 120_000));
  if (job !== undefined) {
    log.warn(
      `Airbyte: ${job.jobType} job ${job.jobId} was started by an earlier run that stopped before Pulumi recorded it; following it instead of starting another`,
    );
  }
  return job;
}

/**
 * Starts the job, or attaches to the sync already running for the connection. A start whose
 * answer was lost is resolved by looking at the connection's jobs, never by starting a second.
 */
async function start(client: AirbyteClient, inputs: JobInputs): Promise<ApiJob> {
  const jobType = inputs.jobType ?? "sync";
  // Airbyte's clock and ours may differ a little; a job of this connection started in the same
  // minute by someone else would be joined, which the 409 rule below does anyway.
  const since = new Date(Date.now() - 120_000);
  try {
    return await client.jobs.create({ connectionId: inputs.connectionId, jobType });
  } catch (error) {
    if (outcomeUnknown(error)) {
      const started = await startedDespiteLostAnswer(client, inputs, since);
      if (started !== undefined) {
        log.warn(
          `Airbyte: the answer to starting the ${jobType} was lost; it did start (job ${started.jobId}): following it`,
        );
        return started;
      }
      log.warn(`Airbyte: starting the ${jobType} failed before Airbyte started it; trying once more`);
      return client.jobs.create({ connectionId: inputs.connectionId, jobType });
    }
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

const spec: ResourceSpec<JobInputs, JobState> = {
  kind: "job",
  inputs: JobInputsSchema,
  fields: {
    connectionId: { replace: true },
    jobType: { replace: true, normalize: (v) => v ?? "sync" },
    // Any change of the triggers runs a new job: a replacement, like a new deployment.
    triggers: { replace: true },
    wait: {},
    failOnError: {},
    requireRows: {},
  },

  async create(client, inputs) {
    // The same connection, job type and triggers: the same Job resource, retried. A replacement
    // (new triggers) or another connection is a different key, and starts its own sync.
    const key = intentKey("job", [inputs.connectionId, inputs.jobType ?? "sync", inputs.triggers ?? []]);
    let job = await resumed(client, inputs, key);
    if (job === undefined) {
      const startedAt = Date.now();
      await writeIntent(key, { startedAt });
      job = await start(client, inputs);
      await writeIntent(key, { startedAt, id: String(job.jobId) });
    }
    try {
      const wait = waitSettings(inputs.wait);
      if (wait.enabled) job = await waitFor(client, job, wait.timeoutMs, wait.pollMs);
      const reason = failure(inputs, job);
      if (reason !== undefined) throw new Error(reason);
      return { id: String(job.jobId), state: stateFrom(inputs, job) };
    } finally {
      // Finished, well or badly: a later create of the same Job starts a sync of its own.
      await clearIntent(key);
    }
  },

  async read(client, id, state) {
    const job = await ignoreNotFound(client.jobs.get(Number(id)));
    if (job === undefined) return undefined;
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
export default defineProvider(spec);
