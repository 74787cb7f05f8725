/**
 * Create records: what a create keeps while it is in flight, so that a run stopped before Pulumi
 * saved its state can be told apart from a new request. Airbyte keeps no idempotency keys and no
 * free metadata on a sync job, so nothing in Airbyte says which deployment started a job: a job
 * that finished before the stopped run was retried would otherwise be started again.
 *
 * A record is written before the write to Airbyte, updated with the id Airbyte answered, and kept
 * until the engine ends the provider in order (its state saved). Only a run that died in between
 * leaves one behind. The records live with the stack's state: in a `file://` backend's folder or
 * an `s3://` backend's bucket (`.pulumi-airbyte/create-records/<project>/<stack>/`), so a CI job
 * re-run on a fresh runner against the same backend finds them; with Pulumi Cloud and the other
 * backends, in this machine's temporary folder. They never hold a secret: ids, times, the
 * process, and a hash of what identifies the create.
 */
import { createHash } from "node:crypto";
import { hostname, tmpdir } from "node:os";
import path from "node:path";
import { log } from "../logger.js";
import { attachedEngine, engineAnswers, runStack, type StackRef } from "./engine-link.js";
import { folderStore, type Listing, type RecordStore, s3Store } from "./record-stores.js";
import { resolveStateBackend } from "./state-backend.js";

/**
 * How long a record left by a stopped run counts: long enough for a CI job re-run by hand the next
 * day or after a weekend. Older ones are removed when a run lists the records.
 */
export const RECORD_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/** How long a run waits for the provider process of a killed CLI to end before taking its records. */
export const ORPHAN_WAIT_MS = 5000;

/** What a create record says. */
export interface CreateRecord {
  /** When the write to Airbyte was about to be sent (epoch ms). */
  readonly startedAt: number;
  /** The id Airbyte answered, once it did. */
  readonly id?: string;
  /** Ids of like objects that existed before the write (for kinds Airbyte gives no creation time). */
  readonly before?: readonly string[];
  /** The provider process that wrote it: a record of a process still running may be a run in flight. */
  readonly pid?: number;
  /** The machine that process runs on. */
  readonly host?: string;
  /** The address of the engine (the CLI) that process served: once it refuses, that run is over. */
  readonly engine?: string;
  /** The kind created (for people reading a record). */
  readonly kind?: string;
}

/** Where this process keeps its records, and what it found there. */
export interface Records {
  readonly store: RecordStore;
  /** The records listed once per process, kept up to date with this process's own writes. */
  readonly listing: Promise<Listing>;
}

/**
 * Where in a backend (a folder, or a bucket's prefix) the records of a stack are kept:
 * `.pulumi-airbyte/create-records/<project>/<stack>`, beside Pulumi's own `.pulumi/`.
 */
export function recordsPathIn(stack: StackRef | undefined): string[] {
  const scope = stack === undefined ? [] : [stack.project, stack.stack].map(encodeURIComponent);
  return [".pulumi-airbyte", "create-records", ...scope];
}

/**
 * The store for this process: `PULUMI_AIRBYTE_CREATE_RECORDS_DIR` when set; otherwise, in a
 * provider started by the engine, beside the stack's state when its backend is a folder or an S3
 * bucket; otherwise this machine's temporary folder. Records are scoped by project and stack when
 * the engine says which.
 */
async function openStore(): Promise<RecordStore> {
  const stack = await runStack().catch((error: unknown) => {
    log.debug(`the engine did not say which stack this run deploys: ${String(error)}`);
    return undefined;
  });
  const scope = recordsPathIn(stack).slice(2);
  const chosen = process.env.PULUMI_AIRBYTE_CREATE_RECORDS_DIR;
  if (chosen !== undefined && chosen !== "") return folderStore(path.join(chosen, ...scope), true);
  const backend = attachedEngine() === undefined ? undefined : resolveStateBackend();
  if (backend?.kind === "file") return folderStore(path.join(backend.dir, ...recordsPathIn(stack)), true);
  if (backend?.kind === "s3") {
    const prefix = `${backend.prefix}${recordsPathIn(stack).join("/")}/`;
    return s3Store({ bucket: backend.bucket, prefix, query: backend.query });
  }
  return folderStore(path.join(tmpdir(), "pulumi-airbyte-create-records", ...scope), false);
}

let opened: Promise<Records> | undefined;

/**
 * The records of this process, opened once. The listing is read at the first create and kept up to
 * date with this process's own writes, so a create asks the store nothing to learn that no stopped
 * run left a record for it. Records other processes write meanwhile belong to runs still going,
 * which are never taken anyway. Records past {@link RECORD_TTL_MS} are removed on the way.
 */
export function openRecords(): Promise<Records> {
  opened ??= openStore().then((store) => {
    const listing = store.list().then((all) => {
      const expired = [...all].filter(([, at]) => Date.now() - at > RECORD_TTL_MS).map(([name]) => name);
      for (const name of expired) all.delete(name);
      store
        .remove(expired)
        .catch((error: unknown) => log.debug(`removing old create records: ${String(error)}`));
      return all;
    });
    return { store, listing };
  });
  opened.catch(() => {
    opened = undefined;
  });
  return opened;
}

