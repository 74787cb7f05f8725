/**
 * AirbyteClient against the project's emulator over real HTTP on loopback: authentication, retries,
 * pagination and errors are asserted on the emulator's request log, and every endpoint the provider uses is
 * exercised so that the response schemas are checked against real bodies.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../emulator/index.js";
import { TokenCache } from "../../provider/api/auth.js";
import { AirbyteClient, type AirbyteClientOptions } from "../../provider/api/client.js";
import {
  AirbyteAbortError,
  AirbyteError,
  AirbyteResponseValidationError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  InternalServerError,
  NotFoundError,
} from "../../provider/api/errors.js";
import { closeSharedDispatcher } from "../../provider/api/http.js";
import { collect } from "../../provider/api/pagination.js";

const NO_SUCH_ID = "00000000-0000-4000-8000-000000000000";

function clientFor(emu: Emulator, opts: Partial<AirbyteClientOptions> = {}): AirbyteClient {
  return new AirbyteClient({
    serverUrl: emu.url,
    credentials: { clientId: emu.clientId, clientSecret: emu.clientSecret },
    retryBaseDelayMs: 1,
    tokenCache: new TokenCache(),
    ...opts,
  });
}

/** The request log as `METHOD path status` lines, for readable assertions. */
function log(emu: Emulator): string[] {
  return emu.requests.map((r) => `${r.method} ${r.path} ${r.status}`);
}

afterAll(async () => {
  await closeSharedDispatcher();
});

