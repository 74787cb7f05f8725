/**
 * Property-based run against api.yaml (fast-check, fixed seed, bounded budget): random requests to
 * every operation (implemented or answered 501) with ids that exist, ids that do not and ids that
 * are not ids; parameters that are right, empty or garbage; bodies built from the operation's
 * schema, broken versions of them (a required key dropped, a null, a wrong type) and arbitrary JSON;
 * as an instance admin, a workspace reader, or nobody. For every answer:
 *
 * - the status is one the operation documents, or a global one of NOTES.md §0.2 (400, 401, 403,
 *   404, 422), or a 409 the problem catalogue gives the operation; never a 500;
 * - an error body is well formed (a problem whose status is the HTTP status, or `{errorId}`);
 * - a success body matches the schema api.yaml gives it;
 * - a write that fails leaves the state as it was: the GETs that show it answer as before.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../emulator/index.js";
import { call, type Json } from "./helpers.js";
import { isErrorBody, routeOf, type SpecOperation, SpecValidator, specOperations } from "./openapi.js";
import { credentials, IDS, SEED, userId } from "./seed-fixture.js";

/**
 * The run's seed and size, per operation (92 of them): the same requests on every run, in well
 * under a minute. A longer hunt on another seed:
 * `FUZZ_SEED=7 FUZZ_RUNS=40 npx vitest run test/emulator/fuzz.test.ts --testTimeout=600000`.
 */
const FC_SEED = Number(process.env.FUZZ_SEED ?? 20_260_901);
const RUNS = Number(process.env.FUZZ_RUNS ?? 5);

const GLOBAL_STATUSES = [400, 401, 403, 404, 422];
/** 409s the problem catalogue gives operations whose api.yaml entry does not list them. */
const CONFLICTS = new Set([
  "createJob",
  "cancelJob",
  "patchConnection",
  "updateTag",
  "createRegion",
  "updateRegion",
  "createDataplane",
  "updateDataplane",
]);

// biome-ignore lint/suspicious/noExplicitAny: JSON Schemas of the dereferenced spec are untyped.
type Schema = any;

/** Ids that exist, by the name of the parameter or field that holds one. */
type Pool = Record<string, string[]>;

const garbage = fc.constantFrom("", "abc", "-1", "0", "null", "true", "%20", "1e9", "00000000", "Ω");

/** A value for an id field: one that exists, a random UUID, or garbage. */
function idValue(pool: Pool, name: string): fc.Arbitrary<string> {
  const known = pool[name] ?? [];
  return fc.oneof(
    { weight: 4, arbitrary: known.length > 0 ? fc.constantFrom(...known) : fc.uuid() },
    { weight: 1, arbitrary: fc.uuid() },
    { weight: 1, arbitrary: garbage },
  );
}

/** Values that fit the schema more often than not, so requests get past the first checks. */
function fromSchema(schema: Schema, pool: Pool, name: string, depth: number): fc.Arbitrary<unknown> {
  if (!schema || depth > 4) return fc.constant({});
  if (Array.isArray(schema.enum)) return fc.constantFrom(...schema.enum);
  for (const k of ["oneOf", "anyOf"]) {
    if (Array.isArray(schema[k]) && schema[k].length > 0) {
      return fc.oneof(...schema[k].map((s: Schema) => fromSchema(s, pool, name, depth + 1)));
    }
  }
  if (Array.isArray(schema.allOf) && schema.allOf.length > 0)
    return fromSchema(schema.allOf[0], pool, name, depth + 1);
  if (name === "configuration") {
    return fc.constantFrom(
      { sourceType: "faker", count: 3 },
      { destinationType: "postgres", host: "h", port: 5432, database: "d", schema: "s", username: "u" },
      { test_destination: { test_destination_type: "SILENT" } },
      { sourceType: "nope" },
      {},
    );
  }
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if (type === "string" || (!type && schema.format)) {
    if (/uuid/i.test(String(schema.format)) || /Id$/.test(name)) return idValue(pool, name);
    if (schema.format === "email") return fc.constantFrom("ada@acme.example", "x@y.example", "not-an-email");
    if (name === "color") return fc.constantFrom("FF5733", "00ff00", "red", "");
    if (name === "cronExpression") return fc.constantFrom("0 0 12 * * ?", "* * * * * ?", "nope", "");
    return fc.oneof(fc.constantFrom("x", "faker", "github", "sync", ""), fc.string({ maxLength: 10 }));
  }
  if (type === "integer" || type === "number") return fc.integer({ min: -2, max: 150 });
  if (type === "boolean") return fc.boolean();
  if (type === "array") return fc.array(fromSchema(schema.items, pool, name, depth + 1), { maxLength: 3 });
  if (type === "object" || schema.properties) {
    const props: Record<string, Schema> = schema.properties ?? {};
    const required = new Set<string>(schema.required ?? []);
    const model: Record<string, fc.Arbitrary<unknown>> = {};
    for (const [k, s] of Object.entries(props)) model[k] = fromSchema(s, pool, k, depth + 1);
    const keys = Object.keys(model);
    return fc.record(model, { requiredKeys: keys.filter((k) => required.has(k)) });
  }
  return fc.jsonValue({ maxDepth: 2 });
}

