/**
 * The native plugin's gRPC service, called as the engine calls it, against the emulator over
 * loopback: configure, check, diff (detailed, secrets by path), create, read (refresh and import),
 * update, delete and invoke. The engine end to end is in `test/e2e/plugin-*.test.ts`.
 */
import * as grpc from "@grpc/grpc-js";
import provrpc from "@pulumi/pulumi/proto/provider_grpc_pb.js";
import provproto from "@pulumi/pulumi/proto/provider_pb.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../emulator/index.js";
import { token } from "../../plugin/schema.js";
import { serveProvider } from "../../plugin/server.js";
import { fromStruct, SECRET_SIG, SIG_KEY, toStruct } from "../../plugin/wire.js";
import { KIND_TYPE_NAMES, RESOURCE_KINDS } from "../../provider/kinds.js";
import { setLogger, silentLogger } from "../../provider/logger.js";
import { KIND_OPERATIONS } from "../../provider/specs.js";

const secret = (value: unknown) => ({ [SIG_KEY]: SECRET_SIG, value });
const urn = (type: string, name: string) => `urn:pulumi:dev::p::${token(type)}::${name}`;

let emu: Emulator;
let server: grpc.Server;
let client: provrpc.ResourceProviderClient;

/** A call's answer as a promise. */
function answer<Res>(
  start: (done: (error: grpc.ServiceError | null, res: Res) => void) => unknown,
): Promise<Res> {
  return new Promise((resolve, reject) => {
    start((error, res) => (error === null ? resolve(res) : reject(error)));
  });
}

/** The calls the engine makes. */
const rpc = {
  configure: (r: provproto.ConfigureRequest) =>
    answer<provproto.ConfigureResponse>((cb) => client.configure(r, cb)),
  getSchema: (r: provproto.GetSchemaRequest) =>
    answer<provproto.GetSchemaResponse>((cb) => client.getSchema(r, cb)),
  check: (r: provproto.CheckRequest) => answer<provproto.CheckResponse>((cb) => client.check(r, cb)),
  diff: (r: provproto.DiffRequest) => answer<provproto.DiffResponse>((cb) => client.diff(r, cb)),
  create: (r: provproto.CreateRequest) => answer<provproto.CreateResponse>((cb) => client.create(r, cb)),
  read: (r: provproto.ReadRequest) => answer<provproto.ReadResponse>((cb) => client.read(r, cb)),
  invoke: (r: provproto.InvokeRequest) => answer<provproto.InvokeResponse>((cb) => client.invoke(r, cb)),
};

beforeAll(async () => {
  setLogger(silentLogger);
  emu = await startEmulator({ jobDurationMs: 50 });
  const stdout = process.stdout.write;
  let port = "";
  process.stdout.write = ((chunk: string) => {
    port += chunk;
    return true;
  }) as typeof process.stdout.write;
  try {
    server = await serveProvider([]);
  } finally {
    process.stdout.write = stdout;
  }
  client = new provrpc.ResourceProviderClient(`127.0.0.1:${port.trim()}`, grpc.credentials.createInsecure());
  const configure = new provproto.ConfigureRequest();
  configure.getVariablesMap().set("airbyte-native:config:serverUrl", emu.url);
  configure.getVariablesMap().set("airbyte-native:config:clientId", emu.clientId);
  configure.setArgs(toStruct({ clientSecret: secret(emu.clientSecret) }));
  const configured = await rpc.configure(configure);
  expect(configured.getAcceptsecrets()).toBe(true);
});

afterAll(async () => {
  client?.close();
  server?.forceShutdown();
  await emu?.close();
});

async function create(type: string, name: string, props: Record<string, unknown>) {
  const checked = await rpc.check(
    new provproto.CheckRequest().setUrn(urn(type, name)).setOlds(toStruct({})).setNews(toStruct(props)),
  );
  expect(checked.getFailuresList().map((f) => f.getReason())).toEqual([]);
  const created = await rpc.create(
    new provproto.CreateRequest().setUrn(urn(type, name)).setProperties(checked.getInputs()),
  );
  return {
    id: created.getId(),
    inputs: fromStruct(checked.getInputs()),
    outs: fromStruct(created.getProperties()),
  };
}

