/**
 * The native plugin's face: Pulumi's `ResourceProvider` gRPC service over the same operations the
 * dynamic provider uses (`provider/framework/operations.ts`). What this face adds is what the
 * dynamic protocol cannot carry: a detailed diff (a changed secret shows as changed), `Read` that
 * returns inputs (so `pulumi import` and the `import` option work), secrets kept secret by marker,
 * the look-ups as `Invoke`, and one type token per kind for every Pulumi language.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import * as grpc from "@grpc/grpc-js";
import enginerpc from "@pulumi/pulumi/proto/engine_grpc_pb.js";
import engineproto from "@pulumi/pulumi/proto/engine_pb.js";
import plugproto from "@pulumi/pulumi/proto/plugin_pb.js";
import provrpc from "@pulumi/pulumi/proto/provider_grpc_pb.js";
import provproto from "@pulumi/pulumi/proto/provider_pb.js";
import emptyproto from "google-protobuf/google/protobuf/empty_pb.js";
import { findPackageVersion } from "../provider/api/version.js";
import { SERVER_KEY } from "../provider/framework/bookkeeping.js";
import { forEngine, userFacing } from "../provider/framework/failures.js";
import type { KindOperations, Props } from "../provider/framework/operations.js";
import { UNKNOWN } from "../provider/framework/values.js";
import { KIND_TYPE_NAMES, RESOURCE_KINDS } from "../provider/kinds.js";
import { type Logger, setLogger } from "../provider/logger.js";
import { type AnyLookup, LOOKUPS } from "../provider/lookups.js";
import { CONFIG_KEYS, configureFrom, getClient, SETTING_DOCS } from "../provider/settings.js";
import { KIND_OPERATIONS } from "../provider/specs.js";
import { PACKAGE_NAME, packageSchema, token } from "./schema.js";
import { fromStruct, type Path, toStruct, unwrapSecrets, wrapSecrets } from "./wire.js";

/** The package's version: the plugin's, the schema's and the SDKs'. */
export const PLUGIN_VERSION = findPackageVersion(dirname(fileURLToPath(import.meta.url)));

const KINDS_BY_TOKEN = new Map<string, KindOperations>(
  RESOURCE_KINDS.map((kind) => [token(KIND_TYPE_NAMES[kind]), KIND_OPERATIONS[kind]]),
);
const LOOKUPS_BY_TOKEN = new Map<string, AnyLookup>(LOOKUPS.map((l) => [token(l.name), l]));

/** The type token of a URN (`urn:pulumi:stack::project::type::name`, a parent's type before `$`). */
function typeOf(urn: string): string {
  const qualified = urn.split("::")[2] ?? "";
  return qualified.split("$").pop() ?? "";
}

function kindOf(urn: string): KindOperations {
  const ops = KINDS_BY_TOKEN.get(typeOf(urn));
  if (ops === undefined) throw new Error(`${PACKAGE_NAME} has no resource type ${typeOf(urn)} (${urn})`);
  return ops;
}

/** The resource a call is about, for log lines the engine shows under it. */
const current = new AsyncLocalStorage<string>();

type Call<Req> = grpc.ServerUnaryCall<Req, unknown>;
type Done<Res> = grpc.sendUnaryData<Res>;

/**
 * Runs a handler, answering its result or its error: the message is what the CLI prints, as the
 * framework words it (a settings failure once per run, see `provider/framework/failures.ts`).
 */
function serve<Req, Res>(urn: (req: Req) => string, handler: (req: Req) => Promise<Res>) {
  return (call: Call<Req>, callback: Done<Res>): void => {
    current.run(urn(call.request), () => {
      handler(call.request).then(
        (res) => callback(null, res),
        (error: unknown) => callback({ code: grpc.status.UNKNOWN, details: userFacing(error).message }),
      );
    });
  };
}

const noUrn = (): string => "";

/** The secret paths of a resource's properties: those the engine marked, and those the kind always keeps secret. */
function secretsOf(ops: KindOperations, props: Props, marked: ReadonlyArray<Path>): Path[] {
  return [...marked, ...ops.secretPaths(props)];
}

