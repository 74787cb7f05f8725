/**
 * The guardrails of the policy pack as plain functions of a connection's declared inputs, so they
 * are tested without the engine. `policy/index.ts` wires them into `@pulumi/policy`.
 */
import { cronMinIntervalMinutes } from "../provider/cron.js";

/** The type tokens of this package's resources, as the engine and policy packs see them. */
export const AIRBYTE_TYPES = {
  connection: "pulumi-nodejs:dynamic/airbyte:Connection",
  tag: "pulumi-nodejs:dynamic/airbyte:Tag",
} as const;

/** A connection's inputs as a policy sees them (anything may be missing or unknown at preview). */
export interface ConnectionProps {
  readonly name?: unknown;
  readonly schedule?: unknown;
  readonly streams?: unknown;
  readonly tags?: unknown;
}

/** The stack a URN belongs to (`urn:pulumi:<stack>::<project>::<type>::<name>`). */
export function stackOfUrn(urn: string): string {
  return urn.replace(/^urn:pulumi:/, "").split("::")[0] ?? "";
}

/**
 * Why a connection runs too often for a stack that asks for at least `minIntervalMinutes` between
 * runs, or `undefined`. A manual schedule (or none) always passes.
 */
export function scheduleTooFrequent(props: ConnectionProps, minIntervalMinutes: number): string | undefined {
  const schedule = props.schedule as { scheduleType?: unknown; cronExpression?: unknown } | undefined;
  if (schedule === undefined || schedule.scheduleType !== "cron") return undefined;
  if (typeof schedule.cronExpression !== "string") return undefined;
  const every = cronMinIntervalMinutes(schedule.cronExpression);
  if (every >= minIntervalMinutes) return undefined;
  return (
    `schedule.cronExpression "${schedule.cronExpression}" runs every ${every} minutes; this stack allows ` +
    `one run per ${minIntervalMinutes} minutes at most. Use a sparser cron (e.g. "0 0 2 * * ?" for ` +
    "nightly) or a manual schedule."
  );
}

/**
 * The streams a connection overwrites on each sync (`full_refresh_overwrite`, also the mode of a
 * stream declared without one). No streams declared means every stream in the default mode, which
 * overwrites: reported as `"*"`.
 */
export function overwritingStreams(props: ConnectionProps): string[] {
  if (!Array.isArray(props.streams)) return props.streams === undefined ? ["*"] : [];
  return props.streams
    .filter(
      (s: { syncMode?: unknown }) => (s.syncMode ?? "full_refresh_overwrite") === "full_refresh_overwrite",
    )
    .map((s: { name?: unknown; namespace?: unknown }) =>
      typeof s.namespace === "string" ? `${s.namespace}.${String(s.name)}` : String(s.name),
    );
}

/** Why a connection tagged as personal data may not overwrite, or `undefined`. */
export function piiOverwrite(
  props: ConnectionProps,
  tagNames: readonly string[],
  piiTags: readonly string[],
) {
  const pii = tagNames.filter((t) => piiTags.includes(t));
  if (pii.length === 0) return undefined;
  const streams = overwritingStreams(props);
  if (streams.length === 0) return undefined;
  const which =
    streams[0] === "*" ? "every stream (none declared: the default mode overwrites)" : streams.join(", ");
  return (
    `connection tagged ${pii.map((t) => `"${t}"`).join(", ")} overwrites ${which} with full_refresh_overwrite, ` +
    "which drops the history of personal data on each sync. Declare those streams with syncMode " +
    '"incremental_append", "incremental_deduped_history" or "full_refresh_append".'
  );
}

/**
 * Why a connection has no owner tag, or `undefined`. `tagNames` are the names found;
 * `unresolved` counts tags given by an id this stack does not manage (their names are unknown).
 */
export function missingOwner(
  tagNames: readonly string[],
  unresolved: number,
  prefix: string,
): string | undefined {
  if (tagNames.some((t) => t.startsWith(prefix) && t.length > prefix.length)) return undefined;
  const seen = tagNames.length === 0 ? "no tags" : `tags ${tagNames.map((t) => `"${t}"`).join(", ")}`;
  const ids =
    unresolved > 0
      ? ` (and ${unresolved} tag id(s) not managed by this stack, whose names cannot be checked)`
      : "";
  return (
    `every connection needs an owner tag named "${prefix}<team>"; this one has ${seen}${ids}. ` +
    `Add e.g. new airbyte.Tag("owner", { name: "${prefix}data-platform", ... }) to its tags.`
  );
}

/** A Tag as a policy sees it: its name, and its id when the engine knows it. */
export interface TagSeen {
  readonly name: string;
  readonly tagId?: string | undefined;
}

/**
 * The names of a connection's tags, and how many of its entries name a tag this stack does not
 * manage. `entries` are its `tags` input (a string is a known id; anything else is unknown at
 * preview); `dependencies` are the Tags that input depends on (their names are known even when
 * their ids are not); `stackTags` are all the stack's Tags. A dependency stands for one entry
 * whatever its id shows: a Tag whose `tagId` output is unknown (it is being updated) while the
 * connection holds its id is the same tag, not an unmanaged one.
 */
export function connectionTagNames(
  entries: readonly unknown[],
  dependencies: readonly TagSeen[],
  stackTags: readonly TagSeen[],
): { names: string[]; unresolved: number } {
  const names = new Set(dependencies.map((d) => d.name));
  let unmatched = 0;
  const matched = new Set<string>();
  for (const id of entries) {
    // An unknown id comes from a Tag created in this run: one of the dependencies.
    if (typeof id !== "string") continue;
    const tag = stackTags.find((t) => t.tagId === id);
    if (tag === undefined) unmatched++;
    else {
      names.add(tag.name);
      matched.add(id);
    }
  }
  const coveredByDependency = dependencies.filter(
    (d) => d.tagId === undefined || !matched.has(d.tagId),
  ).length;
  const unknownEntries = entries.filter((e) => typeof e !== "string").length;
  return {
    names: [...names].sort(),
    unresolved: Math.max(0, unmatched - Math.max(0, coveredByDependency - unknownEntries)),
  };
}
