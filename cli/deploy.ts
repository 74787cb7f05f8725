/**
 * `pulumi-airbyte preview|up|refresh`: the CI entry point. Runs the stack of the project in `cwd`
 * through the Automation API and prints a summary a reviewer reads in ten seconds: per resource,
 * created, adopted, updated (which properties, old → new, a secret as `changed (secret)`, tags by
 * name), replaced (why) or deleted, and the syncs that would start; for a refresh, what drifted out
 * of band. The same summary can be written as Markdown for a pull-request comment or a job summary.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { type EngineEvent, LocalWorkspace, type OpType } from "@pulumi/pulumi/automation/index.js";
import { DIFF_LOG_ENV, type DiffRecord, readDiffLog } from "../provider/framework/diff-log.js";

/** What one resource does in the run (or, for a refresh, what happened to it out of band). */
export interface Change {
  readonly name: string;
  readonly kind: string;
  /**
   * `adopt`: a create that brings an existing object under management (`adopt`); `drift`: a
   * refresh found the object changed outside Pulumi; `gone`: a refresh found it deleted.
   */
  readonly op: "create" | "adopt" | "update" | "replace" | "delete" | "drift" | "gone";
  /** Changed properties, `old → new`, or `changed (secret)` for a secret. */
  readonly fields: readonly string[];
  /** For a replacement: the fields that force it. */
  readonly because: readonly string[];
}

/** The outcome of a run. */
export interface Summary {
  readonly command: "preview" | "up" | "refresh";
  readonly stack: string;
  readonly changes: readonly Change[];
  /** Sync jobs that start (or, for a preview, would start). */
  readonly syncs: readonly string[];
  readonly unchanged: number;
  /** What policy packs reported, mandatory ones first. */
  readonly violations: readonly Violation[];
}

/** A policy violation reported by a policy pack (`--policy-pack`). */
export interface Violation {
  readonly policy: string;
  readonly level: "mandatory" | "warning";
  /** The resource's name, when the violation is about one. */
  readonly resource?: string;
  readonly message: string;
}

const MASK = "[secret]";

/** The key that marks a secret in Pulumi's serialized property values. */
const SECRET_SIG = "4dabf18193072939515e22adb298388d";

/** The string Pulumi puts in place of a value not known until the update (during preview). */
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

const isSecret = (v: unknown): boolean =>
  v === MASK || (v !== null && typeof v === "object" && SECRET_SIG in (v as Record<string, unknown>));

/** A value as a reviewer should see it: secrets masked, long values cut. */
function show(value: unknown): string {
  if (value === undefined) return "(none)";
  if (value === UNKNOWN) return "(known after up)";
  if (isSecret(value)) return MASK;
  const text = JSON.stringify(value, (_k, v: unknown) => (isSecret(v) ? MASK : v)) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}

