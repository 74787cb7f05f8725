/**
 * What a failure tells the user, whatever face reports it to the engine: the message with the
 * setting to fix and no stack trace (the package's stack means nothing to a user fixing a setting;
 * `airbyte:debug true` or `AIRBYTE_DEBUG=true` keeps it), a failure of the settings themselves
 * (credentials Airbyte refuses, a server it cannot reach) in full once per run and in a few words
 * for every later resource, and check failures worded to read well after the engine's prefix.
 */
import { AirbyteConnectionError, AuthenticationError } from "../api/errors.js";
import { debugEnabled, MissingCredentialsError } from "../settings.js";
import type { CheckFailure } from "./contract.js";

/**
 * The error a face hands the engine for a failed operation: the message is the whole report, so
 * its `stack` is the message alone.
 */
export class OperationFailure extends Error {
  override readonly name = "OperationFailure";
  private readonly operationFailureBrand = true;

  /**
   * @param message - What the user reads.
   * @param cause - The error it reports.
   */
  constructor(message: string, cause?: unknown) {
    super(message, { cause });
    this.stack = message;
  }

  /** True for an instance of this class from any copy of the package loaded in the process. */
  static isInstance(value: unknown): value is OperationFailure {
    return (
      value instanceof Error && (value as { operationFailureBrand?: unknown }).operationFailureBrand === true
    );
  }
}

/**
 * A failure of the settings rather than of one resource, as a few words for its repeats, or
 * `undefined`. Each such failure fails every resource of the run the same way.
 */
function settingsFailure(error: unknown): { key: string; brief: string } | undefined {
  if (AuthenticationError.isInstance(error)) {
    return { key: "credentials", brief: "Airbyte rejected the credentials" };
  }
  if (MissingCredentialsError.isInstance(error)) {
    return { key: "no-credentials", brief: "no Airbyte credentials are set" };
  }
  if (AirbyteConnectionError.isInstance(error)) {
    const origin = URL.canParse(error.request.url) ? new URL(error.request.url).origin : error.request.url;
    return { key: `unreachable ${origin}`, brief: `could not reach Airbyte at ${origin}` };
  }
  return undefined;
}

/** The settings failures this process has reported in full. */
const reported = new Set<string>();

/**
 * The error to hand the engine for `error`. A settings failure already reported in this run (the
 * dynamic provider runs one process per run) comes back as a short line pointing at the first;
 * everything else keeps its message, without the stack unless debugging is on.
 */
export function userFacing(error: unknown): Error {
  if (OperationFailure.isInstance(error)) return error;
  if (debugEnabled()) return error instanceof Error ? error : new Error(String(error));
  const message = error instanceof Error ? error.message : String(error);
  const settings = settingsFailure(error);
  if (settings !== undefined) {
    if (reported.has(settings.key)) {
      return new OperationFailure(`${settings.brief}: the first error of this run says how to fix it`, error);
    }
    reported.add(settings.key);
  }
  return new OperationFailure(message, error);
}

/** Forgets which settings failures were reported (for tests that run several "runs" in one process). */
export function resetReportedFailures(): void {
  reported.clear();
}

const PREDICATE = /^(is|are|must|has|have|needs?|cannot|should|does)\b/;

/**
 * Check failures as the engine should get them. The engine prints a failure of property `p` as
 * "property p value {<the input's value>} has a problem: <reason>", looking `p` up as a top-level
 * key: a nested path (`configuration.port`) or a missing field prints `value {<nil>}`. Those go
 * with no property ("resource 'x' has a problem: <reason>") and the path leads the reason instead;
 * a top-level field with a plain value keeps its property, since the value printed helps.
 */
export function forEngine(
  failures: readonly CheckFailure[],
  inputs: Record<string, unknown>,
): CheckFailure[] {
  return failures.map((f) => {
    const value = inputs[f.property];
    const plain = typeof value === "string" || typeof value === "number" || typeof value === "boolean";
    if (plain && !/[.[]/.test(f.property)) return f;
    if (f.property === "" || f.property === "(inputs)" || f.reason.startsWith(f.property)) {
      return { property: "", reason: f.reason };
    }
    return { property: "", reason: `${f.property}${PREDICATE.test(f.reason) ? " " : ": "}${f.reason}` };
  });
}
