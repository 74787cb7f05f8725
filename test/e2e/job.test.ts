import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../../emulator/index.js";
import { emulator, newStack, outOfBand, requestsTo, type TestStack } from "./harness.js";
import * as airbyte from "./sdk.js";

interface Hook {
  text: string;
  data: {
    jobId: number;
    success: boolean;
    recordsCommitted: number;
    bytesCommitted: number;
    connection: { id: string };
  };
}

describe("sync jobs during a deployment, on the real engine", () => {
  let emu: Emulator;
  let t: TestStack;
  let hookServer: Server;
  let hookUrl = "";
  const hooks: Hook[] = [];
  const output: string[] = [];
  const onOutput = (line: string) => output.push(line);
  let connectionId = "";

  const program =
    (job: Partial<airbyte.JobArgs> | undefined, trigger = "v1") =>
    async () => {
      const ws = new airbyte.Workspace("ws", {
        name: "jobs",
        notifications: {
          success: { webhook: { enabled: true, url: hookUrl } },
          failure: { webhook: { enabled: true, url: hookUrl } },
        },
      });
      const src = new airbyte.Source("faker", {
        workspaceId: ws.workspaceId,
        name: "faker",
        definition: "faker",
        configuration: { count: 120 },
      });
      const dst = new airbyte.Destination("devnull", {
        workspaceId: ws.workspaceId,
        name: "devnull",
        definition: "dev-null",
        configuration: { test_destination: { test_destination_type: "SILENT" } },
      });
      const conn = new airbyte.Connection("c", {
        sourceId: src.sourceId,
        destinationId: dst.destinationId,
        streams: [{ name: "users" }, { name: "products" }],
      });
      const outputs: Record<string, unknown> = { connectionId: conn.connectionId };
      if (job !== undefined) {
        const j = new airbyte.Job("load", {
          connectionId: conn.connectionId,
          triggers: [trigger],
          wait: { timeoutSeconds: 60, pollIntervalSeconds: 0.2 },
          ...job,
        });
        Object.assign(outputs, {
          jobId: j.jobId,
          status: j.status,
          rows: j.rowsSynced,
          bytes: j.bytesSynced,
          duration: j.duration,
        });
      }
      return outputs;
    };

  beforeAll(async () => {
    hookServer = createServer((req, res) => {
      let body = "";
      req.on("data", (c) => {
        body += c;
      });
      req.on("end", () => {
        hooks.push(JSON.parse(body) as Hook);
        res.end("ok");
      });
    });
    await new Promise<void>((resolve) => hookServer.listen(0, "127.0.0.1", resolve));
    hookUrl = `http://127.0.0.1:${(hookServer.address() as AddressInfo).port}/hook`;
    // Long enough for a sync started out of band to still run when the engine, on a loaded
    // machine, gets to the Job (the attach test).
    emu = await emulator({ jobDurationMs: 6000 });
    t = await newStack(emu, program(undefined));
    const up = await t.stack.up();
    connectionId = up.outputs.connectionId?.value as string;
  });
  afterAll(async () => {
    await t?.cleanup();
    await emu?.close();
    await new Promise((resolve) => hookServer?.close(resolve));
  });

  const jobPosts = () => requestsTo(emu, "POST", /^\/jobs$/).length;

  it("preview never starts a job", async () => {
    const stack = await t.reopen(program({}));
    const before = jobPosts();
    const preview = await stack.preview();
    expect(preview.changeSummary.create).toBe(1);
    expect(jobPosts()).toBe(before);
  });

  it("runs a sync on the first deploy, shows progress, and the webhook reports the same figures", async () => {
    const stack = await t.reopen(program({}));
    const up = await stack.up({ onOutput });
    expect(up.summary.resourceChanges).toMatchObject({ create: 1 });
    const jobId = up.outputs.jobId?.value as number;
    expect(up.outputs.status?.value).toBe("succeeded");
    const live = (await outOfBand(emu, "GET", `/jobs/${jobId}`)) as {
      rowsSynced: number;
      bytesSynced: number;
    };
    expect(up.outputs.rows?.value).toBe(live.rowsSynced);
    expect(up.outputs.bytes?.value).toBe(live.bytesSynced);
    expect(live.rowsSynced).toBeGreaterThan(0);
    expect(up.outputs.duration?.value).toMatch(/^PT/);
    expect(output.join("")).toMatch(new RegExp(`Airbyte sync job ${jobId}: (pending|running)`));

    await expect.poll(() => hooks.find((h) => h.data?.jobId === jobId), { timeout: 5000 }).toBeDefined();
    const hook = hooks.find((h) => h.data.jobId === jobId);
    expect(hook?.data).toMatchObject({
      success: true,
      recordsCommitted: live.rowsSynced,
      bytesCommitted: live.bytesSynced,
      connection: { id: connectionId },
    });
    expect(hook?.text).toContain("succeeded");
  });

  it("refresh reads the finished job's status and figures back unchanged", async () => {
    const stack = await t.reopen(program({}));
    const before = await stack.outputs();
    const refresh = await stack.refresh();
    expect(refresh.summary.resourceChanges).toEqual({ same: 6 });
    const after = await stack.outputs();
    for (const key of ["jobId", "status", "rows", "bytes", "duration"]) {
      expect(after[key]?.value).toEqual(before[key]?.value);
    }
  });

  it("starts no job on a no-op up, and a new one when the triggers change", async () => {
    const before = jobPosts();
    const same = await (await t.reopen(program({}))).up();
    expect(same.summary.resourceChanges).toEqual({ same: 6 });
    expect(jobPosts()).toBe(before);

    const changed = await (await t.reopen(program({}, "v2"))).up();
    expect(changed.summary.resourceChanges).toMatchObject({ replace: 1 });
    expect(jobPosts()).toBe(before + 1);
  });

  // The public API's JobResponse has no failure reason (its OpenAPI schema lists none): the deployment fails
  // with what it does report, and the failure webhook carries Airbyte's reason.
  it("a failing sync fails the deployment, naming the job, its status and figures", async () => {
    emu.failNextJob(connectionId, "Source database refused the connection");
    const stack = await t.reopen(program({}, "v3"));
    const error = await stack.up().then(
      () => "",
      (e: unknown) => String(e),
    );
    expect(error).toMatch(
      /Airbyte sync job \d+ for connection [0-9a-f-]+ failed \(after PT[\d.]+S, \d+ rows\)/,
    );
    expect(error).toContain("set failOnError: false");
    await expect
      .poll(() => hooks.find((h) => h.data?.success === false)?.text ?? "", { timeout: 5000 })
      .toContain("Source database refused the connection");
  });

  it("with failOnError off, a failed sync is recorded instead", async () => {
    emu.failNextJob(connectionId, "boom");
    const up = await (await t.reopen(program({ failOnError: false }, "v4"))).up();
    expect(up.outputs.status?.value).toBe("failed");
  });

  it("a timeout cancels the job and says so", async () => {
    emu.hangNextJob(connectionId);
    const stack = await t.reopen(program({ wait: { timeoutSeconds: 1.5, pollIntervalSeconds: 0.2 } }, "v5"));
    const error = await stack.up().then(
      () => "",
      (e: unknown) => String(e),
    );
    expect(error).toMatch(/did not finish within 2 s[\s\S]*it was cancelled/);
    const cancels = requestsTo(emu, "DELETE", /^\/jobs\/\d+$/);
    expect(cancels.length).toBeGreaterThan(0);
    const jobId = cancels.at(-1)?.path.split("/").at(-1);
    const job = (await outOfBand(emu, "GET", `/jobs/${jobId}`)) as { status: string };
    expect(job.status).toBe("cancelled");
  });

  it("attaches to a sync already running for the connection", async () => {
    const running = (await outOfBand(emu, "POST", "/jobs", { connectionId, jobType: "sync" })) as {
      jobId: number;
    };
    const up = await (await t.reopen(program({}, "v6"))).up({ onOutput });
    expect(up.outputs.jobId?.value).toBe(running.jobId);
    expect(up.outputs.status?.value).toBe("succeeded");
    expect(output.join("")).toContain(`already running for this connection (job ${running.jobId})`);
  });

  it("destroy cancels a job that is still running, and leaves finished ones alone", async () => {
    const up = await (await t.reopen(program({ wait: false }, "v7"))).up();
    const jobId = up.outputs.jobId?.value as number;
    const stack = await t.reopen(program(undefined));
    await stack.up();
    const job = (await outOfBand(emu, "GET", `/jobs/${jobId}`)) as { status: string };
    expect(["cancelled", "succeeded"]).toContain(job.status);
    expect(requestsTo(emu, "DELETE", new RegExp(`^/jobs/${jobId}$`)).length).toBe(
      job.status === "cancelled" ? 1 : 0,
    );
  });
});
