/**
 * Command-line entry: `airbyte-emulator [--port N] [--host H] [--data DIR] [--seed FILE] [--token-ttl S]
 * [--job-duration-ms N] [--connector-specs FILE] [--definition-ids FILE] [--fault SPEC]...
 * [--verbose]`. Prints one JSON line with the URLs and credentials, then serves until
 * SIGINT/SIGTERM. `--connector-specs` (an api_sdk.yaml) and `--definition-ids` (a name tables JSON)
 * override the Airbyte data shipped in `data/`; each `--fault` arms a fault from the start
 * (grammar in `fault-grammar.ts`, `FAULT_SPEC_HELP`); `--seed` starts a fresh state from a seed file
 * (format in `seed.ts`).
 */
import { FAULT_SPEC_HELP, parseFaultSpec } from "./fault-grammar.js";
import { type FaultSpec, FaultSpecError } from "./fault-model.js";
import { type EmulatorOptions, SeedError, startEmulator } from "./index.js";

const USAGE =
  "usage: airbyte-emulator [--port N] [--host H] [--data DIR] [--seed FILE] [--token-ttl S] [--job-duration-ms N] [--connector-specs FILE] [--definition-ids FILE] [--fault SPEC]... [--verbose]";

/** The text of `--help`: the usage line, what each switch does, and the fault grammar. */
const HELP = `${USAGE}

  --port N              port to listen on (default: a free one)
  --host H              interface to listen on (default 127.0.0.1)
  --data DIR            load and save the state in DIR/state.json (written durably on every change)
  --seed FILE           start from the organizations, users (with their client credentials and
                        permissions), groups and workspaces of a YAML or JSON seed file; applied
                        only to a fresh state (not over what --data DIR already holds)
  --token-ttl S         lifetime of access tokens in seconds (default 900)
  --job-duration-ms N   time a sync job takes (default 3000)
  --connector-specs F   an api_sdk.yaml whose connector schemas replace the shipped ones
  --definition-ids F    a JSON of connector name tables replacing the shipped ones
  --fault SPEC          inject a fault, repeatable; fired faults are logged (--verbose) and recorded
                        in the request log (GET /_emulator/requests, field "fault")
  --verbose             log every request and fault to stderr

${FAULT_SPEC_HELP}`;

/**
 * Parses the command-line arguments into emulator options. Throws on an unknown or malformed flag,
 * and on a `--fault` spec that does not parse (the message names the part and the fix).
 */
export function parseArgs(argv: readonly string[]): EmulatorOptions & { verbose: boolean } {
  const out: EmulatorOptions & { verbose: boolean } = { verbose: false };
  const faults: FaultSpec[] = [];
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
      case "--seed":
        out.seed = value();
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
      case "--fault":
        try {
          faults.push(parseFaultSpec(value()));
        } catch (e) {
          if (e instanceof FaultSpecError) throw new Error(`--fault: ${e.message}`);
          throw e;
        }
        break;
      case "--verbose":
        out.verbose = true;
        break;
      case "-h":
      case "--help":
        throw new Error(HELP);
      default:
        throw new Error(`unknown argument ${arg}\n${USAGE}`);
    }
  }
  if (faults.length > 0) out.faults = faults;
  return out;
}

/** Runs the CLI; resolves when the emulator has been stopped by a signal. */
export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  let opts: ReturnType<typeof parseArgs>;
  try {
    opts = parseArgs(argv);
  } catch (e) {
    const message = (e as Error).message;
    // Asked-for help is an answer, not an error: stdout and exit code 0.
    if (message === HELP) process.stdout.write(`${HELP}\n`);
    else {
      process.stderr.write(`${message}\n`);
      process.exitCode = 2;
    }
    return;
  }
  const { verbose, ...emulatorOpts } = opts;
  let emulator: Awaited<ReturnType<typeof startEmulator>>;
  try {
    emulator = await startEmulator({
      ...emulatorOpts,
      log: verbose ? (line) => process.stderr.write(`${line}\n`) : undefined,
    });
  } catch (e) {
    if (!(e instanceof SeedError)) throw e;
    process.stderr.write(`${e.message}\n`);
    process.exitCode = 2;
    return;
  }
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
