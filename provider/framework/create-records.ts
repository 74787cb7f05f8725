/**
 * Create records: what this machine keeps while a create is in flight, so that a run stopped before
 * Pulumi saved its state can be told apart from a new request. Airbyte keeps no idempotency keys and no free
 * metadata on a sync job, so nothing in Airbyte says which deployment started a job: a job that
 * finished before the stopped run was retried would otherwise be started again.
 *
 * A record is written before the write to Airbyte, updated with the id Airbyte answered, and
 * removed once the create has finished (successfully or not). Only a run that died in between
 * leaves one behind; records older than {@link RECORD_TTL_MS} are ignored. The records live in the
 * machine's temporary folder: a retry on the same machine (the usual CI retry, a laptop) finds
 * them, and they never hold a secret, only ids, times and a hash of the inputs.
 */
import { createHash } from "node:crypto";
import { rmSync } from "node:fs";
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

/** How long a record left by a stopped run counts. */
export const RECORD_TTL_MS = 30 * 60 * 1000;

/** What a create record says. */
export interface CreateRecord {
  /** When the write to Airbyte was about to be sent (epoch ms). */
  readonly startedAt: number;
  /** The id Airbyte answered, once it did. */
  readonly id?: string;
  /** Ids of like objects that existed before the write (for kinds Airbyte gives no creation time). */
  readonly before?: readonly string[];
  /** The provider process that wrote it: a record of a process still running is no stopped run's. */
  readonly pid?: number;
}

function dir(): string {
  return (
    process.env.PULUMI_AIRBYTE_CREATE_RECORDS_DIR ?? path.join(tmpdir(), "pulumi-airbyte-create-records")
  );
}

/** The record's key: a hash of what identifies the create (never the inputs themselves). */
export function recordKey(kind: string, identity: unknown): string {
  return createHash("sha256")
    .update(JSON.stringify([kind, identity]))
    .digest("hex")
    .slice(0, 32);
}

/**
 * The records in a folder, listed once per process and kept up to date with this process's own
 * writes: a create then asks the file system nothing to learn that no stopped run left a record
 * for it (a failed read per create costs more than the create's bookkeeping should). Records that
 * other processes write meanwhile belong to runs still going, which are never taken anyway.
 */
const listed = new Map<string, Promise<Set<string>>>();

function recordsIn(folder: string): Promise<Set<string>> {
  let names = listed.get(folder);
  if (names === undefined) {
    names = readdir(folder).then(
      (files) => new Set(files),
      () => new Set<string>(),
    );
    listed.set(folder, names);
  }
  return names;
}

/** The record for `key`, if a run left one recently. */
export async function readRecord(key: string): Promise<CreateRecord | undefined> {
  const folder = dir();
  const file = `${key}.json`;
  if (!(await recordsIn(folder)).has(file)) return undefined;
  try {
    const record = JSON.parse(await readFile(path.join(folder, file), "utf8")) as CreateRecord;
    return Date.now() - record.startedAt < RECORD_TTL_MS ? record : undefined;
  } catch {
    return undefined;
  }
}

let staging = 0;

/**
 * Writes (or updates) the record for `key`, atomically: the text goes to a file of this process's
 * own and is renamed over the record. A run killed in the middle of a write (which is when records
 * matter) then leaves the previous record whole, never a cut one that reads as no record at all:
 * an update that adds the id Airbyte answered must not wipe out the note that a create was under
 * way.
 */
export async function writeRecord(key: string, record: CreateRecord): Promise<void> {
  const folder = dir();
  const file = `${key}.json`;
  const names = await recordsIn(folder);
  const text = JSON.stringify(record);
  const staged = path.join(folder, `${file}.${process.pid}-${++staging}.tmp`);
  await writeFile(staged, text).catch(async (error: NodeJS.ErrnoException) => {
    if (error.code !== "ENOENT") throw error;
    await mkdir(folder, { recursive: true });
    await writeFile(staged, text);
  });
  await rename(staged, path.join(folder, file));
  names.add(file);
}

/** Removes the record for `key`: the create finished. */
export async function clearRecord(key: string): Promise<void> {
  const folder = dir();
  await rm(path.join(folder, `${key}.json`), { force: true });
  (await recordsIn(folder)).delete(`${key}.json`);
}

/**
 * True when the record was left by a run that stopped: written by another process that no longer
 * runs. A record of a live process is another run's, in flight on this machine right now (two
 * stacks deploying the same workspace name, say): never taken for a stopped one.
 */
export function fromStoppedRun(record: CreateRecord): boolean {
  if (record.pid === undefined) return true;
  if (record.pid === process.pid) return false;
  try {
    process.kill(record.pid, 0);
    return false;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}

const clearedAtExit = new Set<string>();

/**
 * Keeps the record for `key` until this process ends in order, then removes it. The engine saves
 * a resource in its checkpoint after `create` answers, not before; it ends its plugins (SIGINT)
 * only once the run is over and its state saved. So a record that outlives its process belongs to
 * a run killed or crashed before that: maybe in the moment between Airbyte's answer and Pulumi's
 * checkpoint, which only the record (with the id Airbyte answered) can tell the next run about.
 */
export function clearAtExit(key: string): void {
  if (clearedAtExit.size === 0) {
    process.once("exit", () => {
      for (const k of clearedAtExit) rmSync(path.join(dir(), `${k}.json`), { force: true });
    });
    // Node ends on SIGINT and SIGTERM without an exit event unless someone listens.
    for (const signal of ["SIGINT", "SIGTERM"] as const) {
      process.once(signal, () => process.exit(signal === "SIGINT" ? 130 : 143));
    }
  }
  clearedAtExit.add(key);
}
