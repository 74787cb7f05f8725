/**
 * Loaded by the engine benchmark into the provider process (`NODE_OPTIONS=--import …`; the one whose
 * arguments hold `$PULUMI_AIRBYTE_BENCH_PROCESS`, the dynamic provider's host by default): writes
 * the process's peak RSS and CPU time to `$PULUMI_AIRBYTE_BENCH_RSS_DIR/<pid>.json` when it exits. The
 * engine ends its plugins with SIGINT, which by default ends Node without an exit event, so SIGINT
 * and SIGTERM become an orderly exit. Any other Node process the CLI starts is left alone.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

const dir = process.env.PULUMI_AIRBYTE_BENCH_RSS_DIR;
const cpu = (): number => {
  const { user, system } = process.cpuUsage();
  return user + system;
};

/** The heap still in use after a full collection: what the process holds on to, not its peak. */
const retained = (): number => {
  setFlagsFromString("--expose-gc");
  (runInNewContext("gc") as () => void)();
  return Math.round(process.memoryUsage().heapUsed / 1024);
};

// The provider's process: the benchmark names it per path (the dynamic provider's host by default).
const match = process.env.PULUMI_AIRBYTE_BENCH_PROCESS || "dynamic-provider";

if (dir !== undefined && dir !== "" && process.argv.some((a) => a.includes(match))) {
  process.on("exit", () => {
    // resourceUsage().maxRSS is in kilobytes.
    writeFileSync(
      path.join(dir, `${process.pid}.json`),
      JSON.stringify({ maxRssKb: process.resourceUsage().maxRSS, cpuMicros: cpu(), retainedKb: retained() }),
    );
  });
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => process.exit(0));
}
