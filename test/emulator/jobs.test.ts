import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../emulator/index.js";
import { type Client, call, type Json, login, sleep } from "./helpers.js";

const DURATION = 400;

/** A local webhook receiver collecting JSON bodies. */
async function receiver(): Promise<{ url: string; bodies: Json[]; server: Server; next(): Promise<Json> }> {
  const bodies: Json[] = [];
  const waiters: ((b: Json) => void)[] = [];
  const server = createServer((req, res) => {
    let raw = "";
    req.on("data", (c) => {
      raw += c;
    });
    req.on("end", () => {
      const b = JSON.parse(raw);
      bodies.push(b);
      waiters.shift()?.(b);
      res.writeHead(200).end("ok");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    bodies,
    server,
    next: () => new Promise((r) => waiters.push(r)),
  };
}

async function waitFor(c: Client, jobId: number, status: string): Promise<Json> {
  for (let i = 0; i < 100; i++) {
    const j = (await c.get(`/jobs/${jobId}`)).body;
    if (j.status === status) return j;
    await sleep(50);
  }
  throw new Error(`job ${jobId} never reached ${status}`);
}

describe("jobs", () => {
  let emu: Emulator;
  let c: Client;
  let ws: string;
  let src: string;
  let dst: string;
  let hook: Awaited<ReturnType<typeof receiver>>;
  const conn = async (body: Record<string, unknown> = {}) =>
    (await c.post("/connections", { sourceId: src, destinationId: dst, ...body })).body
      .connectionId as string;

  beforeAll(async () => {
    hook = await receiver();
    emu = await startEmulator({ jobDurationMs: DURATION });
    c = await login(emu);
    ws = (
      await c.post("/workspaces", {
        name: "jobs-ws",
        notifications: {
          success: { webhook: { enabled: true, url: hook.url } },
          failure: { webhook: { enabled: true, url: hook.url } },
        },
      })
    ).body.workspaceId;
    src = (
      await c.post("/sources", {
        name: "Faker",
        workspaceId: ws,
        configuration: { sourceType: "faker", count: 100 },
      })
    ).body.sourceId;
    dst = (
      await c.post("/destinations", {
        name: "PG",
        workspaceId: ws,
        configuration: {
          destinationType: "postgres",
          host: "h",
          port: 5432,
          database: "d",
          schema: "public",
          username: "u",
        },
      })
    ).body.destinationId;
  });
  afterAll(async () => {
    await emu.close();
    hook.server.close();
  });

  it("runs a sync pending → running → succeeded with deterministic volume and posts the success webhook", async () => {
    const id = await conn({ configurations: { streams: [{ name: "users" }, { name: "products" }] } });
    const delivered = hook.next();
    const r = await c.post("/jobs", { connectionId: id, jobType: "sync" });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      jobId: expect.any(Number),
      status: "pending",
      jobType: "sync",
      startTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d)?Z$/),
      connectionId: id,
    });
    const running = await waitFor(c, r.body.jobId, "running");
    expect(running.lastUpdatedAt).toBeUndefined();
    expect(running.duration).toMatch(/^PT/);
    const done = await waitFor(c, r.body.jobId, "succeeded");
    expect(done).toMatchObject({ rowsSynced: 110, bytesSynced: 100 * 540 + 10 * 150, duration: "PT0S" });
    expect(done.lastUpdatedAt).toEqual(expect.any(String));
    const body = await delivered;
    expect(body.data).toMatchObject({
      workspace: { id: ws, name: "jobs-ws" },
      connection: { id, name: "Faker <> PG" },
      source: { id: src, name: "Faker" },
      destination: { id: dst, name: "PG" },
      jobId: r.body.jobId,
      recordsCommitted: 110,
      bytesCommitted: 55500,
      bytesCommittedFormatted: "54.2 kB",
      success: true,
      errorMessage: null,
      errorType: null,
      errorOrigin: null,
      durationFormatted: "0 sec",
    });
    expect(body.text).toContain("succeeded\nThis was for null");
    expect(body.blocks[0].text.text).toMatch(
      /^Sync completed: <http:\/\/127\.0\.0\.1:\d+\/workspaces\/.+\|Faker &lt;&gt; PG>$/,
    );
    expect(body.blocks).toHaveLength(3);
  });

  it("failNextJob makes the next job fail and posts the failure webhook", async () => {
    const id = await conn();
    emu.failNextJob(id, "Boom");
    const delivered = hook.next();
    const job = (await c.post("/jobs", { connectionId: id, jobType: "sync" })).body;
    const failed = await waitFor(c, job.jobId, "failed");
    expect(failed.rowsSynced).toBe(0);
    const body = await delivered;
    expect(body.data).toMatchObject({ success: false, errorMessage: "Boom", errorType: "system_error" });
    expect(body.text).toContain("just failed...\nThis happened with Boom");
    expect(body.blocks[2].text.text).toBe("*Failure reason:*\n\n```\n[system_error] Boom\n```\n");
    // The hook applies once.
    const again = (await c.post("/jobs", { connectionId: id, jobType: "sync" })).body;
    expect((await waitFor(c, again.jobId, "succeeded")).status).toBe("succeeded");
  });

  it("409s a second job while one runs, and a sync of an inactive connection; 422s refresh", async () => {
    const id = await conn();
    const first = (await c.post("/jobs", { connectionId: id, jobType: "sync" })).body;
    const second = await c.post("/jobs", { connectionId: id, jobType: "reset" });
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({
      title: "try-again-later",
      data: { message: `A sync is already running for: ${id}` },
    });
    await waitFor(c, first.jobId, "succeeded");
    const inactive = await conn({ status: "inactive" });
    const r = await c.post("/jobs", { connectionId: inactive, jobType: "sync" });
    expect(r.status).toBe(409);
    expect(r.body).toMatchObject({ title: "state-conflict", data: { message: "Could not fulfill request" } });
    const reset = await c.post("/jobs", { connectionId: inactive, jobType: "clear" });
    expect(reset.status).toBe(200);
    expect(reset.body.jobType).toBe("clear");
    const refresh = await c.post("/jobs", { connectionId: id, jobType: "refresh" });
    expect(refresh.status).toBe(422);
    expect(refresh.body.data.message).toBe("Refreshes are not supported in the public API");
    expect(
      (await c.post("/jobs", { connectionId: "55555555-5555-5555-5555-555555555555", jobType: "sync" }))
        .status,
    ).toBe(404);
  });

  it("hangNextJob (over HTTP too) keeps a job running until DELETE cancels it; cancelling again 409s", async () => {
    const id = await conn();
    const hookRes = await call(emu.url.replace(/\/v1$/, ""), "POST", "/_emulator/jobs/hang-next", {
      body: { connectionId: id },
    });
    expect(hookRes.status).toBe(204);
    const job = (await c.post("/jobs", { connectionId: id, jobType: "sync" })).body;
    await sleep(DURATION * 2);
    expect((await c.get(`/jobs/${job.jobId}`)).body.status).toBe("running");
    const cancelled = await c.del(`/jobs/${job.jobId}`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({
      jobId: job.jobId,
      status: "cancelled",
      lastUpdatedAt: expect.any(String),
    });
    const again = await c.del(`/jobs/${job.jobId}`);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({
      title: "state-conflict",
      data: { message: "Job is not currently running" },
    });
    expect((await c.get("/jobs/999999")).status).toBe(404);
  });

  it("fail-next over HTTP works without a token", async () => {
    const id = await conn();
    const r = await call(emu.url.replace(/\/v1$/, ""), "POST", "/_emulator/jobs/fail-next", {
      body: { connectionId: id, reason: "remote" },
    });
    expect(r.status).toBe(204);
    const job = (await c.post("/jobs", { connectionId: id, jobType: "sync" })).body;
    expect((await waitFor(c, job.jobId, "failed")).status).toBe("failed");
  });

  it("lists jobs with filters, ordering and pagination", async () => {
    const id = await conn();
    const ids: number[] = [];
    for (let i = 0; i < 3; i++) {
      const j = (await c.post("/jobs", { connectionId: id, jobType: i === 1 ? "reset" : "sync" })).body;
      ids.push(j.jobId);
      await waitFor(c, j.jobId, "succeeded");
    }
    const all = await c.get(`/jobs?connectionId=${id}`);
    expect(all.body.data.map((j: { jobId: number }) => j.jobId)).toEqual(ids);
    const desc = await c.get(`/jobs?connectionId=${id}&orderBy=updatedAt|DESC`);
    expect(desc.body.data.map((j: { jobId: number }) => j.jobId)).toEqual([...ids].reverse());
    const syncs = await c.get(`/jobs?connectionId=${id}&jobType=sync&limit=1`);
    expect(syncs.body.data.map((j: { jobId: number }) => j.jobId)).toEqual([ids[0]]);
    expect(syncs.body.next).toBe(`${emu.url}/jobs?jobType=sync&connectionId=${id}&limit=1&offset=1`);
    const resets = await c.get(`/jobs?connectionId=${id}&jobType=reset&status=succeeded`);
    expect(resets.body.data).toHaveLength(1);
    const future = new Date(Date.now() + 60_000).toISOString();
    expect((await c.get(`/jobs?connectionId=${id}&createdAtStart=${future}`)).body.data).toEqual([]);
    const past = new Date(Date.now() - 60_000).toISOString();
    expect(
      (await c.get(`/jobs?connectionId=${id}&updatedAtStart=${past}&workspaceIds=${ws}`)).body.data,
    ).toHaveLength(3);
    const bad = await c.get("/jobs?orderBy=name|UP");
    expect(bad.status).toBe(400);
    expect(bad.body.data.message).toBe("Invalid order by clause provided: name|UP");
    // Empty fails the spec's pattern too (found by the schema-driven fuzzer).
    const empty = await c.get("/jobs?orderBy=");
    expect(empty.status).toBe(400);
    expect(empty.body.data.message).toBe("Invalid order by clause provided: ");
    expect((await c.get("/jobs?limit=1000")).status).toBe(400);
  });
});