describe("AirbyteClient against the emulator", () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await startEmulator({ jobDurationMs: 200 });
  });
  afterAll(() => emu.close());
  beforeEach(() => {
    emu.faults.clear();
    emu.clearRequests();
  });

  describe("authentication", () => {
    it("fetches a token once and reuses it across calls", async () => {
      const client = clientFor(emu);
      await client.organizations.list();
      await collect(client.workspaces.list());
      await client.organizations.list();
      expect(log(emu)).toEqual([
        "POST /applications/token 200",
        "GET /organizations 200",
        "GET /workspaces 200",
        "GET /organizations 200",
      ]);
      expect(emu.requests[0]?.body).toEqual({
        client_id: emu.clientId,
        client_secret: emu.clientSecret,
        "grant-type": "client_credentials",
      });
    });

    it("shares tokens process-wide between clients with the same credentials", async () => {
      // No tokenCache option: both clients use the process-wide cache.
      const credentials = { clientId: emu.clientId, clientSecret: emu.clientSecret };
      const first = new AirbyteClient({ serverUrl: emu.url, credentials });
      await first.organizations.list();
      const second = new AirbyteClient({ serverUrl: `${emu.url}/`, credentials });
      await Promise.all([second.organizations.list(), second.organizations.list()]);
      expect(log(emu).filter((l) => l.startsWith("POST /applications/token"))).toHaveLength(1);
    });

    it("coalesces the token requests of concurrent first calls", async () => {
      const client = clientFor(emu);
      await Promise.all(Array.from({ length: 8 }, () => client.organizations.list()));
      expect(log(emu).filter((l) => l.startsWith("POST /applications/token"))).toHaveLength(1);
    });

    it("refreshes the token once on a 401 and the call succeeds", async () => {
      const client = clientFor(emu);
      await client.organizations.list();
      emu.clearRequests();
      emu.faults.inject({ kind: "status", path: /^\/workspaces/, status: 401, times: 1 });
      const ws = await client.workspaces.create({ name: "after-401" });
      expect(ws.name).toBe("after-401");
      expect(log(emu)).toEqual([
        "POST /workspaces 401",
        "POST /applications/token 200",
        "POST /workspaces 200",
      ]);
    });

    it("reports a wrong secret as AuthenticationError, ending with the application's hint", async () => {
      const client = clientFor(emu, {
        credentials: { clientId: emu.clientId, clientSecret: "wrong" },
        errorHint: (error) => (AuthenticationError.isInstance(error) ? "Set the secret in X." : undefined),
      });
      const err = await client.organizations.list().catch((e: unknown) => e);
      expect(AuthenticationError.isInstance(err)).toBe(true);
      const e = err as AuthenticationError;
      expect(e.status).toBe(401);
      expect(e.message).toMatch(/^Airbyte rejected the client credentials .*Set the secret in X\.$/);
      expect(e.message).not.toContain("wrong");
      expect(JSON.stringify(e.request)).not.toContain("wrong");
      expect(log(emu)).toEqual(["POST /applications/token 401"]);
    });

    it("uses a bearer token as is", async () => {
      const client = clientFor(emu, { credentials: { bearerToken: emu.issueToken() } });
      expect((await client.organizations.list()).length).toBeGreaterThan(0);
      expect(log(emu)).toEqual(["GET /organizations 200"]);
    });

    it("reports an invalid bearer token without retrying", async () => {
      const client = clientFor(emu, { credentials: { bearerToken: "not-a-token" } });
      const err = await client.organizations.list().catch((e: unknown) => e);
      expect(AuthenticationError.isInstance(err)).toBe(true);
      expect((err as Error).message).toMatch(/failed with 401.*Check the credentials/);
      expect(log(emu)).toEqual(["GET /organizations 401"]);
    });
  });

  describe("base URLs", () => {
    it("works with the self-managed prefix, with or without a trailing slash", async () => {
      for (const serverUrl of [emu.selfManagedUrl, `${emu.selfManagedUrl}/`, `${emu.url}/`]) {
        const client = clientFor(emu, { serverUrl });
        const ws = await client.workspaces.create({ name: "prefix" });
        expect((await client.workspaces.get(ws.workspaceId)).name).toBe("prefix");
      }
    });
  });

  describe("retries", () => {
    it("honours Retry-After on a 429", async () => {
      const client = clientFor(emu);
      await client.organizations.list();
      emu.clearRequests();
      emu.faults.inject({
        kind: "status",
        method: "GET",
        path: "/organizations",
        status: 429,
        headers: { "Retry-After": "1" },
      });
      const started = Date.now();
      await client.organizations.list();
      // retryBaseDelayMs is 1 ms, so waiting about a second can only come from Retry-After.
      expect(Date.now() - started).toBeGreaterThanOrEqual(950);
      expect(log(emu)).toEqual(["GET /organizations 429", "GET /organizations 200"]);
    });

    it("retries a GET on 503", async () => {
      const client = clientFor(emu);
      const ws = await client.workspaces.create({ name: "flaky" });
      emu.clearRequests();
      emu.faults.inject({
        kind: "status",
        method: "GET",
        path: `/workspaces/${ws.workspaceId}`,
        status: 503,
        times: 2,
      });
      expect((await client.workspaces.get(ws.workspaceId)).name).toBe("flaky");
      expect(log(emu).map((l) => l.split(" ")[2])).toEqual(["503", "503", "200"]);
    });

    it("does not retry a POST on 503", async () => {
      const client = clientFor(emu);
      await client.organizations.list();
      emu.clearRequests();
      emu.faults.inject({ kind: "status", method: "POST", path: "/workspaces", status: 503, times: 5 });
      const err = await client.workspaces.create({ name: "once" }).catch((e: unknown) => e);
      expect(InternalServerError.isInstance(err)).toBe(true);
      expect((err as InternalServerError).status).toBe(503);
      expect(log(emu)).toEqual(["POST /workspaces 503"]);
    });

    it("takes maxRetries per call, over the client's", async () => {
      const client = clientFor(emu, { maxRetries: 4 });
      const ws = await client.workspaces.create({ name: "per-call" });
      emu.clearRequests();
      emu.faults.inject({
        kind: "status",
        method: "GET",
        path: `/workspaces/${ws.workspaceId}`,
        status: 503,
        times: 1,
      });
      const err = await client.workspaces.get(ws.workspaceId, { maxRetries: 0 }).catch((e: unknown) => e);
      expect((err as InternalServerError).status).toBe(503);
      expect((await client.workspaces.get(ws.workspaceId)).name).toBe("per-call");
      expect(log(emu).map((l) => l.split(" ")[2])).toEqual(["503", "200"]);
    });

    it("stops a call, and every page of a list, when its signal aborts", async () => {
      const client = clientFor(emu);
      await client.organizations.list();
      emu.clearRequests();
      const controller = new AbortController();
      controller.abort();
      const { signal } = controller;
      const calls = [
        client.organizations.list({ signal }),
        client.workspaces.get(NO_SUCH_ID, { signal }),
        client.jobs.cancel(1, { signal }),
        client.tags.list(undefined, { signal }),
        client.streams.list({ sourceId: NO_SUCH_ID }, { signal }),
        collect(client.sources.list(undefined, { signal })),
      ];
      for (const call of calls) {
        const err = await call.catch((e: unknown) => e);
        expect(AirbyteAbortError.isInstance(err)).toBe(true);
      }
      expect(log(emu)).toEqual([]);
    });

    it("gives up after maxRetries", async () => {
      const client = clientFor(emu, { maxRetries: 2 });
      await client.organizations.list();
      emu.clearRequests();
      emu.faults.inject({ kind: "status", method: "GET", path: "/organizations", status: 502, times: 10 });
      await expect(client.organizations.list()).rejects.toThrow(/GET \/v1\/organizations failed with 502/);
      expect(log(emu)).toHaveLength(3);
    });
  });

  describe("pagination", () => {
    it("lists 45 workspaces with limit 20 in 3 requests", async () => {
      const own = await startEmulator();
      try {
        const client = clientFor(own);
        for (let i = 0; i < 45; i++) await client.workspaces.create({ name: `ws-${i}` });
        own.clearRequests();
        const all = await collect(client.workspaces.list({ limit: 20 }));
        expect(all).toHaveLength(45);
        expect(new Set(all.map((w) => w.workspaceId)).size).toBe(45);
        const pages = own.requests.filter((r) => r.path === "/workspaces");
        expect(pages.map((r) => [r.query.limit, r.query.offset])).toEqual([
          ["20", "0"],
          ["20", "20"],
          ["20", "40"],
        ]);
        own.clearRequests();
        expect(await collect(client.workspaces.list({ limit: 20, max: 25 }))).toHaveLength(25);
        expect(own.requests.map((r) => r.query.limit)).toEqual(["20", "5"]);
      } finally {
        await own.close();
      }
    });

    it("filters by workspaceIds", async () => {
      const client = clientFor(emu);
      const a = await client.workspaces.create({ name: "a" });
      await client.workspaces.create({ name: "b" });
      const listed = await collect(client.workspaces.list({ workspaceIds: [a.workspaceId] }));
      expect(listed.map((w) => w.workspaceId)).toEqual([a.workspaceId]);
    });
  });

  describe("errors", () => {
    it("maps 404 to NotFoundError with the problem body", async () => {
      const err = await clientFor(emu)
        .workspaces.get(NO_SUCH_ID)
        .catch((e: unknown) => e);
      expect(NotFoundError.isInstance(err)).toBe(true);
      const e = err as NotFoundError;
      expect(e.problem?.title).toBe("resource-not-found");
      expect(e.problem?.detail).toBe("The requested resource could not be found.");
      expect(e.message).toMatch(
        new RegExp(
          `^GET /v1/workspaces/${NO_SUCH_ID} failed with 404 resource-not-found: The requested resource could not be found\\.`,
        ),
      );
      expect(e.request).toEqual({ method: "GET", url: `${emu.url}/workspaces/${NO_SUCH_ID}` });
    });

    it("encodes path parameters", async () => {
      const client = clientFor(emu);
      await client.organizations.list();
      emu.clearRequests();
      await expect(client.workspaces.get("a/b?c")).rejects.toSatisfy((e: unknown) =>
        AirbyteError.isInstance(e),
      );
      expect(emu.requests[0]?.path).toBe("/workspaces/a%2Fb%3Fc");
      await expect(client.workspaces.get("")).rejects.toThrow(TypeError);
    });

    it("reports a body that does not match the schema", async () => {
      const client = clientFor(emu);
      emu.faults.inject({
        kind: "status",
        method: "GET",
        path: `/workspaces/${NO_SUCH_ID}`,
        status: 200,
        body: { workspaceId: 1 },
      });
      const err = await client.workspaces.get(NO_SUCH_ID).catch((e: unknown) => e);
      expect(AirbyteResponseValidationError.isInstance(err)).toBe(true);
      expect((err as Error).message).toContain(`/workspaces/${NO_SUCH_ID}`);
      expect((err as Error).message).toMatch(/workspaceId/);
    });
  });
});

