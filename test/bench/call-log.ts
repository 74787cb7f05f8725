/**
 * What the emulator's request log says of a step, for the benchmark and the tests that count calls:
 * the calls by route, and the calls on the step's critical path (what a user waits for when every
 * call costs a round trip to a far-away Airbyte).
 */

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

/** Calls counted by "METHOD /path", ids (UUIDs, and a job's number) written `{id}`. */
export function callsByRoute(
  requests: ReadonlyArray<{ readonly method: string; readonly path: string }>,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of requests) {
    const key = `${r.method} ${r.path.replace(UUID, "{id}").replace(/\/\d+$/, "/{id}")}`;
    out[key] = (out[key] ?? 0) + 1;
  }
  return out;
}

/**
 * The longest chain of requests in which each was sent after the one before it was answered,
 * when every answer takes at least `latencyMs` (the emulator's added delay): the step's wall time
 * is at least this many round trips, however many calls ran beside them.
 * @param arrivals - When each request arrived (epoch ms), in arrival order.
 * @param latencyMs - The least time from a request's arrival to its answer; above 0.
 */
export function criticalPathCalls(arrivals: readonly number[], latencyMs: number): number {
  if (!(latencyMs > 0)) throw new RangeError(`latencyMs must be above 0, got ${latencyMs}`);
  const chain: number[] = [];
  let longest = 0;
  // The longest chain ending at an earlier request answered before this one arrived.
  let before = 0;
  let next = 0;
  arrivals.forEach((at, j) => {
    if (j > 0 && at < (arrivals[j - 1] ?? at)) throw new RangeError("arrivals must be in arrival order");
    while (next < j && (arrivals[next] ?? 0) + latencyMs <= at) {
      before = Math.max(before, chain[next] ?? 0);
      next++;
    }
    chain[j] = before + 1;
    longest = Math.max(longest, before + 1);
  });
  return longest;
}