/** The value at a property path (`configuration.password`, `streams[0].syncMode`, `tags["a.b"]`). */
export function valueAt(root: unknown, path: string): unknown {
  let current = root;
  for (const m of path.matchAll(/([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/g)) {
    if (isSecret(current)) return current;
    if (current === null || typeof current !== "object") return undefined;
    const key = m[1] ?? (m[2] !== undefined ? Number(m[2]) : (JSON.parse(m[3] ?? '""') as string));
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

/** The names of the stack's tags by id, from every Tag the run's events show. */
export type TagNames = ReadonlyMap<string, string>;

/** A tag list as a reviewer reads it: names where the stack's Tags give them. */
function tagList(ids: unknown, names: TagNames): string[] {
  if (!Array.isArray(ids)) return [];
  return ids.map((id) =>
    id === UNKNOWN ? "(a tag made in this run)" : (names.get(String(id)) ?? String(id)),
  );
}

/** One changed property as a line: `path: old → new`, `path: changed (secret)`, tags by name. */
function propertyLine(path: string, before: unknown, after: unknown, tags: TagNames): string {
  const a = valueAt(before, path);
  const b = valueAt(after, path);
  if (isSecret(a) || isSecret(b)) {
    const what = a === undefined ? "set" : b === undefined ? "removed" : "changed";
    return `${path}: ${what} (secret)`;
  }
  if (path === "tags") {
    const was = tagList(a, tags);
    const now = tagList(b, tags);
    const added = now.filter((t) => !was.includes(t));
    const removed = was.filter((t) => !now.includes(t));
    if (added.length + removed.length > 0) {
      return `tags: ${[...added.map((t) => `+${t}`), ...removed.map((t) => `-${t}`)].join(", ")}`;
    }
  }
  return `${path}: ${show(a)} → ${show(b)}`;
}

/** The changed fields between two property maps, one level into objects (a configuration's keys). */
function fieldChanges(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  tags: TagNames,
  prefix = "",
): string[] {
  const out: string[] = [];
  const keys = new Set([...Object.keys(before), ...Object.keys(after)].filter((k) => !k.startsWith("__")));
  for (const key of [...keys].sort()) {
    const a = before[key];
    const b = after[key];
    if (JSON.stringify(a) === JSON.stringify(b)) continue;
    const plain = (v: unknown): v is Record<string, unknown> =>
      v !== null && typeof v === "object" && !Array.isArray(v) && !isSecret(v);
    if (plain(a) && plain(b)) out.push(...fieldChanges(a, b, tags, `${prefix}${key}.`));
    else out.push(propertyLine(key, { [key]: a }, { [key]: b }, tags).replace(/^/, prefix));
  }
  return out;
}

const OPS: Partial<Record<OpType, Change["op"]>> = {
  create: "create",
  // The native plugin's adoption: Pulumi's own import of an existing object.
  import: "adopt",
  update: "update",
  replace: "replace",
  "create-replacement": "replace",
  delete: "delete",
};

type Metadata = NonNullable<EngineEvent["resourcePreEvent"]>["metadata"];

const nameOf = (m: Metadata) => m.urn.split("::").at(-1) ?? m.urn;
const kindOf = (m: Metadata) => m.type.split(":").at(-1) ?? m.type;
const ours = (m: Metadata) =>
  !m.urn.includes("::pulumi:pulumi:Stack::") && !m.urn.includes("::pulumi:providers:");

/** Every tag's name by id, from the Tag resources in the events (old and new state alike). */
function tagNamesIn(events: readonly EngineEvent[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const e of events) {
    const m = e.resourcePreEvent?.metadata ?? e.resOutputsEvent?.metadata;
    if (m === undefined || kindOf(m) !== "Tag") continue;
    for (const state of [m.old, m.new]) {
      const id = state?.outputs?.tagId ?? state?.id;
      const name = state?.outputs?.name ?? state?.inputs?.name;
      if (typeof id === "string" && id !== UNKNOWN && typeof name === "string") names.set(id, name);
    }
  }
  return names;
}

/**
 * Folds the engine's events into a summary. `diffs` are the provider's diffs by resource id (the
 * diff log of `provider/framework/diff-log.ts`): the properties each change touches, secrets
 * included, which the dynamic protocol cannot put in the events. A face with detailed diffs puts
 * them in the events instead; without either, fields are compared as the events show them.
 */
export function summarize(
  command: Summary["command"],
  stack: string,
  events: readonly EngineEvent[],
  diffs: ReadonlyMap<string, DiffRecord> = new Map(),
): Summary {
  const changes = new Map<string, Change>();
  const violations: Violation[] = [];
  const tags = tagNamesIn(events);
  let same = 0;
  // A refresh that runs the program announces a resource more than once.
  const refreshed = new Set<string>();
  for (const event of events) {
    const p = event.policyEvent;
    if (p !== undefined) {
      violations.push({
        policy: p.policyName,
        level: p.enforcementLevel,
        ...(p.resourceUrn !== undefined && { resource: p.resourceUrn.split("::").at(-1) ?? p.resourceUrn }),
        // The engine puts the policy's description on the first line; a reviewer needs the rest.
        message: p.message.trim().split("\n").slice(1).join("\n").trim() || p.message.trim(),
      });
      continue;
    }
    if (command === "refresh") {
      // A refresh announces every resource ("refresh"), then reports what it read: an update
      // when the object changed out of band, a delete when it is gone.
      const pre = event.resourcePreEvent?.metadata;
      if (pre !== undefined && ours(pre)) refreshed.add(pre.urn);
      const m = event.resOutputsEvent?.metadata;
      if (m === undefined || !ours(m) || (m.op !== "update" && m.op !== "delete")) continue;
      const before = (m.old?.outputs ?? {}) as Record<string, unknown>;
      const after = (m.new?.outputs ?? {}) as Record<string, unknown>;
      const fields = m.op === "delete" ? [] : fieldChanges(before, after, tags);
      // Only bookkeeping moved (a key the package records beside the data): no drift.
      if (m.op === "update" && fields.length === 0) continue;
      changes.set(nameOf(m), {
        name: nameOf(m),
        kind: kindOf(m),
        op: m.op === "delete" ? "gone" : "drift",
        fields,
        because: [],
      });
      continue;
    }
    const m = event.resourcePreEvent?.metadata;
    if (m === undefined || !ours(m)) continue;
    const name = nameOf(m);
    const kind = kindOf(m);
    let op = OPS[m.op];
    if (op === undefined) {
      if (m.op === "same") same++;
      continue;
    }
    if (changes.get(name)?.op === "replace") continue;
    const before = (m.old?.inputs ?? {}) as Record<string, unknown>;
    const after = (m.new?.inputs ?? {}) as Record<string, unknown>;
    if (op === "create" && typeof after.adopt === "string") op = "adopt";
    let fields: string[] = [];
    if (op === "update" || op === "replace") {
      const diff = m.old?.id === undefined ? undefined : diffs.get(m.old.id);
      const paths = diff?.properties.map((c) => c.path) ?? Object.keys(m.detailedDiff ?? {});
      fields =
        paths.length > 0
          ? paths.map((path) => propertyLine(path, before, after, tags))
          : fieldChanges(before, after, tags);
      if (diff?.server !== undefined) fields.push(`server: ${diff.server.from} → ${diff.server.to}`);
    }
    changes.set(name, { name, kind, op, fields, because: op === "replace" ? (m.keys ?? []) : [] });
  }
  const syncs = [...changes.values()]
    .filter((c) => c.kind === "Job" && (c.op === "create" || c.op === "replace"))
    .map((c) => c.name);
  violations.sort((a, b) => (a.level === b.level ? 0 : a.level === "mandatory" ? -1 : 1));
  const listed = [...changes.values()];
  const unchanged = command === "refresh" ? Math.max(0, refreshed.size - listed.length) : same;
  return { command, stack, changes: listed, syncs, unchanged, violations };
}

const VERB: Record<Change["op"], string> = {
  create: "create",
  adopt: "adopt",
  update: "update",
  replace: "replace",
  delete: "delete",
  drift: "drifted",
  gone: "deleted outside Pulumi",
};

/** The first line of a summary: what the run found, in its own words. */
function headline(s: Summary): string {
  if (s.command === "refresh") {
    return `refresh of stack ${s.stack}: ${s.changes.length} drifted, ${s.unchanged} unchanged`;
  }
  return `${s.command} of stack ${s.stack}: ${s.changes.length} to change, ${s.unchanged} unchanged`;
}

/** The summary as plain text lines. */
export function summaryText(s: Summary): string {
  const lines = [headline(s)];
  for (const c of s.changes) {
    lines.push(
      `  ${VERB[c.op]} ${c.kind} ${c.name}${c.because.length > 0 ? ` (because ${c.because.join(", ")} changed)` : ""}`,
    );
    for (const f of c.fields) lines.push(`      ${f}`);
  }
  if (s.syncs.length > 0)
    lines.push(`  syncs that ${s.command === "preview" ? "would start" : "started"}: ${s.syncs.join(", ")}`);
  if (s.command === "refresh" && s.changes.length > 0) {
    lines.push("  the next `up` puts the program's values back; change the program to keep the new ones");
  }
  if (s.violations.length > 0) lines.push(`policy violations (${s.violations.length}):`);
  for (const v of s.violations) {
    lines.push(`  [${v.level}] ${v.policy}${v.resource !== undefined ? ` on ${v.resource}` : ""}`);
    for (const l of v.message.split("\n")) lines.push(`      ${l}`);
  }
  return lines.join("\n");
}

/** The summary as Markdown, for a pull-request comment or a scheduled job's summary. */
export function summaryMarkdown(s: Summary): string {
  const out = [`### Airbyte ${s.command}: \`${s.stack}\``, ""];
  if (s.changes.length === 0) {
    out.push(
      s.command === "refresh"
        ? `Nothing drifted (${s.unchanged} resources as the stack last left them).`
        : `No changes (${s.unchanged} resources unchanged).`,
    );
  } else {
    out.push(
      `| | resource | ${s.command === "refresh" ? "what changed outside Pulumi" : "what changes"} |`,
      "|---|---|---|",
    );
    for (const c of s.changes) {
      const what = [
        ...(c.because.length > 0
          ? [`replaced because ${c.because.map((b) => `\`${b}\``).join(", ")} changed`]
          : []),
        ...c.fields.map((f) => `\`${f.replace(/\|/g, "\\|")}\``),
      ].join("<br>");
      out.push(`| ${VERB[c.op]} | ${c.kind} \`${c.name}\` | ${what} |`);
    }
    out.push("", `${s.unchanged} resources unchanged.`);
    if (s.command === "refresh") {
      out.push("", "The next `up` puts the program's values back; change the program to keep the new ones.");
    }
  }
  if (s.syncs.length > 0)
    out.push(
      "",
      `Syncs that ${s.command === "preview" ? "would start" : "started"}: ${s.syncs.map((n) => `\`${n}\``).join(", ")}.`,
    );
  if (s.violations.length > 0) {
    out.push("", "**Policy violations**", "", "| level | policy | resource | message |", "|---|---|---|---|");
    for (const v of s.violations) {
      const cell = (t: string) => t.replace(/\|/g, "\\|").replace(/\n+/g, "<br>");
      out.push(`| ${v.level} | \`${v.policy}\` | ${v.resource ?? "(stack)"} | ${cell(v.message)} |`);
    }
  }
  out.push("", "Secret values are never shown.");
  return `${out.join("\n")}\n`;
}

