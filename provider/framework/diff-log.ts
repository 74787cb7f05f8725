/**
 * The diff log: how the CI entry point (`pulumi-airbyte preview|up`) learns which properties of a
 * resource change, a secret's included, from a face whose protocol cannot carry them to the engine
 * (the dynamic provider's diff answers only "changes" and "replaces"). The CI entry point names a
 * file in {@link DIFF_LOG_ENV}; the provider process, which inherits the CLI's environment, appends
 * one JSON line per diff that found something. It holds property paths, never values.
 */
import { appendFileSync, readFileSync } from "node:fs";
import type { PropertyChange } from "./property-changes.js";

/** The environment variable naming the diff log file. */
export const DIFF_LOG_ENV = "PULUMI_AIRBYTE_DIFF_LOG";

/** One diff: the resource's id, its kind, the properties that change, and a moved server. */
export interface DiffRecord {
  readonly id: string;
  readonly kind: string;
  readonly properties: readonly PropertyChange[];
  readonly server?: { readonly from: string; readonly to: string };
}

/** Appends a diff to the log the environment names, if any. */
export function appendDiffRecord(record: DiffRecord, env: NodeJS.ProcessEnv = process.env): void {
  const file = env[DIFF_LOG_ENV];
  if (file === undefined || file === "") return;
  appendFileSync(file, `${JSON.stringify(record)}\n`);
}

/** The diffs in a log file by resource id, the last of a resource's diffs winning (none: empty). */
export function readDiffLog(file: string): Map<string, DiffRecord> {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return new Map();
  }
  const out = new Map<string, DiffRecord>();
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    const record = JSON.parse(line) as DiffRecord;
    out.set(record.id, record);
  }
  return out;
}