describe("webhook robustness", () => {
  it("logs and carries on when the webhook receiver is down", async () => {
    const lines: string[] = [];
    const emu = await startEmulator({ jobDurationMs: 50, log: (l) => lines.push(l) });
    try {
      const c = await login(emu);
      const ws = (
        await c.post("/workspaces", {
          name: "w",
          notifications: { success: { webhook: { enabled: true, url: "http://127.0.0.1:9/nothing" } } },
        })
      ).body.workspaceId;
      const src = (
        await c.post("/sources", { name: "f", workspaceId: ws, configuration: { sourceType: "faker" } })
      ).body;
      const dst = (
        await c.post("/destinations", {
          name: "n",
          workspaceId: ws,
          definitionId: "a7bcc9d8-13b3-4e49-b80d-d020b90045e3",
          configuration: { test_destination: { test_destination_type: "SILENT" } },
        })
      ).body;
      const conn = (
        await c.post("/connections", { sourceId: src.sourceId, destinationId: dst.destinationId })
      ).body;
      const job = (await c.post("/jobs", { connectionId: conn.connectionId, jobType: "sync" })).body;
      await waitFor(c, job.jobId, "succeeded");
      for (let i = 0; i < 50 && !lines.some((l) => l.includes("failed")); i++) await sleep(20);
      expect(lines.some((l) => l.startsWith(`webhook for job ${job.jobId}`) && l.includes("failed"))).toBe(
        true,
      );
      expect((await c.get(`/jobs/${job.jobId}`)).status).toBe(200);
    } finally {
      await emu.close();
    }
  });
});
