/**
 * A local emulator of the Airbyte public API v1, served over real HTTP under both the Cloud-style
 * `/v1` prefix and the self-managed `/api/public/v1` prefix.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { API_ROUTES } from "./api-routes.js";
import { ConnectorRegistry } from "./connectors.js";
import { Dispatcher, type RecordedRequest } from "./dispatcher.js";
import type { Fault } from "./fault-model.js";
import { type FaultInfo, FaultSet } from "./faults.js";
import { JobRunner } from "./jobs.js";
import type { App } from "./route-contract.js";
import { testHookRoutes } from "./routes/testhooks.js";
import { changeSourceSchema, type SchemaChangeOutcome } from "./schema-changes.js";
import { applySeed, readSeedFile, type SeedInput, seedSummary } from "./seed.js";
import { DEFAULT_USER_ID, type SchemaDrift, Store } from "./store.js";
import { signToken, verifyToken } from "./tokens.js";
import { notifySync } from "./webhooks.js";

export type { RecordedRequest } from "./dispatcher.js";
export { type Fault, type FaultSpec, FaultSpecError } from "./fault-model.js";
export type { FaultInfo } from "./faults.js";
export type { SchemaChangeOutcome } from "./schema-changes.js";
export { SeedError, type SeedInput } from "./seed.js";
export type { SchemaDrift } from "./store.js";

/** Options of {@link startEmulator}. */
export interface EmulatorOptions {
  /** Port to listen on; default 0 (a random free port). */
  port?: number;
  /** Interface to listen on; default "127.0.0.1". */
  host?: string;
  /** When set, state (client credentials included) is loaded from and saved to `<dataDir>/state.json`. */
  dataDir?: string;
  /** Client id accepted by the token endpoint; default: persisted or a random UUID. */
  clientId?: string;
  /** Client secret accepted by the token endpoint; default: persisted or random hex. */
  clientSecret?: string;
  /** Lifetime of issued access tokens; default 900 s as on the real server. */
  tokenTtlSeconds?: number;
  /** Time a job takes from pending to its terminal state; default 3000 ms. */
  jobDurationMs?: number;
  /**
   * Path to an `api_sdk.yaml` whose per-connector configuration schemas replace, for every
   * connector it has (built-ins included), the ones the emulator ships; loaded on first use.
   * Without it, built-in connectors use their own specs and every other connector the schema
   * shipped in `data/connector-specs.json`.
   */
  connectorSpecsFile?: string;
  /**
   * Path to a JSON file with the server's connector name → definition id tables
   * (`sourceTypeToDefinitionId`, `destinationTypeToDefinitionId`) that replaces the shipped
   * `data/connector-definition-ids.json`; the built-in connectors' names resolve either way.
   */
  definitionIdsFile?: string;
  /**
   * Faults armed from the start, as objects or in the `--fault` spec grammar (e.g.
   * `"POST /sources drop"`); an invalid one makes startEmulator reject before it listens.
   */
  faults?: readonly (Fault | string)[];
  /**
   * A known starting state: a seed file's path (YAML or JSON) or its content (see `seed.ts`),
   * applied when the state is fresh (no `dataDir`, or one without saved state). An invalid seed
   * makes startEmulator reject with a SeedError naming the entry, before it listens.
   */
  seed?: string | SeedInput;
  /** Receives one line per request and per notable event (every fault that fires included). */
  log?: (line: string) => void;
}

/** A running emulator. */
export interface Emulator {
  /** Cloud-style base URL, e.g. `http://127.0.0.1:PORT/v1`. */
  url: string;
  /** The same API under the self-managed prefix, `http://127.0.0.1:PORT/api/public/v1`. */
  selfManagedUrl: string;
  /** Client id for `POST /applications/token`: the default user's application. */
  clientId: string;
  /** Client secret for `POST /applications/token`. */
  clientSecret: string;
  /** Every API request in arrival order, token requests included. */
  requests: RecordedRequest[];
  /** Empties {@link Emulator.requests}. */
  clearRequests(): void;
  /**
   * Faults on demand: statuses with headers, a dropped answer after the write, a reset before it,
   * latency, rate limits and token lifetimes, each on a method and path pattern, for a count or
   * with a seeded probability.
   */
  faults: {
    /** Arms a fault (an object, or a `--fault` spec string); throws a FaultSpecError when invalid. */
    inject(f: Fault | string): FaultInfo;
    /** Disarms every fault. */
    clear(): void;
    /** Disarms one fault by its id; false when none has it. */
    remove(id: string): boolean;
    /** The armed faults, in injection order, with how often each fired. */
    list(): FaultInfo[];
  };
  /** A valid bearer token acting as the user (default: the default user, an instance admin). */
  issueToken(userId?: string): string;
  /** Makes the next job of the connection fail with `reason`. */
  failNextJob(connectionId: string, reason?: string): void;
  /** Makes the next job of the connection stay running until it is cancelled. */
  hangNextJob(connectionId: string): void;
  /**
   * Changes what a source discovers (streams or fields added or removed, a new primary key), then
   * does to its connections what Airbyte does when a discover finds it: disables those it breaks
   * or that ask for it, propagates it to those that ask for that, and notifies the workspace's
   * schema-change webhooks with Airbyte's payload. Resolves once the notifications are sent; a
   * source that does not exist rejects with its 404 problem.
   */
  changeSourceSchema(sourceId: string, change: SchemaDrift): Promise<SchemaChangeOutcome[]>;
  /** Stops the server and its timers, saving the state. */
  close(): Promise<void>;
}