describe("the native plugin's service", () => {
  let workspaceId = "";
  let source: { id: string; inputs: Record<string, unknown>; outs: Record<string, unknown> };

  it("answers its version and a schema naming every kind", async () => {
    const schema = JSON.parse((await rpc.getSchema(new provproto.GetSchemaRequest())).getSchema()) as {
      resources: Record<string, unknown>;
    };
    expect(Object.keys(schema.resources).sort()).toEqual(
      RESOURCE_KINDS.map((k) => token(KIND_TYPE_NAMES[k])).sort(),
    );
  });

  it("creates, keeping the connector's secret fields secret in inputs and outputs", async () => {
    const ws = await create("Workspace", "ws", { name: "plugin-service" });
    workspaceId = ws.id;
    expect(ws.outs.workspaceId).toBe(ws.id);
    source = await create("Source", "pg", {
      workspaceId,
      name: "orders-db",
      definition: "postgres",
      configuration: {
        host: "db",
        port: 5432,
        database: "orders",
        username: "etl",
        password: "pw",
        schemas: ["public"],
      },
    });
    const config = (o: Record<string, unknown>) => o.configuration as Record<string, unknown>;
    expect(config(source.inputs).password).toEqual(secret("pw"));
    expect(config(source.outs).password).toEqual(secret("pw"));
    expect(config(source.outs).host).toBe("db");
  });

  it("diffs by property path, a changed secret as changed, an immutable field as a replacement", async () => {
    const news = {
      ...source.inputs,
      configuration: { ...(source.inputs.configuration as object), password: secret("new") },
    };
    const diff = await rpc.diff(
      new provproto.DiffRequest()
        .setUrn(urn("Source", "pg"))
        .setId(source.id)
        .setOlds(toStruct(source.outs))
        .setNews(toStruct(news)),
    );
    expect(diff.getChanges()).toBe(provproto.DiffResponse.DiffChanges.DIFF_SOME);
    expect(diff.getHasdetaileddiff()).toBe(true);
    expect([...diff.getDetaileddiffMap().entries()].map(([k, v]) => [k, v.getKind()])).toEqual([
      ["configuration.password", provproto.PropertyDiff.Kind.UPDATE],
    ]);
    const moved = await rpc.diff(
      new provproto.DiffRequest()
        .setUrn(urn("Source", "pg"))
        .setId(source.id)
        .setOlds(toStruct(source.outs))
        .setNews(toStruct({ ...source.inputs, workspaceId: "7c6b8d2e-0000-4000-8000-000000000000" })),
    );
    expect(moved.getReplacesList()).toEqual(["workspaceId"]);
    const same = await rpc.diff(
      new provproto.DiffRequest()
        .setUrn(urn("Source", "pg"))
        .setId(source.id)
        .setOlds(toStruct(source.outs))
        .setNews(toStruct(source.inputs)),
    );
    expect(same.getChanges()).toBe(provproto.DiffResponse.DiffChanges.DIFF_NONE);
  });

  it("imports: a read with only an id returns inputs that pass check, secrets kept as Airbyte holds them", async () => {
    const read = await rpc.read(
      new provproto.ReadRequest().setUrn(urn("Source", "imported")).setId(source.id),
    );
    expect(read.getId()).toBe(source.id);
    const inputs = fromStruct(read.getInputs());
    expect(inputs).toMatchObject({ workspaceId, name: "orders-db", configuration: { host: "db" } });
    expect((inputs.configuration as Record<string, unknown>).password).toEqual(
      secret("<keep-existing-secret>"),
    );
    const checked = await rpc.check(
      new provproto.CheckRequest()
        .setUrn(urn("Source", "imported"))
        .setOlds(toStruct(inputs))
        .setNews(read.getInputs()),
    );
    expect(checked.getFailuresList().map((f) => `${f.getProperty()}: ${f.getReason()}`)).toEqual([]);
  });

  it("imports every kind into inputs its own check accepts", async () => {
    const tag = await create("Tag", "t", { workspaceId, name: "finance", color: "FF5733" });
    const dest = await create("Destination", "d", {
      workspaceId,
      name: "void",
      definition: "dev-null",
      configuration: { test_destination: { test_destination_type: "SILENT" } },
    });
    const conn = await create("Connection", "c", {
      sourceId: source.id,
      destinationId: dest.id,
      schedule: { scheduleType: "cron", cronExpression: "0 0 2 * * ?" },
      tags: [tag.id],
    });
    const job = await create("Job", "j", { connectionId: conn.id, wait: true });
    const made: Array<[string, string]> = [
      ["Workspace", workspaceId],
      ["Source", source.id],
      ["Destination", dest.id],
      ["Tag", tag.id],
      ["Connection", conn.id],
      ["Job", job.id],
    ];
    for (const [type, id] of made) {
      const read = await rpc.read(
        new provproto.ReadRequest().setUrn(urn(type, `imported-${type}`)).setId(id),
      );
      const inputs = fromStruct(read.getInputs());
      const kind = RESOURCE_KINDS.find((k) => KIND_TYPE_NAMES[k] === type);
      expect(kind, type).toBeDefined();
      const parsed = KIND_OPERATIONS[kind ?? "workspace"].inputs.safeParse(
        JSON.parse(JSON.stringify(inputs, (_k, v) => (v?.[SIG_KEY] === SECRET_SIG ? v.value : v))),
      );
      expect(parsed.success ? "" : `${type}: ${parsed.error.message}`).toBe("");
    }
  });

  it("answers look-ups as Invoke, and names a bad argument", async () => {
    const streams = await rpc.invoke(
      new provproto.InvokeRequest().setTok(token("getStreams")).setArgs(toStruct({ sourceId: source.id })),
    );
    expect((fromStruct(streams.getReturn()).streams as unknown[]).length).toBeGreaterThan(0);
    const bad = await rpc.invoke(
      new provproto.InvokeRequest().setTok(token("getWorkspace")).setArgs(toStruct({ nome: "x" })),
    );
    expect(bad.getFailuresList().map((f) => f.getProperty())).toContain("name");
  });

  it("refuses a resource type it does not have, naming it", async () => {
    await expect(
      rpc.check(new provproto.CheckRequest().setUrn(urn("Nope", "x")).setNews(toStruct({}))),
    ).rejects.toThrow(/airbyte-native has no resource type airbyte-native:index:Nope/);
  });
});
