/**
 * "Did you mean …?": the one ranking of close names, for a connector's name (`definition: "fakr"`),
 * a configuration's key (`sslmode`) and a spec's field alike.
 */

/**
 * The edit distance of two strings, counting an insertion, a deletion, a substitution and a swap of
 * two neighbours (`fakre` → `faker`) as one edit each.
 */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number): number => rows[i]?.[j] ?? 0;
  for (let i = 1; i <= a.length; i++) {
    const row = rows[i] ?? [];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, at(i - 2, j - 2) + 1);
      row[j] = best;
    }
  }
  return at(a.length, b.length);
}

/** Lower case, letters and digits only: `SSL-Mode` and `ssl_mode` read the same. */
export const normalizeName = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]/g, "");

/** The words of a name: `Sample Data (Faker)` → `sample`, `data`, `faker`. */
export const wordsOf = (s: string): string[] =>
  s
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== "");

/**
 * How far `wanted` is from a name: the closest of the whole name and each of its words, all
 * normalized, so `fakr` is one edit from "Sample Data (Faker)" (its word "faker"), not eleven.
 */
function nameDistance(wanted: string, name: string): number {
  const w = normalizeName(wanted);
  return Math.min(
    editDistance(w, normalizeName(name)),
    ...wordsOf(name).map((word) => editDistance(w, word)),
  );
}

/**
 * The candidates closest to `wanted`: those at the least distance (at most `limit`, the shorter
 * names first), and only when near enough to be a slip of the keyboard (about a third of the name's
 * letters): a name far from every candidate gets no suggestion rather than three arbitrary ones.
 *
 * @param wanted - What the user wrote.
 * @param candidates - The names that exist.
 * @param nameOf - A candidate's name (the candidate itself for strings).
 */
export function closest<T>(
  wanted: string,
  candidates: readonly T[],
  nameOf: (candidate: T) => string,
  limit = 3,
): T[] {
  const reach = Math.max(1, Math.floor(normalizeName(wanted).length / 3));
  const scored = candidates.map((c) => ({ c, name: nameOf(c), d: nameDistance(wanted, nameOf(c)) }));
  const best = Math.min(reach, ...scored.map((x) => x.d));
  return scored
    .filter((x) => x.d <= best)
    .sort((x, y) => x.d - y.d || x.name.length - y.name.length || x.name.localeCompare(y.name))
    .slice(0, limit)
    .map((x) => x.c);
}

/** `did you mean "ssl_mode"?` (or "" when nothing is close), for the end of a message. */
export function didYouMean(wanted: string, names: readonly string[]): string {
  const near = closest(wanted, [...new Set(names)], (n) => n);
  return near.length === 0 ? "" : `did you mean ${near.map((n) => `"${n}"`).join(" or ")}?`;
}