/** Starts an emulator and resolves once it listens. */
export async function startEmulator(opts: EmulatorOptions = {}): Promise<Emulator> {
  const host = opts.host ?? "127.0.0.1";
  const ttl = opts.tokenTtlSeconds ?? 900;
  const log = opts.log ?? (() => {});
  // Validated before anything starts, so a bad fault fails fast and leaves no server behind.
  const initialFaults = new FaultSet();
  for (const f of opts.faults ?? []) initialFaults.add(f);
  const store = new Store({
    dataDir: opts.dataDir,
    clientId: opts.clientId,
    clientSecret: opts.clientSecret,
  });
  let origin = "";
  const issue = (userId: string, ttlSeconds = ttl): { token: string; expiresIn: number } => ({
    token: signToken(store.state.signingKey, userId, ttlSeconds),
    expiresIn: ttlSeconds,
  });
  const webhooks = new Set<Promise<void>>();
  const jobs = new JobRunner({
    store,
    durationMs: opts.jobDurationMs ?? 3000,
    log,
    onFinished: (job) => {
      const p = notifySync(store.state, job, origin, log).finally(() => webhooks.delete(p));
      webhooks.add(p);
    },
  });
  const app: App = {
    store,
    connectors: new ConnectorRegistry(opts.connectorSpecsFile, opts.definitionIdsFile),
    jobs,
    log,
    issueToken: issue,
  };
  const seed = opts.seed;
  if (seed !== undefined && store.fresh) {
    await store.withSavesHeld(async () => {
      if (typeof seed === "string") await applySeed(app, readSeedFile(seed), seed);
      else await applySeed(app, seed);
    });
    log(`seeded: ${seedSummary(store.state)}`);
  } else {
    if (seed !== undefined) log(`state loaded from ${opts.dataDir}: the seed is not applied over it`);
    store.save();
  }
  const setHook = (connectionId: string, hook: { fail?: string; hang?: boolean }): void => {
    store.state.jobHooks[connectionId] = { ...store.state.jobHooks[connectionId], ...hook };
    store.save();
  };
  const failNextJob = (connectionId: string, reason?: string): void =>
    setHook(connectionId, {
      fail: reason ?? "Something went wrong in the connector. See the logs for more details.",
    });
  const hangNextJob = (connectionId: string): void => setHook(connectionId, { hang: true });
  const schemaChange = (sourceId: string, change: SchemaDrift): Promise<SchemaChangeOutcome[]> => {
    const p = changeSourceSchema(app, sourceId, change, origin);
    const sent = p.then(
      () => {},
      () => {},
    );
    webhooks.add(sent);
    void sent.finally(() => webhooks.delete(sent));
    return p;
  };
  const dispatcher: Dispatcher = new Dispatcher(
    app,
    [
      ...API_ROUTES,
      ...testHookRoutes({
        failNextJob,
        hangNextJob,
        changeSourceSchema: schemaChange,
        dispatcher: () => dispatcher,
      }),
    ],
    (t) => {
      // A token outlives nothing it acts for: once its user is deleted it no longer authenticates.
      const userId = verifyToken(store.state.signingKey, t);
      return userId !== undefined && store.state.users[userId] ? userId : undefined;
    },
    () => origin,
    initialFaults,
  );
  const server = createServer(dispatcher.listener);
  // Keep-alive as a real server offers it (close() ends idle sockets itself). A one-second hint made
  // undici, which keeps a socket for the server's hint minus two seconds, open a connection per
  // request: a cost on both sides that a real Airbyte never charges.
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const defaultApp = store.defaultApplication() ?? { clientId: "", clientSecret: "" };
  origin = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  log(`airbyte emulator listening on ${origin}`);
  jobs.resume();

  return {
    url: `${origin}/v1`,
    selfManagedUrl: `${origin}/api/public/v1`,
    clientId: defaultApp.clientId,
    clientSecret: defaultApp.clientSecret,
    requests: dispatcher.requests,
    clearRequests: () => {
      dispatcher.requests.length = 0;
    },
    faults: {
      inject: (f) => dispatcher.faults.add(f),
      clear: () => dispatcher.faults.clear(),
      remove: (id) => dispatcher.faults.remove(id),
      list: () => dispatcher.faults.list(),
    },
    issueToken: (userId = DEFAULT_USER_ID) => issue(userId).token,
    failNextJob,
    hangNextJob,
    changeSourceSchema: schemaChange,
    close: async () => {
      jobs.stop();
      await Promise.allSettled([...webhooks]);
      store.save();
      await new Promise<void>((resolve, reject) => {
        server.close((e) => (e ? reject(e) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}
