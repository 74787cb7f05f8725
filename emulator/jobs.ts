/**
 * Job lifecycle: pending → running → succeeded | failed (or cancelled), driven by timers over the
 * configured duration. Every read also "settles" jobs against the clock, so answers stay right
 * even when a timer fires late, and jobs left unfinished by a restart resume.
 */
import type { JobRecord, JobStatus, Store } from "./store.js";

const TERMINAL: ReadonlySet<JobStatus> = new Set(["succeeded", "failed", "cancelled"]);

/** True for the states a job never leaves: succeeded, failed, cancelled. */
export function isTerminal(status: JobStatus): boolean {
  return TERMINAL.has(status);
}

/** The real server's ISO form: `OffsetDateTime.toString()` of whole seconds, which drops ":00" seconds. */
export function javaIsoTime(ms: number): string {
  const iso = new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");
  return iso.endsWith(":00Z") ? `${iso.slice(0, -4)}Z` : iso;
}

/** `java.time.Duration.toString()` of whole seconds, e.g. `PT3S`, `PT1H2M`. */
export function isoDuration(seconds: number): string {
  if (seconds <= 0) return "PT0S";
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return `PT${h ? `${h}H` : ""}${m ? `${m}M` : ""}${s ? `${s}S` : ""}`;
}

/** Options of {@link JobRunner}. */
export interface JobRunnerOptions {
  store: Store;
  durationMs: number;
  log: (line: string) => void;
  /** Called once when a job reaches succeeded or failed (not cancelled). */
  onFinished: (job: JobRecord) => void;
}

/** Owns job timers and state transitions. */
export class JobRunner {
  private readonly timers = new Map<number, NodeJS.Timeout[]>();

  constructor(private readonly opts: JobRunnerOptions) {}

  /** Time from creation to running: a short pending phase, as the platform queues a job first. */
  private pendingMs(): number {
    return Math.min(1000, Math.floor(this.opts.durationMs / 10));
  }

  /** Starts a job and schedules its transitions. `hang`: it stays running until cancelled. */
  start(
    fields: Pick<JobRecord, "connectionId" | "workspaceId" | "jobType" | "rows" | "bytes">,
    hooks: { fail?: string; hang?: boolean } = {},
  ): JobRecord {
    const { state } = this.opts.store;
    const now = Date.now();
    const job: JobRecord = {
      ...fields,
      jobId: state.nextJobId++,
      status: "pending",
      createdAt: now,
      updatedAt: now,
      runAt: now + this.pendingMs(),
      outcome: hooks.fail !== undefined ? "failed" : "succeeded",
    };
    if (!hooks.hang) job.dueAt = now + Math.max(this.opts.durationMs, this.pendingMs());
    if (hooks.fail !== undefined) job.failureReason = hooks.fail;
    state.jobs[String(job.jobId)] = job;
    this.opts.store.save();
    this.schedule(job);
    return job;
  }

  private schedule(job: JobRecord): void {
    const at = [job.runAt, job.dueAt].filter((t): t is number => t !== undefined);
    const timers = at.map((t) =>
      // unref: pending jobs must not keep a test process or CLI alive on their own.
      setTimeout(() => this.settle(job), Math.max(0, t - Date.now())).unref(),
    );
    this.timers.set(job.jobId, timers);
  }

  /** Brings a job up to date with the clock; fires `onFinished` on the transition to terminal. */
  settle(job: JobRecord): JobRecord {
    if (isTerminal(job.status)) return job;
    const now = Date.now();
    let changed = false;
    if (job.status === "pending" && now >= job.runAt) {
      job.status = "running";
      job.updatedAt = job.runAt;
      changed = true;
    }
    if (job.status === "running" && job.dueAt !== undefined && now >= job.dueAt) {
      job.status = job.outcome;
      job.updatedAt = job.dueAt;
      if (job.outcome === "failed") {
        job.rows = 0;
        job.bytes = 0;
      }
      this.clearTimers(job.jobId);
      this.opts.store.save();
      this.opts.log(`job ${job.jobId} ${job.status}`);
      try {
        this.opts.onFinished(job);
      } catch (e) {
        this.opts.log(`job ${job.jobId}: notification failed: ${String(e)}`);
      }
      return job;
    }
    if (changed) this.opts.store.save();
    return job;
  }

  /** Settles every job (before answering a list). */
  settleAll(): void {
    for (const j of Object.values(this.opts.store.state.jobs)) this.settle(j);
  }

  /** Cancels a job that has not finished; returns false when it already had. */
  cancel(job: JobRecord): boolean {
    this.settle(job);
    if (isTerminal(job.status)) return false;
    job.status = "cancelled";
    job.updatedAt = Date.now();
    job.rows = 0;
    job.bytes = 0;
    this.clearTimers(job.jobId);
    this.opts.store.save();
    return true;
  }

  /** Re-arms timers of jobs that were still in flight when the state was saved. */
  resume(): void {
    for (const j of Object.values(this.opts.store.state.jobs)) {
      if (!isTerminal(j.status)) {
        this.settle(j);
        if (!isTerminal(j.status)) this.schedule(j);
      }
    }
  }

  private clearTimers(jobId: number): void {
    for (const t of this.timers.get(jobId) ?? []) clearTimeout(t);
    this.timers.delete(jobId);
  }

  /** Stops all timers. */
  stop(): void {
    for (const id of [...this.timers.keys()]) this.clearTimers(id);
  }
}
