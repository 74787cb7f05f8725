/**
 * The provider's one logger: progress (a sync job's status line) and diagnostics (the client's retries)
 * go through {@link log}, never straight to `console`, so a test or an embedding program decides where
 * they land with {@link setLogger}.
 *
 * The default is {@link consoleLogger}, because of where the provider runs: Pulumi starts the dynamic
 * provider as a plugin process and turns each line the process writes into a diagnostic the CLI prints
 * (stdout as info, stderr as info on the error stream; see `runtrace` in the engine's
 * `sdk/go/common/resource/plugin/plugin.go`). `@pulumi/pulumi`'s `log` is no better there: the dynamic
 * provider process has no engine connection, so it falls back to `console.log` with an
 * `info: [runtime]` prefix.
 */

/** Where the provider's messages go. */
export interface Logger {
  /** Progress the user follows in the CLI output, e.g. "Airbyte sync job 1: running, 10 rows". */
  info(message: string): void;
  /** Something the user should know and may need to act on. */
  warn(message: string): void;
  /** Detail for someone investigating a slow or failing deployment (each retry); hidden by default. */
  debug(message: string): void;
}

/**
 * The default: `info` to stdout and `warn` to stderr, both of which the Pulumi CLI shows; `debug`
 * nowhere, since every line reaches the user.
 */
export const consoleLogger: Logger = {
  info: (message) => console.log(message),
  warn: (message) => console.warn(message),
  debug: () => {},
};

/** Drops every message. */
export const silentLogger: Logger = { info: () => {}, warn: () => {}, debug: () => {} };

let current: Logger = consoleLogger;

/**
 * Hands in the logger every later message goes to.
 * @param logger - The new logger, e.g. {@link silentLogger} or a recorder in a test.
 * @returns The previous logger, to put back afterwards.
 */
export function setLogger(logger: Logger): Logger {
  const previous = current;
  current = logger;
  return previous;
}

/**
 * The provider's logger. It forwards each call to whatever {@link setLogger} installed last, so modules
 * can hold it from import time and still follow a later `setLogger`.
 */
export const log: Logger = {
  info: (message) => current.info(message),
  warn: (message) => current.warn(message),
  debug: (message) => current.debug(message),
};