/** A body broken one way: a key dropped, set to null or to a value of the wrong type, or an unknown key. */
function broken(body: unknown): fc.Arbitrary<unknown> {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return fc.constant(body);
  const keys = Object.keys(body);
  if (keys.length === 0) return fc.constant({ unknown: 1 });
  return fc
    .tuple(fc.constantFrom(...keys), fc.constantFrom("drop", "null", 42, "str", [], { a: 1 }))
    .map(([k, how]) => {
      const copy: Record<string, unknown> = { ...(body as Record<string, unknown>) };
      if (how === "drop") delete copy[k];
      else if (how === "null") copy[k] = null;
      else copy[k] = how;
      return copy;
    });
}

/** A query value as text (an object parameter, such as the OAuth callback's, as JSON). */
function text(v: unknown): string {
  return typeof v === "object" && v !== null ? JSON.stringify(v) : String(v);
}

/** One generated request. */
interface FuzzRequest {
  op: SpecOperation;
  path: string;
  query: Record<string, string | undefined>;
  body: unknown;
  raw?: string;
  as: "admin" | "reader" | "nobody";
}

function requestArb(spec: SpecValidator, target: SpecOperation, pool: Pool): fc.Arbitrary<FuzzRequest> {
  return fc.constant(target).chain((op) => {
    const params = spec.parameters(op.operationId);
    const pathParams = params.filter((p) => p.in === "path");
    const queryParams = params.filter((p) => p.in === "query");
    const path = fc
      .tuple(
        ...pathParams.map((p) =>
          p.name === "jobId"
            ? fc.oneof(fc.constantFrom(...(pool.jobId ?? ["1"])), fc.constantFrom("999999", "abc", "-1"))
            : p.name === "actorType"
              ? fc.constantFrom("source", "destination", "job")
              : p.name === "name"
                ? fc.constantFrom("github", "google-ads", "nope")
                : idValue(pool, p.name),
        ),
      )
      .map((values) => {
        let out = op.path;
        pathParams.forEach((p, i) => {
          out = out.replace(`{${p.name}}`, encodeURIComponent(String(values[i])));
        });
        return out;
      });
    const queryModel: Record<string, fc.Arbitrary<string>> = {};
    for (const p of queryParams) {
      const s = p.schema?.type === "array" ? p.schema.items : p.schema;
      queryModel[p.name] = fc.oneof(
        { weight: 3, arbitrary: fromSchema(s, pool, p.name.replace(/s$/, ""), 0).map(text) },
        { weight: 1, arbitrary: garbage },
      );
    }
    const query = fc.record(queryModel, { requiredKeys: [] });
    const schema = spec.requestSchema(op.operationId);
    const valid = schema ? fromSchema(schema, pool, "", 0) : fc.constant(undefined);
    const body = fc.oneof(
      { weight: 4, arbitrary: valid },
      { weight: 3, arbitrary: valid.chain(broken) },
      { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
      { weight: 1, arbitrary: fc.constant(undefined) },
    );
    // Now and then a body that is not JSON at all.
    const raw = fc.oneof(
      { weight: 14, arbitrary: fc.constant(undefined) },
      { weight: 1, arbitrary: fc.constantFrom("{", "[1,", "nul") },
    );
    const as = fc.constantFrom<FuzzRequest["as"]>("admin", "admin", "admin", "reader", "nobody");
    return fc.record({ op: fc.constant(op), path, query, body, raw, as });
  });
}

describe("property-based run against api.yaml", () => {
  let emu: Emulator;
  let spec: SpecValidator;
  const tokens: Record<string, string | undefined> = {};
  const pool: Pool = {};
  const send = (
    method: string,
    path: string,
    opts: { token?: string; body?: unknown; rawBody?: string } = {},
  ) =>
    call(emu.url, method, path, {
      token: opts.token ?? tokens.admin,
      body: opts.body,
      rawBody: opts.rawBody,
    });

  const post = (path: string, body: unknown) => send("POST", path, { body });

  /** The GETs that show the state a write could touch: the lists, and the item the path names. */
  const snapshot = async (path: string): Promise<Json[]> => {
    const gets = [
      "/workspaces?includeDeleted=true&limit=100",
      "/sources?includeDeleted=true&limit=100",
      "/destinations?includeDeleted=true&limit=100",
      "/connections?includeDeleted=true&limit=100",
      "/tags",
      `/groups?organizationId=${IDS.acme}&limit=100`,
      `/regions?organizationId=${IDS.acme}`,
      "/dataplanes",
      "/applications",
      `/permissions?userId=${userId("outsider")}&organizationId=${IDS.acme}`,
      `/workspaces/${IDS.analytics}/definitions/sources`,
      `/workspaces/${IDS.analytics}/definitions/declarative_sources`,
    ];
    if (spec.operationOf("GET", path) && !path.startsWith("/jobs")) gets.push(path);
    return Promise.all(
      gets
        .map(async (g) => ({ g, ...(await send("GET", g)) }))
        .map((p) => p.then((r) => [r.g, r.status, r.body])),
    );
  };

  beforeAll(async () => {
    spec = await SpecValidator.create();
    emu = await startEmulator({ seed: SEED, jobDurationMs: 600_000 });
    tokens.admin = emu.issueToken();
    const { clientId, clientSecret } = credentials("workspace_reader");
    tokens.reader = (
      await call(emu.url, "POST", "/applications/token", {
        body: { client_id: clientId, client_secret: clientSecret },
      })
    ).body.access_token;
    // Ids of every kind, so requests reach past the look-ups.
    const region = (await post("/regions", { name: "fuzz", organizationId: IDS.acme })).body;
    const dp = (await post("/dataplanes", { regionId: region.regionId, name: "dp" })).body;
    const group = (await post("/groups", { name: "fuzz", organizationId: IDS.acme })).body;
    const perm = (
      await post("/permissions", {
        permissionType: "workspace_reader",
        userId: userId("outsider"),
        workspaceId: IDS.marketing,
      })
    ).body;
    const def = (
      await post(`/workspaces/${IDS.analytics}/definitions/sources`, {
        name: "d",
        dockerRepository: "a/b",
        dockerImageTag: "1",
      })
    ).body;
    const app = (await post("/applications", { name: "fuzz" })).body;
    const job = (await post("/jobs", { connectionId: IDS.pipeline, jobType: "sync" })).body;
    Object.assign(pool, {
      workspaceId: [IDS.analytics, IDS.marketing, IDS.globexWs],
      workspaceId_: [],
      organizationId: [IDS.acme, IDS.globex, "00000000-0000-0000-0000-000000000000"],
      sourceId: [IDS.orders],
      destinationId: [IDS.sink],
      connectionId: [IDS.pipeline],
      tagId: [IDS.tag],
      groupId: [IDS.editors, group.groupId],
      userId: [userId("outsider"), userId("organization_member"), userId("workspace_reader")],
      permissionId: [perm.permissionId],
      regionId: [region.regionId],
      dataplaneId: [dp.dataplaneId],
      definitionId: [def.id, "dfd88b22-b603-4c3d-aad7-3701784586b1"],
      applicationId: [app.id],
      jobId: [String(job.jobId)],
    });
    pool.workspaceIds = pool.workspaceId!;
    pool.tagIds = pool.tagId!;
    pool.regionIds = pool.regionId!;
    pool.ids = pool.userId!;
  });
  afterAll(() => emu.close());

  it(`answers ${RUNS} random requests to each operation with documented statuses and well-formed bodies, keeping state on failure`, async () => {
    const ops = specOperations().filter((op) => routeOf(op));
    const seen = new Map<string, Set<number>>();
    const check = async (req: FuzzRequest): Promise<void> => {
      // An empty id can turn the path into another operation's (`/applications/` lists them):
      // the answer is checked as the operation the path is.
      const matched = spec.operationOf(req.op.method, req.path)?.operationId;
      const op = ops.find((o) => o.operationId === matched) ?? req.op;
      const given = Object.entries(req.query).filter((e): e is [string, string] => e[1] !== undefined);
      const qs = new URLSearchParams(given).toString();
      const path = `${req.path}${qs ? `?${qs}` : ""}`;
      const write = op.method !== "GET";
      const before = write ? await snapshot(req.path) : undefined;
      const token = req.as === "nobody" ? "" : tokens[req.as];
      // fetch sends no body with a GET; the other methods get the generated one.
      const payload =
        op.method === "GET" ? {} : req.raw !== undefined ? { rawBody: req.raw } : { body: req.body };
      const r = await call(emu.url, op.method, path, { token, ...payload });
      seen.set(op.operationId, (seen.get(op.operationId) ?? new Set()).add(r.status));
      const sent = op.method === "GET" ? "" : ` with ${req.raw ?? JSON.stringify(req.body)}`;
      const where = `${op.method} ${path} as ${req.as}${sent} -> ${r.status} ${JSON.stringify(r.body)}`;
      const allowed = new Set([
        ...op.statuses,
        ...GLOBAL_STATUSES,
        ...(CONFLICTS.has(op.operationId) ? [409] : []),
        ...(routeOf(op)?.unsupported ? [501] : []),
        ...(op.operationId === "getDocumentation" ? [302] : []),
        // A path an empty id emptied can be no operation at all: the framework's 405 then.
        ...(matched === undefined ? [405] : []),
      ]);
      expect(allowed.has(r.status), where).toBe(true);
      if (r.status >= 400) {
        expect(isErrorBody(r.status, r.body), where).toBe(true);
      } else if (r.status < 300) {
        const body = r.body === "" ? null : r.body;
        expect(spec.responseErrors(op.operationId, r.status, body), where).toEqual([]);
      }
      if (write && r.status >= 400) expect(await snapshot(req.path), where).toEqual(before);
    };
    // Every operation gets its share, each from its own seed: deletions last, so the records the
    // others' requests name are there for as long as possible.
    const order = [...ops.filter((o) => o.method !== "DELETE"), ...ops.filter((o) => o.method === "DELETE")];
    for (const [i, target] of order.entries()) {
      await fc.assert(fc.asyncProperty(requestArb(spec, target, pool), check), {
        seed: FC_SEED + i,
        numRuns: RUNS,
        endOnFailure: true,
      });
    }
    // The run reached well past the front door: successes and refusals of many kinds.
    const statuses = new Set([...seen.values()].flatMap((s) => [...s]));
    for (const s of [200, 204, 400, 401, 403, 404, 422])
      expect(statuses.has(s), `status ${s} seen`).toBe(true);
    expect(ops).toHaveLength(92);
    // The process still serves.
    expect((await send("GET", "/health")).status).toBe(200);
  });
});
