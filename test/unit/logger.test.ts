/** provider/logger.ts: one logger, handed in, followed by every holder of `log`. */
import { afterEach, expect, it, vi } from "vitest";
import { consoleLogger, type Logger, log, setLogger, silentLogger } from "../../provider/logger.js";

afterEach(() => {
  setLogger(consoleLogger);
  vi.restoreAllMocks();
});

it("defaults to the console, which the Pulumi CLI shows for a dynamic provider: info on stdout, warn on stderr", () => {
  const out = vi.spyOn(console, "log").mockImplementation(() => {});
  const err = vi.spyOn(console, "warn").mockImplementation(() => {});
  const dbg = vi.spyOn(console, "debug").mockImplementation(() => {});
  log.info("progress");
  log.warn("careful");
  log.debug("detail");
  expect(out).toHaveBeenCalledWith("progress");
  expect(err).toHaveBeenCalledWith("careful");
  expect(dbg).not.toHaveBeenCalled();
});

it("forwards to the logger handed in last, and gives back the one before", () => {
  const lines: string[] = [];
  const recorder: Logger = {
    info: (m) => lines.push(`info ${m}`),
    warn: (m) => lines.push(`warn ${m}`),
    debug: (m) => lines.push(`debug ${m}`),
  };
  expect(setLogger(recorder)).toBe(consoleLogger);
  log.info("a");
  log.warn("b");
  log.debug("c");
  expect(setLogger(silentLogger)).toBe(recorder);
  log.info("dropped");
  expect(lines).toEqual(["info a", "warn b", "debug c"]);
});
