/**
 * Refresh by pages. A kind with the `pages` ability ({@link PagedReads}) answers each resource's
 * read from the list of its workspace's objects (the {@link PagedListing} create-once's look-ups read
 * too), read once per run page by page (100 objects a call) and shared by every resource of the
 * kind there, instead of one `GET` per object.
 *
 * What the pages do not hold is read by id, as before: an object deleted or soft-deleted (lists
 * leave those out), one that moved, one in a workspace the caller may not list (403, 404). A list
 * is read only as far as the reads waiting on it pay for: at most a page per object asked of it, so
 * a small stack in a large workspace reads its few objects by id rather than every page.
 *
 * A list never serves an object older than this process's own writes: an object this process
 * created, updated or deleted is read by id from then on, and a delete, which changes other
 * objects too (a source's connections, a workspace's contents), retires every list read before
 * it ends. An update changes only its own object as any read here sees it.
 */
import type { AirbyteClient } from "../api/client.js";
import { NotFoundError, PermissionDeniedError } from "../api/errors.js";
import { MAX_PAGE_SIZE } from "../api/pagination.js";
import type { KindSpec, PagedListing } from "./contract.js";

/**
 * A {@link PagedListing} over a lazily paged list (`client.sources.list(…)`): `items` reads a page when
 * the one before is used up, `list` reads them all.
 */
export function listingOf<L>(listKey: string, items: () => AsyncIterable<L>): PagedListing<L> {
  return {
    listKey,
    items,
    async list() {
      const all: L[] = [];
      for await (const item of items()) all.push(item);
      return all;
    },
  };
}

/**
 * The objects this process wrote, each with the count of its writes begun and ended: an object in
 * here is never answered from a list read before its write.
 */
const writes = new Map<string, number>();

/** Deletes this process began and ended; a list serves only the reads of its own generation. */
let deleteSteps = 0;

function step(id: string, write: "update" | "delete"): void {
  writes.set(id, (writes.get(id) ?? 0) + 1);
  if (write === "delete") deleteSteps++;
}

/**
 * Runs a write of object `id`, noted as it begins and again as it ends, so that nothing read while
 * it was under way serves a read after it. A delete also retires every list read so far, since it
 * changes objects besides its own (a source's connections, a workspace's contents).
 */
export async function writing<T>(id: string, write: "update" | "delete", run: () => Promise<T>): Promise<T> {
  step(id, write);
  try {
    return await run();
  } finally {
    step(id, write);
  }
}

/** Ids of the objects this process created. */
const created = new Set<string>();

/** Notes an object this process created: it is read by id from then on. */
export function noteCreated(id: string): void {
  writes.set(id, (writes.get(id) ?? 0) + 1);
  created.add(id);
}

/** True for an object this process created (a preview, which creates nothing, has none). */
export function madeHere(id: string): boolean {
  return created.has(id);
}

/**
 * How many times this process noted a write of object `id` (0 for none): a per-run cache of what
 * depends on the object keys by it, and so is read again after a write (a source's catalog).
 */
export function writesTo(id: string): number {
  return writes.get(id) ?? 0;
}

/** What a list says of an object: here it is, it is not listed, or the list was not read that far. */
type Lookup<L> = { readonly listed: L } | "absent" | "unknown";

/**
 * One list of one generation, read page by page as far as the objects asked of it pay for, and
 * shared by every read of it: one page pulled at a time, its objects indexed by id.
 */
class PagedList<L> {
  private readonly listed = new Map<string, L>();
  private readonly asked = new Set<string>();
  private iterator: AsyncIterator<L> | undefined;
  private read = 0;
  private ended = false;
  private unlistable = false;
  private pulling: Promise<void> | undefined;

  constructor(
    private readonly listing: PagedListing<L>,
    private readonly idOf: (live: L) => string,
    /** Drops this list from the run's, after a failure other than 403 or 404: the next read starts over. */
    private readonly forget: () => void,
  ) {}

  /**
   * What the list says of `id`, reading on while it has read less than a page per object asked
   * of it, or, `exhaustive`, to its end.
   */
  async find(id: string, exhaustive: boolean): Promise<Lookup<L>> {
    this.asked.add(id);
    for (;;) {
      const live = this.listed.get(id);
      if (live !== undefined) return { listed: live };
      if (this.ended) return "absent";
      if (this.unlistable) return "unknown";
      if (!exhaustive && this.read >= this.asked.size * MAX_PAGE_SIZE) return "unknown";
      this.pulling ??= this.pullPage().finally(() => {
        this.pulling = undefined;
      });
      await this.pulling;
    }
  }

  /** Reads on to the end of the next page (or of the list). */
  private async pullPage(): Promise<void> {
    this.iterator ??= this.listing.items()[Symbol.asyncIterator]();
    const until = this.read + MAX_PAGE_SIZE;
    try {
      while (this.read < until) {
        const next = await this.iterator.next();
        if (next.done === true) {
          this.ended = true;
          return;
        }
        this.listed.set(this.idOf(next.value), next.value);
        this.read++;
      }
    } catch (error) {
      // Read by id instead: a caller may read objects in a workspace whose list it may not read, or
      // the workspace is gone while its objects still answer.
      if (PermissionDeniedError.isInstance(error) || NotFoundError.isInstance(error)) {
        this.unlistable = true;
        return;
      }
      this.forget();
      throw error;
    }
  }
}

/** The run's lists for reads, by key and generation. */
const lists = new Map<string, PagedList<unknown>>();

/** The run's list of `listing` for the reads of the current generation. */
function runList<L>(listing: PagedListing<L>, idOf: (live: L) => string): PagedList<L> {
  const key = `${listing.listKey}#${deleteSteps}`;
  let list = lists.get(key) as PagedList<L> | undefined;
  if (list === undefined) {
    list = new PagedList(listing, idOf, () => lists.delete(key));
    lists.set(key, list as PagedList<unknown>);
  }
  return list;
}

/**
 * Whether `listing` holds object `id`: from the run's list, read on to its end if need be, or from a
 * list read now when this process wrote `id` (or the run's list cannot be read). For a kind that
 * reads a list to tell what its `GET` cannot (a soft-deleted source), so that a refresh that has
 * read the list already makes no second look.
 */
export async function listedHolds<L>(
  listing: PagedListing<L>,
  idOf: (live: L) => string,
  id: string,
): Promise<boolean> {
  const found = writes.has(id) ? "unknown" : await runList(listing, idOf).find(id, true);
  if (found !== "unknown") return found !== "absent";
  for await (const live of listing.items()) if (idOf(live) === id) return true;
  return false;
}

/**
 * Reads object `id` into state: from its workspace's list when the kind reads by pages and the list
 * holds it, else by id through the kind's {@link KindSpec.read}.
 */
export async function readState<I extends object, S extends object>(
  spec: KindSpec<I, S>,
  client: AirbyteClient,
  id: string,
  state: S,
): Promise<S | undefined> {
  const pages = spec.pages;
  const listing = pages?.listing(client, state);
  if (pages === undefined || listing === undefined || writes.has(id)) return spec.read(client, id, state);
  const found = await runList(listing, (live) => pages.id(live)).find(id, false);
  return typeof found === "object" ? pages.stateOf(found.listed, state) : spec.read(client, id, state);
}