/** Forgets the opened store (a test that changes where records go). */
export function reopenRecords(): void {
  opened = undefined;
}

/** The record's key: a hash of what identifies the create (never the inputs themselves). */
export function recordKey(kind: string, identity: unknown): string {
  return createHash("sha256")
    .update(JSON.stringify([kind, identity]))
    .digest("hex")
    .slice(0, 32);
}

/** The record for `key`, if a run left one recently. */
export async function readRecord(key: string): Promise<CreateRecord | undefined> {
  const { store, listing } = await openRecords();
  const file = `${key}.json`;
  if (!(await listing).has(file)) return undefined;
  const text = await store.read(file);
  if (text === undefined) return undefined;
  let record: CreateRecord;
  try {
    record = JSON.parse(text) as CreateRecord;
  } catch {
    return undefined;
  }
  return Date.now() - record.startedAt < RECORD_TTL_MS ? record : undefined;
}

/**
 * Writes (or updates) the record for `key`, whole: a run killed in the middle of a write (which
 * is when records matter) leaves the previous record, never a cut one that reads as no record at
 * all. An update that adds the id Airbyte answered must not wipe out the note that a create was
 * under way. The writer's process, machine and engine are added.
 */
export async function writeRecord(key: string, record: CreateRecord): Promise<void> {
  const { store, listing } = await openRecords();
  const engine = attachedEngine();
  const whole = { ...record, host: record.host ?? hostname(), ...(engine !== undefined && { engine }) };
  await store.write(`${key}.json`, JSON.stringify(whole));
  (await listing).set(`${key}.json`, Date.now());
}

/** Removes the record for `key`: the create finished with nothing to find later. */
export async function clearRecord(key: string): Promise<void> {
  const { store, listing } = await openRecords();
  await store.remove([`${key}.json`]);
  (await listing).delete(`${key}.json`);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Whether a process runs on this machine. */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code !== "ESRCH";
  }
}

/**
 * True when the record was left by a run that stopped. A record of this process is its own. One
 * written on another machine is a stopped run's: the records are the stack's, and the engine holds
 * the stack's lock for this run. On this machine, a record of a process that no longer runs is a
 * stopped run's; one of a live process whose engine still answers is a run in flight (two stacks
 * deploying the same workspace name, unscoped), left alone. A live process whose engine is gone
 * is the provider of a killed CLI, which ends itself within a second: wait for it (up to
 * {@link ORPHAN_WAIT_MS}), then take its records as a stopped run's.
 */
export async function fromStoppedRun(record: CreateRecord, waitMs = ORPHAN_WAIT_MS): Promise<boolean> {
  if (record.pid === undefined) return true;
  if (record.host !== undefined && record.host !== hostname()) return true;
  if (record.pid === process.pid) return false;
  if (!running(record.pid)) return true;
  if (record.engine === undefined || (await engineAnswers(record.engine))) return false;
  const deadline = Date.now() + waitMs;
  while (running(record.pid) && Date.now() < deadline) await sleep(100);
  if (running(record.pid)) {
    log.warn(
      `process ${record.pid}, the provider of an earlier run whose Pulumi CLI is gone, still runs; taking its create records as a stopped run's (end it with kill ${record.pid})`,
    );
  }
  return true;
}

const keptUntilEnd = new Set<string>();

/** How long the end of a run may take to remove its records before the provider exits anyway. */
const CLEAR_AT_END_MS = 4000;

/**
 * Keeps the record for `key` until the engine ends this process in order, then removes it. The
 * engine saves a resource in its checkpoint after `create` answers, not before; it ends its
 * plugins (SIGINT) only once the run is over and its state saved. So a record that outlives its
 * run belongs to a run killed or crashed before that: maybe in the moment between Airbyte's answer
 * and Pulumi's checkpoint, which only the record (with the id Airbyte answered) can tell the next
 * run about. A process that ends otherwise (SIGTERM, its engine gone) keeps its records: a next
 * run that creates the same object looks once more, which costs a read, never a duplicate. Only a
 * provider attached to an engine removes records at its end; in-process use keeps them.
 */
export function clearAtExit(key: string): void {
  if (keptUntilEnd.size === 0 && attachedEngine() !== undefined) {
    process.once("SIGINT", () => {
      const names = [...keptUntilEnd].map((k) => `${k}.json`);
      const removed = openRecords().then(({ store }) => store.remove(names));
      Promise.race([removed, sleep(CLEAR_AT_END_MS)])
        .catch((error: unknown) => log.debug(`removing this run's create records: ${String(error)}`))
        .finally(() => process.exit(130));
    });
    // Node ends on SIGTERM without an exit event unless someone listens.
    process.once("SIGTERM", () => process.exit(143));
  }
  keptUntilEnd.add(key);
}
