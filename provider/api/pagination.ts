/**
 * Offset pagination over Airbyte's list endpoints, and their envelope.
 *
 * The server's `next` link is present even after the last page (it is only `""` after an empty page; the
 * emulator's list endpoints reproduce this), so following it costs a wasted request at best. Paging stops
 * instead on an empty page or a page shorter than the requested `limit`.
 */
import { z } from "zod";

/**
 * The list envelope `{data, next?, previous?}`. `next` is not trustworthy for paging (see above) and is
 * only kept for completeness.
 */
export function PageSchema<T extends z.ZodType>(item: T) {
  return z.looseObject({
    data: z.array(item),
    next: z.string().nullish(),
    previous: z.string().nullish(),
  });
}

/** The server's maximum page size (`limit` above 100 is a 400). */
export const MAX_PAGE_SIZE = 100;

/** Page size used when the caller gives none: the maximum, to keep round trips few. */
export const DEFAULT_PAGE_SIZE = MAX_PAGE_SIZE;

/** Options of {@link paginate}. */
export interface PaginateOptions {
  /**
   * Items per request, 1..100.
   * @default 100
   */
  limit?: number;
  /** Stop after yielding this many items: a guard against listing a whole Cloud organisation by accident. */
  max?: number;
}

/** Fetches one page at `offset` with page size `limit`. */
export type PageFetcher<T> = (offset: number, limit: number) => Promise<{ data: T[] }>;

/**
 * Iterates every item of an offset-paginated list, one request per page, lazily: nothing is fetched until
 * iteration starts, and breaking out of the loop stops fetching.
 * @param fetchPage - Fetches one page.
 * @param opts - Page size and item cap.
 */
export async function* paginate<T>(
  fetchPage: PageFetcher<T>,
  opts: PaginateOptions = {},
): AsyncGenerator<T, void> {
  const limit = opts.limit ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw new RangeError(`page limit must be an integer from 1 to ${MAX_PAGE_SIZE}, got ${limit}`);
  }
  const max = opts.max ?? Number.POSITIVE_INFINITY;
  if (!(max === Number.POSITIVE_INFINITY || (Number.isInteger(max) && max >= 0))) {
    throw new RangeError(`max must be a non-negative integer, got ${max}`);
  }
  let offset = 0;
  let yielded = 0;
  while (yielded < max) {
    // Never ask for more than the cap still needs, so `max` also bounds what the server sends.
    const size = Math.min(limit, max - yielded);
    const { data } = await fetchPage(offset, size);
    for (const item of data) {
      if (yielded >= max) return;
      yield item;
      yielded++;
    }
    if (isLastPage(data.length, size)) return;
    offset += data.length;
  }
}

/**
 * True when a page of `received` items asked with `limit` is the last: it is empty or short. A page longer
 * than `limit` (a server ignoring it) is not treated as last; the next offset is taken from what arrived.
 */
export function isLastPage(received: number, limit: number): boolean {
  return received === 0 || received < limit;
}

/**
 * Collects an async iterable into an array, failing rather than growing without bound.
 * @param items - The iterable, e.g. `client.sources.list()`.
 * @param max - Largest number of items accepted.
 * @throws RangeError when there are more than `max` items.
 */
export async function collect<T>(items: AsyncIterable<T>, max = 10_000): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) {
    if (out.length >= max) throw new RangeError(`more than ${max} items; narrow the query or raise max`);
    out.push(item);
  }
  return out;
}
