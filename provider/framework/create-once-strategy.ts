/**
 * How a kind tells the object its create made from every other, declared as one tagged option:
 * Airbyte has no idempotency keys, so after a lost answer or a killed run this is the only way to
 * find what a create made instead of making it again. The framework (`create-once.ts`) owns the
 * records, the per-run caches and the rules of when to look; a kind declares only what identifies
 * its objects and how to list and match them.
 */
import type { AirbyteClient } from "../api/client.js";

/** The two strategies; the type rules out mixing them. */
export type CreateOnce<I extends object> = ByCreationTime<I> | ByNewSinceNoted<I>;

interface Identified<I extends object> {
  /**
   * What makes two creates the same (never a secret: it is hashed into a record's key). A record
   * keyed by it spans each create, so only a run that died leaves one behind.
   */
  identity(inputs: I): unknown;
}

/**
 * Objects that carry a creation time (or whose identity is unique where they live, as a tag's
 * name in its workspace): what a create made is the matching object made since it began.
 */
export interface ByCreationTime<I extends object> extends Identified<I> {
  readonly strategy: "creation-time";
  /**
   * Ids of the objects the new one lives in (its workspace; a connection's source and destination).
   * When this run made one of them, nothing an earlier run made can be inside it.
   */
  within(inputs: I): readonly string[];
  /** The objects a create of these inputs may have made, and how to tell which matches. */
  candidates(client: AirbyteClient, inputs: I): Promise<Candidates<unknown>>;
  /**
   * False when an object made recently by someone else cannot be told from one of ours (a sync
   * job of the connection): then only a record, never `airbyte:scanBeforeCreate`, says it was ours.
   */
  readonly scannable?: false;
}

/**
 * A list of a kind's live objects in one place (a workspace's sources, say): what create-once's
 * look-ups search, and (as a `PagedListing`) what refresh by pages reads from (`read-pages.ts`).
 */
export interface Listing<L> {
  /** Names the list: readers of the same key share one read per run. */
  readonly listKey: string;
  /** Reads the whole list, page by page. */
  list(): Promise<readonly L[]>;
}

/**
 * A list of live objects to look for what a create made in. Before a create, the list of its
 * `listKey` is read once per run and shared by every resource; after a lost answer it is read
 * afresh.
 */
export interface Candidates<C> extends Listing<C> {
  /** An object's id. */
  id(candidate: C): string;
  /** When the object was made (epoch seconds); `undefined` when its identity is unique anyway. */
  createdAt(candidate: C): number | undefined;
  /**
   * True when the object is what a create of the inputs makes. `lostAnswer`: right after a create
   * whose answer was lost (the object then has exactly the inputs sent), rather than what an
   * interrupted earlier run made (it may have been changed since).
   */
  matches(candidate: C, lostAnswer: boolean): boolean;
}

/**
 * Objects with no creation time (workspaces, permissions, groups, applications, custom
 * definitions): the ids of the objects of the identity are noted just before each create, in the
 * create's record, so an object of the identity that is new since then can only be the one the
 * create made. Nothing else is ever taken: an object that existed before may be someone else's.
 * The note costs one read per create. A caller who may create but not list (403) still creates,
 * without the guard.
 */
export interface ByNewSinceNoted<I extends object> extends Identified<I> {
  readonly strategy: "new-since-noted";
  /** The ids of the live objects of this identity. */
  like(client: AirbyteClient, inputs: I): Promise<string[]>;
}
