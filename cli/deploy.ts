/**
 * `pulumi-airbyte preview|up|refresh`: the CI entry point. Runs the stack of the project in `cwd`
 * through the Automation API and prints a summary a reviewer reads in ten seconds: per resource,
 * created, updated (which fields, old → new where not secret), replaced (why) or deleted, and the
 * syncs that would start. The same summary can be written as Markdown for a pull-request comment.
 */
import { writeFile } from "node:fs/promises";
import { type EngineEvent, LocalWorkspace, type OpType } from "@pulumi/pulumi/automation/index.js";

/** What one resource does in the run. */
export interface Change {
  readonly name: string;
  readonly kind: string;
  readonly op: "create" | "update" | "replace" | "delete";
  /** Changed fields, `old → new` with secrets masked. */
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

/** A value as a reviewer should see it: secrets masked, long values cut. */
function show(value: unknown): string {
  if (value === undefined) return "(none)";
  const secret = (v: unknown): boolean =>
    v !== null && typeof v === "object" && SECRET_SIG in (v as Record<string, unknown>);
  if (secret(value) || value === MASK) return MASK;
  const text = JSON.stringify(value, (_k, v: unknown) => (secret(v) ? MASK : v)) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}

/** The changed fields between two input maps, one level into objects (a configuration's keys). */
function fieldChanges(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const out: string[] = [];
  const keys = new Set([...Object.keys(before), ...Object.keys(after)].filter((k) => !k.startsWith("__")));
  for (const key of [...keys].sort()) {
    const a = before[key];
    const b = after[key];
    if (JSON.stringify(a) === JSON.stringify(b)) continue;
    const plain = (v: unknown): v is Record<string, unknown> =>
      v !== null && typeof v === "object" && !Array.isArray(v) && !(SECRET_SIG in v);
    if (plain(a) && plain(b)) {
      for (const sub of fieldChanges(a, b)) out.push(`${key}.${sub}`);
    } else {
      out.push(`${key}: ${show(a)} → ${show(b)}`);
    }
  }
  return out;
}

const OPS: Partial<Record<OpType, Change["op"]>> = {
  create: "create",
  update: "update",
  replace: "replace",
  "create-replacement": "replace",
  delete: "delete",
};

/** Folds the engine's events into a summary. */
export function summarize(
  command: Summary["command"],
  stack: string,
  events: readonly EngineEvent[],
): Summary {
  const changes = new Map<string, Change>();
  const violations: Violation[] = [];
  let unchanged = 0;
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
    const m = event.resourcePreEvent?.metadata;
    if (m === undefined || m.urn.includes("::pulumi:pulumi:Stack::") || m.urn.includes("::pulumi:providers:"))
      continue;
    const name = m.urn.split("::").at(-1) ?? m.urn;
    const kind = m.type.split(":").at(-1) ?? m.type;
    const op = command === "refresh" && m.op === "update" ? "update" : OPS[m.op];
    if (op === undefined) {
      if (m.op === "same" || m.op === "refresh") unchanged++;
      continue;
    }
    if (changes.get(name)?.op === "replace") continue;
    const before = (m.old?.inputs ?? {}) as Record<string, unknown>;
    const after = (m.new?.inputs ?? {}) as Record<string, unknown>;
    changes.set(name, {
      name,
      kind,
      op,
      fields: op === "update" || op === "replace" ? fieldChanges(before, after) : [],
      because: op === "replace" ? (m.keys ?? []) : [],
    });
  }
  const syncs = [...changes.values()]
    .filter((c) => c.kind === "Job" && (c.op === "create" || c.op === "replace"))
    .map((c) => c.name);
  violations.sort((a, b) => (a.level === b.level ? 0 : a.level === "mandatory" ? -1 : 1));
  return { command, stack, changes: [...changes.values()], syncs, unchanged, violations };
}

const VERB = { create: "create", update: "update", replace: "replace", delete: "delete" } as const;

/** The summary as plain text lines. */
export function summaryText(s: Summary): string {
  const lines = [`${s.command} of stack ${s.stack}: ${s.changes.length} to change, ${s.unchanged} unchanged`];
  for (const c of s.changes) {
    lines.push(
      `  ${VERB[c.op]} ${c.kind} ${c.name}${c.because.length > 0 ? ` (because ${c.because.join(", ")} changed)` : ""}`,
    );
    for (const f of c.fields) lines.push(`      ${f}`);
  }
  if (s.syncs.length > 0)
    lines.push(`  syncs that ${s.command === "preview" ? "would start" : "started"}: ${s.syncs.join(", ")}`);
  if (s.violations.length > 0) lines.push(`policy violations (${s.violations.length}):`);
  for (const v of s.violations) {
    lines.push(`  [${v.level}] ${v.policy}${v.resource !== undefined ? ` on ${v.resource}` : ""}`);
    for (const l of v.message.split("\n")) lines.push(`      ${l}`);
  }
  return lines.join("\n");
}

/** The summary as Markdown, for a pull-request comment. */
export function summaryMarkdown(s: Summary): string {
  const out = [`### Airbyte ${s.command}: \`${s.stack}\``, ""];
  if (s.changes.length === 0) out.push(`No changes (${s.unchanged} resources unchanged).`);
  else {
    out.push("| | resource | what changes |", "|---|---|---|");
    for (const c of s.changes) {
      const what = [
        ...(c.because.length > 0
          ? [`replaced because ${c.because.map((b) => `\`${b}\``).join(", ")} changed`]
          : []),
        ...c.fields.map((f) => `\`${f.replace(/\|/g, "\\|")}\``),
      ].join("<br>");
      out.push(`| ${c.op} | ${c.kind} \`${c.name}\` | ${what} |`);
    }
    out.push("", `${s.unchanged} resources unchanged.`);
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
  /** For `preview`: exit 2 when there are changes. */
  readonly detailedExitCode?: boolean;
  /** Policy pack folders to run (`preview` and `up`). */
  readonly policyPacks?: readonly string[];
  /** Policy config files (JSON), one per policy pack, in the same order. */
  readonly policyPackConfigs?: readonly string[];
}

/** Runs the command and returns the exit code: 0 no changes or applied, 2 changes pending, 1 failure. */
export async function deploy(options: DeployOptions): Promise<number> {
  const stack = await LocalWorkspace.selectStack({ stackName: options.stack, workDir: options.cwd });
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
    else await stack.refresh({ onEvent });
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    failure =
      text
        .split("\n")
        .filter((l) => /error/i.test(l))
        .slice(-3)
        .join("\n") || text.slice(0, 500);
  }
  const summary = summarize(options.command, options.stack, events);
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
  return options.command === "preview" && options.detailedExitCode === true && summary.changes.length > 0
    ? 2
    : 0;
}