/** Outputs of a preview: the new inputs, with what Airbyte computes either kept (an update) or not known yet. */
function previewOutputs(ops: KindOperations, news: Props, olds: Props | undefined): Props {
  const computed = Object.keys(ops.computed.shape);
  const unknowns = Object.fromEntries(computed.map((k) => [k, UNKNOWN]));
  return { ...unknowns, ...(olds ?? {}), ...news };
}

/** The stack-config value of a setting, from `Configure`'s variables (`airbyte-native:config:<name>`) or args. */
function settingsFrom(variables: Map<string, string>, args: Props): (key: string) => string | undefined {
  return (key) => {
    const name = key.replace(/^airbyte:/, "");
    const arg = args[name];
    if (typeof arg === "string") return arg;
    if (typeof arg === "boolean") return String(arg);
    return variables.get(`${PACKAGE_NAME}:config:${name}`) ?? variables.get(`${PACKAGE_NAME}:${name}`);
  };
}

/** The service's handlers. */
export function resourceProviderService(engine: EngineLog | undefined): grpc.UntypedServiceImplementation {
  const schema = JSON.stringify(packageSchema(PLUGIN_VERSION));
  const handlers = {
    getPluginInfo: serve(noUrn, async () => new plugproto.PluginInfo().setVersion(PLUGIN_VERSION)),

    getSchema: serve(noUrn, async (req: provproto.GetSchemaRequest) => {
      if (req.getVersion() !== 0) throw new Error(`unsupported schema version ${req.getVersion()}`);
      return new provproto.GetSchemaResponse().setSchema(schema);
    }),

    checkConfig: serve(
      (req: provproto.CheckRequest) => req.getUrn(),
      async (req) => {
        const news = unwrapSecrets(fromStruct(req.getNews())).props;
        const failures: provproto.CheckFailure[] = [];
        for (const [name, doc] of Object.entries(SETTING_DOCS)) {
          const value = news[name];
          if (value === undefined || value === UNKNOWN) continue;
          if (
            doc.type === "boolean" &&
            !(typeof value === "boolean" || value === "true" || value === "false")
          ) {
            failures.push(
              new provproto.CheckFailure()
                .setProperty(name)
                .setReason(
                  `${PACKAGE_NAME}:${name} must be true or false (pulumi config set ${PACKAGE_NAME}:${name} true)`,
                ),
            );
          }
        }
        const response = new provproto.CheckResponse().setInputs(req.getNews());
        response.setFailuresList(failures);
        return response;
      },
    ),

    diffConfig: serve(
      (req: provproto.DiffRequest) => req.getUrn(),
      async (req) => {
        const olds = unwrapSecrets(fromStruct(req.getOldInputs() ?? req.getOlds())).props;
        const news = unwrapSecrets(fromStruct(req.getNews())).props;
        const changed = Object.keys(CONFIG_KEYS).filter(
          (k) => JSON.stringify(olds[k] ?? null) !== JSON.stringify(news[k] ?? null),
        );
        const response = new provproto.DiffResponse()
          .setChanges(
            changed.length > 0
              ? provproto.DiffResponse.DiffChanges.DIFF_SOME
              : provproto.DiffResponse.DiffChanges.DIFF_NONE,
          )
          .setDiffsList(changed)
          .setHasdetaileddiff(true);
        for (const key of changed) {
          response
            .getDetaileddiffMap()
            .set(
              key,
              new provproto.PropertyDiff().setKind(provproto.PropertyDiff.Kind.UPDATE).setInputdiff(true),
            );
        }
        return response;
      },
    ),

    configure: serve(noUrn, async (req: provproto.ConfigureRequest) => {
      const variables = new Map(req.getVariablesMap().toArray());
      const args = unwrapSecrets(fromStruct(req.getArgs())).props;
      configureFrom({ get: settingsFrom(variables, args) });
      return new provproto.ConfigureResponse()
        .setAcceptsecrets(true)
        .setSupportspreview(true)
        .setAcceptresources(false)
        .setAcceptoutputs(false);
    }),

    check: serve(
      (req: provproto.CheckRequest) => req.getUrn(),
      async (req) => {
        const ops = kindOf(req.getUrn());
        const olds = unwrapSecrets(fromStruct(req.getOlds()));
        const news = unwrapSecrets(fromStruct(req.getNews()));
        const { failures } = await ops.check(olds.props, news.props);
        const response = new provproto.CheckResponse().setInputs(
          toStruct(wrapSecrets(news.props, secretsOf(ops, news.props, news.secrets))),
        );
        response.setFailuresList(
          forEngine(failures, news.props).map((f) =>
            new provproto.CheckFailure().setProperty(f.property).setReason(f.reason),
          ),
        );
        return response;
      },
    ),

    diff: serve(
      (req: provproto.DiffRequest) => req.getUrn(),
      async (req) => {
        const ops = kindOf(req.getUrn());
        const olds = unwrapSecrets(fromStruct(req.getOlds())).props;
        const news = unwrapSecrets(fromStruct(req.getNews())).props;
        const ignored = new Set(req.getIgnorechangesList());
        const outcome = ops.diff(olds, news);
        const properties = outcome.properties.filter((p) => !ignored.has(p.path.split(/[.[]/)[0] ?? ""));
        const fields = [...new Set(properties.map((p) => p.path.split(/[.[]/)[0] ?? ""))];
        // A moved server changes every resource (the provider's own diff shows airbyte-native:serverUrl).
        if (outcome.server !== undefined) fields.push(SERVER_KEY);
        const response = new provproto.DiffResponse()
          .setChanges(
            fields.length > 0
              ? provproto.DiffResponse.DiffChanges.DIFF_SOME
              : provproto.DiffResponse.DiffChanges.DIFF_NONE,
          )
          .setReplacesList(outcome.replaces.filter((k) => fields.includes(k)))
          .setDiffsList(fields)
          .setDeletebeforereplace(false)
          .setHasdetaileddiff(true);
        const kinds = provproto.PropertyDiff.Kind;
        if (outcome.server !== undefined) {
          response.getDetaileddiffMap().set(SERVER_KEY, new provproto.PropertyDiff().setKind(kinds.UPDATE));
        }
        for (const change of properties) {
          const kind =
            change.kind === "add"
              ? change.replace
                ? kinds.ADD_REPLACE
                : kinds.ADD
              : change.kind === "delete"
                ? change.replace
                  ? kinds.DELETE_REPLACE
                  : kinds.DELETE
                : change.replace
                  ? kinds.UPDATE_REPLACE
                  : kinds.UPDATE;
          response
            .getDetaileddiffMap()
            .set(change.path, new provproto.PropertyDiff().setKind(kind).setInputdiff(true));
        }
        return response;
      },
    ),

    create: serve(
      (req: provproto.CreateRequest) => req.getUrn(),
      async (req) => {
        const ops = kindOf(req.getUrn());
        const news = unwrapSecrets(fromStruct(req.getProperties()));
        if (req.getPreview()) {
          const outs = previewOutputs(ops, news.props, undefined);
          return new provproto.CreateResponse()
            .setId("")
            .setProperties(toStruct(wrapSecrets(outs, secretsOf(ops, outs, news.secrets))));
        }
        const { id, outs } = await ops.create(news.props);
        return new provproto.CreateResponse()
          .setId(id)
          .setProperties(toStruct(wrapSecrets(outs, secretsOf(ops, outs, news.secrets))));
      },
    ),

    read: serve(
      (req: provproto.ReadRequest) => req.getUrn(),
      async (req) => {
        const ops = kindOf(req.getUrn());
        const state = unwrapSecrets(fromStruct(req.getProperties()));
        const oldInputs = unwrapSecrets(fromStruct(req.getInputs()));
        const marked = [...state.secrets, ...oldInputs.secrets];
        const read = await ops.read(req.getId(), state.props);
        const response = new provproto.ReadResponse().setId(read.id);
        if (read.id === "") return response;
        response.setProperties(toStruct(wrapSecrets(read.props, secretsOf(ops, read.props, marked))));
        const inputs = read.inputs ?? oldInputs.props;
        response.setInputs(toStruct(wrapSecrets(inputs, secretsOf(ops, inputs, marked))));
        return response;
      },
    ),

    update: serve(
      (req: provproto.UpdateRequest) => req.getUrn(),
      async (req) => {
        const ops = kindOf(req.getUrn());
        const olds = unwrapSecrets(fromStruct(req.getOlds()));
        const news = unwrapSecrets(fromStruct(req.getNews()));
        if (req.getPreview()) {
          const outs = previewOutputs(ops, news.props, olds.props);
          return new provproto.UpdateResponse().setProperties(
            toStruct(wrapSecrets(outs, secretsOf(ops, outs, news.secrets))),
          );
        }
        const { outs } = await ops.update(req.getId(), olds.props, news.props);
        return new provproto.UpdateResponse().setProperties(
          toStruct(wrapSecrets(outs, secretsOf(ops, outs, news.secrets))),
        );
      },
    ),

    delete: serve(
      (req: provproto.DeleteRequest) => req.getUrn(),
      async (req) => {
        const ops = kindOf(req.getUrn());
        await ops.delete(req.getId(), unwrapSecrets(fromStruct(req.getProperties())).props);
        return new emptyproto.Empty();
      },
    ),

    invoke: serve(noUrn, async (req: provproto.InvokeRequest) => {
      const lookup = LOOKUPS_BY_TOKEN.get(req.getTok());
      if (lookup === undefined) throw new Error(`${PACKAGE_NAME} has no function ${req.getTok()}`);
      const args = lookup.args.safeParse(unwrapSecrets(fromStruct(req.getArgs())).props);
      const response = new provproto.InvokeResponse();
      if (!args.success) {
        response.setFailuresList(
          args.error.issues.map((issue) =>
            new provproto.CheckFailure().setProperty(issue.path.join(".")).setReason(issue.message),
          ),
        );
        return response;
      }
      const result = await lookup.run(getClient(), args.data as never);
      return response.setReturn(toStruct(result as Props));
    }),

    // Nothing runs in the background between calls: a cancel leaves each call to finish or fail.
    cancel: serve(noUrn, async () => new emptyproto.Empty()),

    attach: serve(noUrn, async (req: plugproto.PluginAttach) => {
      engine?.attach(req.getAddress());
      return new emptyproto.Empty();
    }),
  };
  return handlers as unknown as grpc.UntypedServiceImplementation;
}

/** The engine's log service: lines reach the user under the resource they are about. */
export class EngineLog implements Logger {
  private client: enginerpc.EngineClient;

  constructor(address: string) {
    this.client = new enginerpc.EngineClient(address, grpc.credentials.createInsecure());
  }

  /** Points the log at another engine (a debugger's `attach`). */
  attach(address: string): void {
    this.client.close();
    this.client = new enginerpc.EngineClient(address, grpc.credentials.createInsecure());
  }

  private send(severity: engineproto.LogSeverity, message: string): void {
    const request = new engineproto.LogRequest()
      .setSeverity(severity)
      .setMessage(message)
      .setUrn(current.getStore() ?? "");
    // A line the engine could not take is printed where the engine reads the plugin's output.
    this.client.log(request, (error) => {
      if (error !== null) process.stderr.write(`${message}\n`);
    });
  }

  info(message: string): void {
    this.send(engineproto.LogSeverity.INFO, message);
  }

  warn(message: string): void {
    this.send(engineproto.LogSeverity.WARNING, message);
  }

  debug(message: string): void {
    this.send(engineproto.LogSeverity.DEBUG, message);
  }

  /** Closes the connection. */
  close(): void {
    this.client.close();
  }
}

/**
 * Starts the plugin: the service on a free port of 127.0.0.1, the port printed on stdout (which is
 * how the engine finds it), and the provider's log lines sent to the engine.
 * @param args - The command line: the engine's address first, then the engine's flags.
 */
export async function serveProvider(args: readonly string[]): Promise<grpc.Server> {
  const address = args.find((a) => !a.startsWith("-"));
  const engine = address === undefined ? undefined : new EngineLog(address);
  if (engine !== undefined) setLogger(engine);
  const server = new grpc.Server({ "grpc.max_receive_message_length": 1024 * 1024 * 400 });
  server.addService(provrpc.ResourceProviderService, resourceProviderService(engine));
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, p) =>
      error === null ? resolve(p) : reject(error),
    );
  });
  process.stdout.write(`${port}\n`);
  return server;
}
