/**
 * Create-once: every create makes one object, across lost answers and killed runs. Airbyte has no
 * idempotency keys, so a create whose answer was lost, or that a killed run made before Pulumi
 * saved it, is found by the kind's {@link CreateOnce} strategy and adopted, never made again.
 *
 * A record spans each create (`create-records.ts`), kept with the stack's state where the backend
 * allows (a folder, an S3 bucket): written before the write, given the id once Airbyte answers,
 * removed when the engine ends the provider in order. Only a run that died leaves one, and only
 * then does the next run look for what it made, on this machine or a fresh CI runner, so an
 * ordinary create is one write to Airbyte. Where the records cannot outlive the machine (Pulumi
 * Cloud and other backends), every create also looks first (`airbyte:scanBeforeCreate`, on by
 * default there). This module owns the per-run caches those look-ups share.
 */
import type { AirbyteClient } from "../api/client.js";
import {
  AirbyteConnectionError,
  AirbyteTimeoutError,
  InternalServerError,
  PermissionDeniedError,
} from "../api/errors.js";
import { log } from "../logger.js";
import { resolveSettings } from "../settings.js";
import { adoptExisting, readAdoptable } from "./adopt.js";
import type { AdoptionRead, Created, KindSpec } from "./contract.js";
import type { ByCreationTime, ByNewSinceNoted } from "./create-once-strategy.js";
import {
  clearAtExit,
  clearRecord,
  fromStoppedRun,
  openRecords,
  readRecord,
  recordKey,
  writeRecord,
} from "./create-records.js";

/** How far back an object counts as made by an earlier, interrupted run of this deployment. */
export const INTERRUPTED_RUN_WINDOW_SECONDS = 30 * 60;

/** Slack between this machine's clock and Airbyte's when comparing creation times. */
const CLOCK_SKEW_SECONDS = 120;

/** Ids this provider process created or adopted: never taken for another resource's lost object. */
const claimedHere = new Set<string>();

/** Ids of the objects this provider process created (not adopted). */
const createdHere = new Set<string>();

const listedThisRun = new Map<string, Promise<unknown>>();

/**
 * A list read once per provider process (one `pulumi up`) and shared by every resource that asks
 * for it: the look-up before each create for what an interrupted earlier run made would otherwise
 * list the workspace's objects once per object. What an earlier run made is in the first read;
 * what this run makes is never taken anyway. A failed read is dropped, so the next caller tries
 * again.
 */
export function listedOncePerRun<T>(key: string, load: () => Promise<T>): Promise<T> {
  let cached = listedThisRun.get(key) as Promise<T> | undefined;
  if (cached === undefined) {
    cached = load();
    listedThisRun.set(key, cached);
    cached.catch(() => listedThisRun.delete(key));
  }
  return cached;
}

/**
 * True when a failed request may still have been applied: the connection dropped or timed out
 * after the request could have reached Airbyte, or a 5xx came back. A refused connection or a 4xx
 * means nothing was written.
 */
export function outcomeUnknown(error: unknown): boolean {
  if (AirbyteTimeoutError.isInstance(error)) return true;
  if (AirbyteConnectionError.isInstance(error)) return error.errorCode !== "ECONNREFUSED";
  return InternalServerError.isInstance(error);
}

/** The key of the create record of `kind` at `serverUrl` with this identity. */
export function createKey(kind: string, serverUrl: string, identity: unknown): string {
  return recordKey(kind, [serverUrl, identity]);
}

/** What a look-up for a create's object searches. */
interface Search {
  /** Objects made at or after this time (epoch seconds), where the kind records one. */
  readonly since: number;
  /** True right after a create whose answer was lost; false when looking for a killed run's object. */
  readonly lostAnswer: boolean;
}