/** Options of {@link deploy}. */
export interface DeployOptions {
  readonly command: Summary["command"];
  readonly stack: string;
  readonly cwd: string;
  readonly summaryMd?: string;
  /** Exit 2 when there is something to review: changes (`preview`), drift (`refresh`). */
  readonly detailedExitCode?: boolean;
  /** For `refresh`: read and report, but leave the stack's state as it is (a drift check). */
  readonly previewOnly?: boolean;
  /** Policy pack folders to run (`preview` and `up`). */
  readonly policyPacks?: readonly string[];
  /** Policy config files (JSON), one per policy pack, in the same order. */
  readonly policyPackConfigs?: readonly string[];
}

/**
 * The errors a failed run reported, each once, from the Automation API's error (which carries the
 * CLI's whole output): the engine's own closing lines ("update failed") only when nothing else.
 */
export function failureLines(text: string): string {
  const errors = [
    ...new Set(
      text
        .split("\n")
        .map((l) => /^\s*error: (.*)$/.exec(l)?.[1]?.trim())
        .filter((l): l is string => l !== undefined && l !== ""),
    ),
  ];
  const own = errors.filter((l) => !/^(update|preview|refresh|destroy) failed$|^one or more/.test(l));
  const picked = own.length > 0 ? own : errors;
  return picked.slice(0, 5).join("\n") || text.slice(0, 500);
}

