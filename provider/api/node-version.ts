/**
 * The oldest Node.js the package runs on, and the refusal at load on an older one. The HTTP client
 * (undici 8) needs Node.js 22.19: on Node.js 20 the package used to load and then fail at its first
 * request with a network error that sent users hunting for a network problem. Every entry point
 * (the SDK, the dynamic provider, the `pulumi-airbyte` and `airbyte-emulator` commands) asks here
 * before anything else runs. No imports: this module must load on any Node.js.
 */

/** The oldest Node.js the package supports (package.json's `engines.node` says the same). */
export const MIN_NODE_VERSION = "22.19.0";

const parts = (version: string): number[] =>
  version
    .replace(/^v/, "")
    .split(".")
    .map((p) => Number.parseInt(p, 10) || 0);

/** True when `version` (e.g. "20.20.2") is at least `minimum`. */
export function versionAtLeast(version: string, minimum: string): boolean {
  const have = parts(version);
  const need = parts(minimum);
  for (let i = 0; i < 3; i++) {
    const h = have[i] ?? 0;
    const n = need[i] ?? 0;
    if (h !== n) return h > n;
  }
  return true;
}

/**
 * Why this Node.js cannot run the package, naming the version found, where it runs from and the
 * version needed; `undefined` when it can.
 */
export function nodeVersionProblem(
  version: string = process.versions.node,
  executable: string = process.execPath,
): string | undefined {
  if (versionAtLeast(version, MIN_NODE_VERSION)) return undefined;
  return (
    `pulumi-airbyte needs Node.js ${MIN_NODE_VERSION} or newer, and this is Node.js ${version} (${executable}). ` +
    "Install Node.js 22 or 24 (https://nodejs.org) and put it first on PATH: Pulumi runs the `node` it finds there."
  );
}

/** Raised at load on a Node.js older than {@link MIN_NODE_VERSION}. */
export class UnsupportedNodeError extends Error {
  override readonly name = "UnsupportedNodeError";
  private readonly unsupportedNodeBrand = true;

  constructor(message: string) {
    super(message);
    // Where the check ran says nothing a user can act on: the message is the whole report.
    this.stack = message;
  }

  /** True for an instance of this class from any copy of the package loaded in the process. */
  static isInstance(value: unknown): value is UnsupportedNodeError {
    return (
      value instanceof Error && (value as { unsupportedNodeBrand?: unknown }).unsupportedNodeBrand === true
    );
  }
}

/** Throws {@link UnsupportedNodeError} on a Node.js too old for the package. */
export function assertSupportedNode(): void {
  const problem = nodeVersionProblem();
  if (problem !== undefined) throw new UnsupportedNodeError(problem);
}