/** The matching objects made since the search's time, in the list the strategy names. */
async function madeSince<I extends object>(
  strategy: ByCreationTime<I>,
  client: AirbyteClient,
  inputs: I,
  search: Search,
): Promise<string[]> {
  // Inside an object this run made, nothing can be left over from an earlier run.
  if (!search.lostAnswer && strategy.within(inputs).some((id) => createdHere.has(id))) return [];
  const candidates = await strategy.candidates(client, inputs);
  // After a lost answer the list must be fresh; before a create, one read per run serves all.
  const list = search.lostAnswer
    ? await candidates.list()
    : await listedOncePerRun(candidates.listKey, () => candidates.list());
  return list
    .filter((c) => {
      const at = candidates.createdAt(c);
      return (at === undefined || at >= search.since) && candidates.matches(c, search.lostAnswer);
    })
    .map((c) => candidates.id(c));
}

/** The like objects, or `undefined` when the caller may not list them (the guard is lost, not the create). */
async function likeOrUnknown<I extends object>(
  strategy: ByNewSinceNoted<I>,
  client: AirbyteClient,
  inputs: I,
): Promise<string[] | undefined> {
  try {
    return await strategy.like(client, inputs);
  } catch (error) {
    if (PermissionDeniedError.isInstance(error)) return undefined;
    throw error;
  }
}

/** What a create may have made: by creation time, or the like objects new since the note `before`. */
async function lookForCreated<I extends object>(
  spec: KindSpec<I, object>,
  client: AirbyteClient,
  inputs: I,
  search: Search,
  before: readonly string[] | undefined,
): Promise<string[]> {
  const strategy = spec.createOnce;
  if (strategy.strategy === "creation-time") return madeSince(strategy, client, inputs, search);
  if (before === undefined) return [];
  const existed = new Set(before);
  return ((await likeOrUnknown(strategy, client, inputs)) ?? []).filter((id) => !existed.has(id));
}

/** The one object a look-up names that no resource of this run holds, or a clear refusal when several do. */
function single(kind: string, ids: readonly string[], why: string): string | undefined {
  const fresh = ids.filter((id) => !claimedHere.has(id));
  if (fresh.length > 1) {
    throw new Error(
      `${why}, and ${fresh.length} ${kind}s match what this resource declares (${fresh.join(", ")}): nothing was created. Delete the extra ones in Airbyte, or set adopt to the one to keep.`,
    );
  }
  return fresh[0];
}

/** An object an earlier run made, with what adoption read of it when that is known already. */
interface Found<S extends object> {
  readonly id: string;
  readonly seen?: AdoptionRead<S>;
}

/**
 * What a run that stopped before Pulumi saved its state may have made for these inputs, as its
 * record says: the object whose id Airbyte answered it, if that still exists (with what adoption
 * read of it, so adoption does not read it again), or else the strategy's look-up for objects made
 * since its write began.
 */
async function madeByStoppedRun<I extends object, S extends object>(
  spec: KindSpec<I, S>,
  client: AirbyteClient,
  inputs: I,
  key: string,
): Promise<Found<S> | undefined> {
  const record = await readRecord(key);
  if (record === undefined || !(await fromStoppedRun(record))) return undefined;
  if (record.id !== undefined) {
    if (claimedHere.has(record.id)) return undefined;
    const seen = await readAdoptable(spec, client, record.id, inputs);
    return seen.live === undefined ? undefined : { id: record.id, seen };
  }
  const since = Math.floor(record.startedAt / 1000) - CLOCK_SKEW_SECONDS;
  const id = single(
    spec.kind,
    await lookForCreated(spec, client, inputs, { since, lostAnswer: false }, record.before),
    `an earlier run stopped while creating this ${spec.kind}`,
  );
  return id === undefined ? undefined : { id };
}

/**
 * Whether every create looks first for what a killed run may have made: `airbyte:scanBeforeCreate`
 * when set, else only where the records cannot outlive this machine (Pulumi Cloud, `gs://`,
 * `azblob://`), since a fresh CI runner would find none there.
 */
async function scanning(setting: boolean | undefined): Promise<boolean> {
  return setting ?? !(await openRecords()).store.durable;
}

