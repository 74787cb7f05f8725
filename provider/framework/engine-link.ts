/**
 * The provider process's link to the Pulumi engine that started it: which stack the run deploys
 * (so a create's record is kept with that stack's), and whether that engine still lives.
 *
 * Pulumi starts every plugin in a process group of its own, so a CLI killed whole (a CI runner
 * stopped, `kill -9`) leaves its provider process running, re-parented, with its gRPC server
 * keeping it alive. Such an orphan would hold its create records as "a run still going" forever;
 * so a provider whose engine is gone ends itself, leaving its records for the next run, and a run
 * that finds the record of a live process asks whether that process's engine still answers.
 */
import { createRequire } from "node:module";
import { connect } from "node:net";

/** The stack a run deploys, from the root resource the program registered. */
export interface StackRef {
  readonly project: string;
  readonly stack: string;
}

/** How often an attached provider checks that its engine (the CLI) is still its parent. */
const WATCH_INTERVAL_MS = 500;

let engineAddress: string | undefined;
let stackOnce: Promise<StackRef | undefined> | undefined;

/**
 * Links this process to the engine at `address` (the `host:port` Pulumi passes a plugin as its
 * first argument), and ends the process, keeping its create records, once the process that
 * started it is gone: its engine can no longer save what it creates. Called by each face (the
 * dynamic provider's `configure`, a native plugin's `main`); in-process use (tests) never calls
 * it, and then records are kept unscoped and no watch runs.
 */
export function attachToEngine(address: string): void {
  if (engineAddress !== undefined || !/^[\w.[\]:-]+:\d+$/.test(address)) return;
  engineAddress = address;
  const parent = process.ppid;
  setInterval(() => {
    // Re-parented: the CLI died (a plugin of a live CLI is never re-parented).
    if (process.ppid !== parent) process.exit(EXIT_ENGINE_GONE);
  }, WATCH_INTERVAL_MS).unref();
}

/** The exit code of a provider that ended because its engine was gone. */
export const EXIT_ENGINE_GONE = 75;

/** The engine this process is attached to, if any. */
export function attachedEngine(): string | undefined {
  return engineAddress;
}

/** The engine's root resource URN: `urn:pulumi:<stack>::<project>::pulumi:pulumi:Stack::<name>`. */
export function stackOfUrn(urn: string): StackRef | undefined {
  const match = /^urn:pulumi:([^:]+)::([^:]+)::/.exec(urn);
  return match === null ? undefined : { stack: match[1] ?? "", project: match[2] ?? "" };
}

interface EngineStubs {
  EngineClient: new (
    address: string,
    credentials: unknown,
  ) => {
    getRootResource(
      request: unknown,
      options: { deadline: number },
      callback: (error: Error | null, response?: { getUrn(): string }) => void,
    ): void;
    close(): void;
  };
}

/**
 * The stack this run deploys, asked of the engine once per process (`GetRootResource`), or
 * `undefined` when no engine is attached or it does not say. The engine's gRPC stubs and the gRPC
 * library are loaded from `@pulumi/pulumi`'s own dependencies, so they are one copy.
 */
export function runStack(): Promise<StackRef | undefined> {
  const address = engineAddress;
  if (address === undefined) return Promise.resolve(undefined);
  stackOnce ??= (async () => {
    const require = createRequire(import.meta.url);
    const fromPulumi = createRequire(require.resolve("@pulumi/pulumi/proto/engine_grpc_pb.js"));
    const grpc = fromPulumi("@grpc/grpc-js") as { credentials: { createInsecure(): unknown } };
    const stubs = fromPulumi("./engine_grpc_pb.js") as EngineStubs;
    const messages = fromPulumi("./engine_pb.js") as { GetRootResourceRequest: new () => unknown };
    const client = new stubs.EngineClient(address, grpc.credentials.createInsecure());
    try {
      const urn = await new Promise<string>((resolve, reject) =>
        client.getRootResource(
          new messages.GetRootResourceRequest(),
          { deadline: Date.now() + 10_000 },
          (error, response) => (error === null ? resolve(response?.getUrn() ?? "") : reject(error)),
        ),
      );
      return stackOfUrn(urn);
    } finally {
      client.close();
    }
  })();
  return stackOnce;
}

/**
 * Whether something still listens at an engine's address (a TCP connect on this machine). A
 * killed CLI's port refuses at once; a timeout counts as answering, the safe side (the caller then
 * treats the record as a live run's and leaves it alone).
 */
export function engineAnswers(address: string, timeoutMs = 2000): Promise<boolean> {
  const separator = address.lastIndexOf(":");
  const host = address.slice(0, separator).replace(/^\[|\]$/g, "");
  const port = Number(address.slice(separator + 1));
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (answers: boolean) => {
      socket.destroy();
      resolve(answers);
    };
    socket.setTimeout(timeoutMs, () => done(true));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}