describe("every endpoint the provider uses", () => {
  let emu: Emulator;
  let client: AirbyteClient;
  beforeAll(async () => {
    emu = await startEmulator({ jobDurationMs: 300 });
    client = clientFor(emu, { serverUrl: emu.selfManagedUrl });
  });
  afterAll(() => emu.close());

  it("workspaces: create, get, update (PATCH merge), list, delete", async () => {
    const ws = await client.workspaces.create({
      name: "crud",
      notifications: { failure: { webhook: { enabled: true, url: "http://127.0.0.1:9/hook" } } },
    });
    expect(ws.dataResidency).toBe("auto");
    expect(ws.notifications?.failure?.webhook).toEqual({ enabled: true, url: "http://127.0.0.1:9/hook" });
    const renamed = await client.workspaces.update(ws.workspaceId, { name: "crud2" });
    expect(renamed.name).toBe("crud2");
    expect(renamed.notifications?.failure?.webhook?.enabled).toBe(true);
    expect((await client.workspaces.get(ws.workspaceId)).name).toBe("crud2");
    expect((await collect(client.workspaces.list())).some((w) => w.workspaceId === ws.workspaceId)).toBe(
      true,
    );
    await client.workspaces.delete(ws.workspaceId);
    expect((await collect(client.workspaces.list())).some((w) => w.workspaceId === ws.workspaceId)).toBe(
      false,
    );
    const deleted = await collect(client.workspaces.list({ includeDeleted: true }));
    expect(deleted.some((w) => w.workspaceId === ws.workspaceId)).toBe(true);
  });

  it("organizations and connector definitions", async () => {
    const [org] = await client.organizations.list();
    expect(org?.organizationId).toEqual(expect.any(String));
    const sources = await client.connectorDefinitions.list({ type: "source" });
    expect(sources.some((d) => /faker/i.test(d.name))).toBe(true);
    const ws = await client.workspaces.create({ name: "defs" });
    const dests = await client.connectorDefinitions.list({
      type: "destination",
      workspaceId: ws.workspaceId,
    });
    expect(dests.length).toBeGreaterThan(0);
    expect(emu.requests.at(-1)?.query).toEqual({ type: "destination", workspaceId: ws.workspaceId });
  });

  it("sources, destinations, streams, tags, connections and jobs", async () => {
    const ws = await client.workspaces.create({ name: "pipeline" });
    const workspaceId = ws.workspaceId;

    const src = await client.sources.create({
      name: "Faker",
      workspaceId,
      configuration: { sourceType: "faker", count: 10 },
    });
    expect(src.sourceType).toBe("faker");
    expect(typeof src.createdAt).toBe("number");
    expect((await client.sources.update(src.sourceId, { name: "Faker 2" })).name).toBe("Faker 2");
    const replaced = await client.sources.replace(src.sourceId, {
      name: "Faker 3",
      configuration: { count: 20 },
    });
    expect(replaced.configuration).toMatchObject({ count: 20 });
    expect((await client.sources.get(src.sourceId)).name).toBe("Faker 3");
    expect(
      (await collect(client.sources.list({ workspaceIds: [workspaceId] }))).map((s) => s.sourceId),
    ).toEqual([src.sourceId]);

    const dst = await client.destinations.create({
      name: "Lake",
      workspaceId,
      configuration: {
        destinationType: "s3",
        s3_bucket_name: "b",
        s3_bucket_path: "p",
        s3_bucket_region: "us-east-1",
        format: { format_type: "JSONL" },
      },
    });
    expect(dst.destinationType).toBe("s3");
    expect((await client.destinations.update(dst.destinationId, { name: "Lake 2" })).name).toBe("Lake 2");
    expect((await client.destinations.get(dst.destinationId)).name).toBe("Lake 2");
    expect((await collect(client.destinations.list({ workspaceIds: [workspaceId] }))).length).toBe(1);

    const bare = await client.streams.list({ sourceId: src.sourceId });
    expect(bare.length).toBeGreaterThan(0);
    expect(bare[0]?.syncModes).toBeUndefined();
    const props = await client.streams.list({
      sourceId: src.sourceId,
      destinationId: dst.destinationId,
      ignoreCache: true,
    });
    expect(props[0]?.syncModes).toContain("full_refresh_overwrite");
    expect(emu.requests.at(-1)?.query).toEqual({
      sourceId: src.sourceId,
      destinationId: dst.destinationId,
      ignoreCache: "true",
    });

    const tag = await client.tags.create({ name: "prod", color: "FF5733", workspaceId });
    expect((await client.tags.update(tag.tagId, { name: "production", color: "00FF00" })).name).toBe(
      "production",
    );
    expect((await client.tags.get(tag.tagId)).color).toBe("00FF00");
    expect((await client.tags.list({ workspaceIds: [workspaceId] })).map((t) => t.tagId)).toEqual([
      tag.tagId,
    ]);
    const dup = await client.tags
      .create({ name: "production", color: "000000", workspaceId })
      .catch((e: unknown) => e);
    expect(ConflictError.isInstance(dup)).toBe(true);
    const badColor = await client.tags
      .create({ name: "x", color: "#zzz", workspaceId })
      .catch((e: unknown) => e);
    expect(BadRequestError.isInstance(badColor)).toBe(true);

    const firstStream = props[0]?.streamName ?? "";
    const conn = await client.connections.create({
      sourceId: src.sourceId,
      destinationId: dst.destinationId,
      name: "sync",
      schedule: { scheduleType: "cron", cronExpression: "0 0 12 * * ?" },
      configurations: { streams: [{ name: firstStream, syncMode: "full_refresh_overwrite" }] },
      tags: [await client.tags.get(tag.tagId)],
    });
    expect(conn.schedule).toEqual({ scheduleType: "cron", cronExpression: "0 0 12 * * ? UTC" });
    expect(conn.configurations.streams?.map((s) => s.name)).toEqual([firstStream]);
    expect(conn.tags?.map((t) => t.tagId)).toEqual([tag.tagId]);
    const patched = await client.connections.update(conn.connectionId, { name: "sync 2", prefix: "raw_" });
    expect(patched).toMatchObject({ name: "sync 2", prefix: "raw_" });
    expect((await client.connections.get(conn.connectionId)).name).toBe("sync 2");
    expect((await collect(client.connections.list({ workspaceIds: [workspaceId] }))).length).toBe(1);

    emu.hangNextJob(conn.connectionId);
    const job = await client.jobs.create({ connectionId: conn.connectionId, jobType: "sync" });
    expect(typeof job.jobId).toBe("number");
    const busy = await client.jobs
      .create({ connectionId: conn.connectionId, jobType: "sync" })
      .catch((e: unknown) => e);
    expect(ConflictError.isInstance(busy)).toBe(true);
    expect((await client.jobs.get(job.jobId)).jobId).toBe(job.jobId);
    const listed = await collect(
      client.jobs.list({ connectionId: conn.connectionId, orderBy: "createdAt|DESC", limit: 5 }),
    );
    expect(listed.map((j) => j.jobId)).toEqual([job.jobId]);
    expect(emu.requests.at(-1)?.query).toMatchObject({
      connectionId: conn.connectionId,
      orderBy: "createdAt|DESC",
    });
    expect((await client.jobs.cancel(job.jobId)).status).toBe("cancelled");

    await client.connections.delete(conn.connectionId);
    expect((await client.connections.get(conn.connectionId)).status).toBe("deprecated");
    await client.tags.delete(tag.tagId);
    await expect(client.tags.get(tag.tagId)).rejects.toSatisfy((e: unknown) => NotFoundError.isInstance(e));
    await client.destinations.delete(dst.destinationId);
    await client.sources.delete(src.sourceId);
    expect(await collect(client.sources.list({ workspaceIds: [workspaceId] }))).toEqual([]);
  });
});

describe("token expiry", () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await startEmulator({ tokenTtlSeconds: 1 });
  });
  afterAll(() => emu.close());

  it("refreshes a token before it expires, without a 401", async () => {
    const client = clientFor(emu);
    await client.organizations.list();
    await client.organizations.list();
    // A 1 s token is replaced 100 ms (10%) before expiry.
    await new Promise((r) => setTimeout(r, 1000));
    await client.organizations.list();
    expect(log(emu)).toEqual([
      "POST /applications/token 200",
      "GET /organizations 200",
      "GET /organizations 200",
      "POST /applications/token 200",
      "GET /organizations 200",
    ]);
  });
});
