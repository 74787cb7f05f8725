/**
 * Command-line entry: `airbyte-emulator [--port N] [--host H] [--data DIR] [--token-ttl S]
 * [--job-duration-ms N] [--connector-specs FILE] [--definition-ids FILE]`. Prints one JSON line with the URLs and
 * credentials, then serves until SIGINT/SIGTERM. `--connector-specs` (an api_sdk.yaml) and
 * `--definition-ids` (a name tables JSON) override the Airbyte data shipped in `emulator/data/`.
 */
import { type EmulatorOptions, startEmulator } from "./index.js";

const USAGE =
  "usage: airbyte-emulator [--port N] [--host H] [--data DIR] [--token-ttl S] [--job-duration-ms N] [--connector-specs FILE] [--definition-ids FILE] [--verbose]";

/** Parses the command-line arguments into emulator options. Throws on an unknown or malformed flag. */
export function parseArgs(argv: readonly string[]): EmulatorOptions & { verbose: boolean } {
  const out: EmulatorOptions & { verbose: boolean } = { verbose: false };
  const int = (flag: string, v: string | undefined): number => {
    if (v === undefined || !/^\d+$/.test(v))
      throw new Error(`${flag} needs a non-negative integer\n${USAGE}`);
    return Number(v);
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.includes("=")
      ? (arg.split(/=(.*)/s, 2) as [string, string])
      : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value\n${USAGE}`);
      return v;
    };
    switch (flag) {
      case "--port":
        out.port = int(flag, value());
        break;
      case "--host":
        out.host = value();
        break;
      case "--data":
        out.dataDir = value();
        break;
      case "--token-ttl":
        out.tokenTtlSeconds = int(flag, value());
        break;
      case "--job-duration-ms":
        out.jobDurationMs = int(flag, value());
        break;
      case "--connector-specs":
        out.connectorSpecsFile = value();
        break;
      case "--definition-ids":
        out.definitionIdsFile = value();
        break;
      case "--verbose":
        out.verbose = true;
        break;
      case "-h":
      case "--help":
        throw new Error(USAGE);
      default:
        throw new Error(`unknown argument ${arg}\n${USAGE}`);
    }
  }
  return out;
}

/** Runs the CLI; resolves when the emulator has been stopped by a signal. */
export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  let opts: ReturnType<typeof parseArgs>;
  try {
    opts = parseArgs(argv);
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exitCode = 2;
    return;
  }
  const { verbose, ...emulatorOpts } = opts;
  const emulator = await startEmulator({
    ...emulatorOpts,
    log: verbose ? (line) => process.stderr.write(`${line}\n`) : undefined,
  });
  const { url, selfManagedUrl, clientId, clientSecret } = emulator;
  process.stdout.write(`${JSON.stringify({ url, selfManagedUrl, clientId, clientSecret })}\n`);
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      emulator.close().then(resolve, (e: unknown) => {
        process.stderr.write(`error while closing: ${String(e)}\n`);
        process.exitCode = 1;
        resolve();
      });
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
}