/** With `airbyte:scanBeforeCreate`: a matching object made in the last half hour, which a killed run may have left. */
async function scanned<I extends object>(
  spec: KindSpec<I, object>,
  client: AirbyteClient,
  inputs: I,
  started: number,
): Promise<Found<object> | undefined> {
  const strategy = spec.createOnce;
  if (strategy.strategy !== "creation-time" || strategy.scannable === false) return undefined;
  const search = { since: started - INTERRUPTED_RUN_WINDOW_SECONDS, lostAnswer: false };
  const id = single(
    spec.kind,
    await madeSince(strategy, client, inputs, search),
    `an earlier run may have been interrupted after creating this ${spec.kind}`,
  );
  return id === undefined ? undefined : { id };
}

/**
 * Creates the object exactly once (see the module's comment), then settles it where the kind does
 * (a sync job waits for its end).
 */
export async function createOnce<I extends object, S extends object>(
  spec: KindSpec<I, S>,
  client: AirbyteClient,
  inputs: I,
): Promise<Created<S>> {
  const started = Math.floor(Date.now() / 1000);
  const settings = resolveSettings();
  const key = createKey(spec.kind, settings.serverUrl, spec.createOnce.identity(inputs));
  const done = async (created: Created<S>): Promise<Created<S>> => {
    claimedHere.add(created.id);
    // The record written before the create already spans it: a failed update (the backend's store
    // unreachable a moment) leaves the next run to look, and must not fail a create that succeeded.
    await writeRecord(key, {
      startedAt: started * 1000,
      pid: process.pid,
      id: created.id,
      kind: spec.kind,
    }).catch((error: unknown) =>
      log.warn(
        `${spec.kind} ${created.id}: made, but its create record could not be given the id (${error instanceof Error ? error.message : String(error)}); a run stopped before Pulumi saves it finds the object by looking`,
      ),
    );
    clearAtExit(key);
    return created;
  };
  const adoptFound = async (id: string, what: string, seen?: AdoptionRead<S>): Promise<Created<S>> => {
    log.warn(`${spec.kind} ${id}: ${what}; adopting it instead of creating a duplicate`);
    claimedHere.add(id);
    return done({ id, state: await adoptExisting(spec, client, id, inputs, seen) });
  };

  const make = async (): Promise<Created<S>> => {
    const earlier =
      (await madeByStoppedRun(spec, client, inputs, key)) ??
      ((await scanning(settings.scanBeforeCreate))
        ? await scanned(spec, client, inputs, started)
        : undefined);
    if (earlier !== undefined) {
      return adoptFound(
        earlier.id,
        "made by an earlier run that stopped before Pulumi recorded it",
        earlier.seen as AdoptionRead<S> | undefined,
      );
    }
    const strategy = spec.createOnce;
    const before =
      strategy.strategy === "new-since-noted" ? await likeOrUnknown(strategy, client, inputs) : undefined;
    await writeRecord(key, {
      startedAt: Date.now(),
      pid: process.pid,
      kind: spec.kind,
      ...(before !== undefined && { before }),
    });
    for (let attempt = 1; ; attempt++) {
      try {
        const created = await spec.create(client, inputs);
        createdHere.add(created.id);
        return await done(created);
      } catch (error) {
        if (!outcomeUnknown(error) || attempt > 2) {
          // Nothing was made: no record to leave. An unknown outcome keeps it for the next run.
          if (!outcomeUnknown(error)) await clearRecord(key);
          throw error;
        }
        const search = { since: started - CLOCK_SKEW_SECONDS, lostAnswer: true };
        const lost = single(
          spec.kind,
          await lookForCreated(spec, client, inputs, search, before),
          `the answer to creating this ${spec.kind} was lost (${error instanceof Error ? error.message : String(error)})`,
        );
        if (lost !== undefined) return adoptFound(lost, "created although the answer was lost");
        log.warn(`creating the ${spec.kind} failed before Airbyte made it; trying again`);
      }
    }
  };

  const made = await make();
  if (spec.settle === undefined) return made;
  try {
    return { id: made.id, state: await spec.settle(client, made.id, made.state, inputs) };
  } catch (error) {
    // Finished badly: a later create of the same resource makes its own object (a new sync).
    if (!outcomeUnknown(error)) await clearRecord(key);
    throw error;
  }
}