/**
 * Runs the command and returns the exit code: 0 nothing to review or applied, 2 changes pending
 * or drift found (with `detailedExitCode`), 1 failure. A refresh runs the program, so that it reads
 * from the server the stack's config names now (plain `pulumi refresh` uses the config of the last
 * `up`).
 */
export async function deploy(options: DeployOptions): Promise<number> {
  const logDir = await mkdtemp(path.join(tmpdir(), "pulumi-airbyte-diffs-"));
  const diffLog = path.join(logDir, "diffs.jsonl");
  const stack = await LocalWorkspace.selectStack(
    { stackName: options.stack, workDir: options.cwd },
    {
      envVars: {
        [DIFF_LOG_ENV]: diffLog,
        // A preview-only refresh refuses the confirmation skip the Automation API would otherwise pass.
        ...(options.previewOnly === true && { PULUMI_SKIP_CONFIRMATIONS: "false" }),
      },
    },
  );
  const events: EngineEvent[] = [];
  const onEvent = (e: EngineEvent) => events.push(e);
  let failure: string | undefined;
  const policies = {
    ...(options.policyPacks !== undefined && { policyPacks: [...options.policyPacks] }),
    ...(options.policyPackConfigs !== undefined && { policyPackConfigs: [...options.policyPackConfigs] }),
  };
  try {
    if (options.command === "preview") await stack.preview({ onEvent, diff: true, ...policies });
    else if (options.command === "up") await stack.up({ onEvent, ...policies });
    else if (options.previewOnly === true) await stack.previewRefresh({ onEvent, runProgram: true });
    else await stack.refresh({ onEvent, runProgram: true });
  } catch (error) {
    failure = failureLines(error instanceof Error ? error.message : String(error));
  }
  const summary = summarize(options.command, options.stack, events, readDiffLog(diffLog));
  await rm(logDir, { recursive: true, force: true });
  const mandatory = summary.violations.filter((v) => v.level === "mandatory").length;
  if (failure !== undefined && mandatory > 0) {
    failure = `${mandatory} mandatory policy violation${mandatory === 1 ? "" : "s"} stopped the ${options.command} (listed above)`;
  }
  console.log(summaryText(summary));
  if (options.summaryMd !== undefined) {
    await writeFile(
      options.summaryMd,
      failure === undefined
        ? summaryMarkdown(summary)
        : `${summaryMarkdown(summary)}\n**Failed:**\n\n\`\`\`\n${failure}\n\`\`\`\n`,
    );
  }
  if (failure !== undefined) {
    console.error(`${options.command} failed:\n${failure}`);
    return 1;
  }
  return options.detailedExitCode === true && options.command !== "up" && summary.changes.length > 0 ? 2 : 0;
}
