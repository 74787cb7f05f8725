/**
 * `Pipelines` on the real engine: a YAML spec deployed to the emulator with the stack's overrides,
 * an edit of the YAML previewed as exactly the updates it means (no replacement) and applied by
 * `up`, and a bad spec refused at preview with file, line and field, before anything is written.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { EngineEvent } from "@pulumi/pulumi/automation/index.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../../emulator/index.js";
import { emulator, newStack, outOfBand, rawState, requestsTo, type TestStack } from "./harness.js";
import * as airbyte from "./sdk.js";

const PASSWORD = "wh-Secret-9c2e71";

/** The spec, with the two values the test edits. The stack is called `test`: its override applies. */
function spec(k: { count: number; cron: string }): string {
  return `workspace:
  resourceName: analytics
  name: pipelines-e2e
sources:
  sample:
    name: sample data
    connector: faker
    configuration:
      count: ${k.count}
      seed: 42
destinations:
  warehouse:
    name: warehouse
    connector: postgres
    configuration:
      host: warehouse.internal
      port: 5432
      database: analytics
      schema: raw
      username: loader
      password: { secret: warehousePassword }
      ssl: false
tags:
  finance: { name: finance, color: FF5733 }
connections:
  sample-to-warehouse:
    source: sample
    destination: warehouse
    schedule: { scheduleType: cron, cronExpression: "0 0 2 * * ?" }
    streams:
      - { name: users, syncMode: incremental_deduped_history }
      - { name: products, syncMode: full_refresh_overwrite }
    tags: [finance]
jobs:
  first-load:
    connection: sample-to-warehouse
    wait: { timeoutSeconds: 120, pollIntervalSeconds: 0.2 }
environments:
  test:
    connections:
      sample-to-warehouse:
        schedule: { cronExpression: "${k.cron}" }
  prod:
    destinations:
      warehouse:
        configuration: { schema: analytics }
`;
}

function program(file: string) {
  return async () => {
    const pipelines = new airbyte.Pipelines("analytics", { spec: file });
    return {
      workspaceId: pipelines.workspaceId,
      sourceIds: pipelines.sourceIds,
      destinationIds: pipelines.destinationIds,
      connectionIds: pipelines.connectionIds,
      jobIds: pipelines.jobIds,
    };
  };
}

/**
 * The operation of each resource in a run's events, by resource name, with the inputs it changes
 * (the dynamic provider's host passes no detailed diff, so the events' old and new inputs decide).
 */
function opsOf(events: EngineEvent[]): Record<string, { op: string; changes: Record<string, unknown[]> }> {
  const ops: Record<string, { op: string; changes: Record<string, unknown[]> }> = {};
  for (const e of events) {
    const m = e.resourcePreEvent?.metadata;
    if (m === undefined) continue;
    const before = m.old?.inputs ?? {};
    const after = m.new?.inputs ?? {};
    const changes = [...new Set([...Object.keys(before), ...Object.keys(after)])]
      .filter((k) => k !== "__provider" && JSON.stringify(before[k]) !== JSON.stringify(after[k]))
      .map((k) => [k, [before[k], after[k]]]);
    ops[m.urn.split("::").at(-1) ?? m.urn] = { op: m.op, changes: Object.fromEntries(changes) };
  }
  return ops;
}

/** A spec without a workspace, whose job the `dev` stack leaves out. */
const ELSEWHERE = `sources:
  sample:
    name: sample data
    connector: faker
    configuration: { count: 10, seed: 1 }
destinations:
  sink:
    name: sink
    connector: dev-null
    configuration: { test_destination: { test_destination_type: SILENT } }
connections:
  sample-to-sink:
    source: sample
    destination: sink
jobs:
  load:
    connection: sample-to-sink
environments:
  dev:
    sync: false
`;

/** The error of a preview that must fail, with the emulator's request log cleared before it. */
async function failedPreview(emu: Emulator, t: TestStack): Promise<Error> {
  emu.clearRequests();
  return t.stack.preview().then(
    () => new Error("the preview succeeded"),
    (error: unknown) => error as Error,
  );
}

const writes = (emu: Emulator) =>
  emu.requests.filter((r) => r.method !== "GET" && !r.path.startsWith("/applications/token"));

describe("Pipelines: a YAML spec on the real engine", () => {
  let emu: Emulator;
  let t: TestStack;
  let dir: string;
  let file: string;
  let connectionId = "";
  let sourceId = "";

  beforeAll(async () => {
    emu = await emulator();
    dir = await mkdtemp(path.join(tmpdir(), "pa-spec-"));
    file = path.join(dir, "pipelines.yaml");
    await writeFile(file, spec({ count: 100, cron: "0 0 3 * * ?" }));
    t = await newStack(emu, program(file), {
      config: { "pulumi-airbyte-test:warehousePassword": { value: PASSWORD, secret: true } },
    });
  });
  afterAll(async () => {
    await t?.cleanup();
    await emu?.close();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it("deploys the spec with the stack's overrides, the secret kept secret, and runs its job", async () => {
    const up = await t.stack.up();
    expect(up.summary.resourceChanges).toEqual({ create: 8 });
    const ids = (key: string) => (up.outputs[key]?.value ?? {}) as Record<string, string>;
    connectionId = ids("connectionIds")["sample-to-warehouse"] ?? "";
    sourceId = ids("sourceIds").sample ?? "";
    const connection = (await outOfBand(emu, "GET", `/connections/${connectionId}`)) as {
      name: string;
      schedule: { cronExpression: string };
      tags: Array<{ name: string }>;
    };
    // The `test` stack's override, not the base's 02:00.
    expect(connection.schedule.cronExpression).toBe("0 0 3 * * ? UTC");
    expect(connection.tags.map((tag) => tag.name)).toEqual(["finance"]);
    // prod's schema applies to prod only.
    const destinationId = ids("destinationIds").warehouse;
    const destination = (await outOfBand(emu, "GET", `/destinations/${destinationId}`)) as {
      configuration: { schema: string };
    };
    expect(destination.configuration.schema).toBe("raw");
    const jobId = ids("jobIds")["first-load"];
    const job = (await outOfBand(emu, "GET", `/jobs/${jobId}`)) as { status: string; connectionId: string };
    expect(job).toMatchObject({ status: "succeeded", connectionId });
    expect(await rawState(t)).not.toContain(PASSWORD);
    const urns = (await t.stack.exportStack()).deployment.resources.map((r: { urn: string }) => r.urn);
    expect(urns).toContain(
      "urn:pulumi:test::pulumi-airbyte-test::airbyte:index:Pipelines$pulumi-nodejs:dynamic/airbyte:Connection::analytics-sample-to-warehouse",
    );
  });

  it("previews an edit of the YAML as exactly its updates, which up then applies", async () => {
    await writeFile(file, spec({ count: 250, cron: "0 0 4 * * ?" }));
    const stack = await t.reopen(program(file));
    const events: EngineEvent[] = [];
    const preview = await stack.preview({ onEvent: (e) => events.push(e) });
    expect(preview.changeSummary).toEqual({ same: 6, update: 2 });
    const changed = Object.entries(opsOf(events)).filter(([, o]) => o.op !== "same");
    expect(Object.fromEntries(changed)).toEqual({
      "analytics-sample": {
        op: "update",
        changes: {
          configuration: [
            { count: 100, seed: 42 },
            { count: 250, seed: 42 },
          ],
        },
      },
      "analytics-sample-to-warehouse": {
        op: "update",
        changes: {
          schedule: [
            { scheduleType: "cron", cronExpression: "0 0 3 * * ?" },
            { scheduleType: "cron", cronExpression: "0 0 4 * * ?" },
          ],
        },
      },
    });

    const jobPosts = requestsTo(emu, "POST", /^\/jobs$/).length;
    const up = await stack.up();
    expect(up.summary.resourceChanges).toEqual({ same: 6, update: 2 });
    const source = (await outOfBand(emu, "GET", `/sources/${sourceId}`)) as {
      configuration: { count: number };
    };
    expect(source.configuration.count).toBe(250);
    const connection = (await outOfBand(emu, "GET", `/connections/${connectionId}`)) as {
      schedule: { cronExpression: string };
    };
    expect(connection.schedule.cronExpression).toBe("0 0 4 * * ? UTC");
    // The job's connection kept its id: no new sync.
    expect(requestsTo(emu, "POST", /^\/jobs$/).length).toBe(jobPosts);
  });

  it("refuses a bad spec at preview with file, line and field, and writes nothing", async () => {
    const bad = path.join(dir, "bad.yaml");
    await writeFile(
      bad,
      spec({ count: 100, cron: "0 0 25 * * ?" })
        .replace("    source: sample\n", "    source: sampel\n")
        .replace("    connector: faker\n", "    connector: fakr\n")
        .replace("      port: 5432\n", '      port: "5432"\n'),
    );
    const other = await newStack(emu, program(bad), {
      config: { "pulumi-airbyte-test:warehousePassword": { value: PASSWORD, secret: true } },
    });
    try {
      const failure = await failedPreview(emu, other);
      expect(failure.message).toContain(
        `${bad}:27:13: connections.sample-to-warehouse.source: no source "sampel" in sources: name one of sample`,
      );
      // Every problem of the file in one run: a misspelt connector (with the right suggestion) and a
      // configuration its connector's schema refuses, beside the spec's own problems.
      expect(failure.message).toContain(
        `${bad}:7:16: sources.sample.connector: "fakr" is not a source connector Airbyte ships: did you mean "faker"?`,
      );
      expect(failure.message).toContain(
        `${bad}:17:13: destinations.warehouse.configuration.port: must be integer (the postgres connector's schema)`,
      );
      expect(failure.message).toMatch(
        new RegExp(
          `${bad.replace(/[.]/g, "\\.")}:42:37: environments\\.test\\.connections\\.sample-to-warehouse\\.schedule\\.cronExpression: `,
        ),
      );
      // The problems, not a stack trace.
      expect(failure.message).not.toMatch(/\n\s+at .*spec\.js/);
      expect(writes(emu)).toEqual([]);
      expect((await other.stack.exportStack()).deployment.resources ?? []).toEqual([]);
    } finally {
      await other.cleanup();
    }
  });

  it("puts the pipelines in a workspace the program manages, and runs no job where the stack says sync: false", async () => {
    const elsewhere = path.join(dir, "elsewhere.yaml");
    await writeFile(elsewhere, ELSEWHERE);
    const other = await newStack(emu, async () => {
      const ws = new airbyte.Workspace("ws", { name: "managed elsewhere" });
      const pipelines = new airbyte.Pipelines("p", {
        spec: elsewhere,
        workspaceId: ws.workspaceId,
        environment: "dev",
      });
      return { workspaceId: ws.workspaceId, sourceIds: pipelines.sourceIds, jobIds: pipelines.jobIds };
    });
    try {
      const jobPosts = requestsTo(emu, "POST", /^\/jobs$/).length;
      const up = await other.stack.up();
      // The stack, the workspace, the component, a source, a destination, a connection: no job.
      expect(up.summary.resourceChanges).toEqual({ create: 6 });
      expect(up.outputs.jobIds?.value).toEqual({});
      expect(requestsTo(emu, "POST", /^\/jobs$/).length).toBe(jobPosts);
      const sourceId = ((up.outputs.sourceIds?.value ?? {}) as Record<string, string>).sample;
      const source = (await outOfBand(emu, "GET", `/sources/${sourceId}`)) as { workspaceId: string };
      expect(source.workspaceId).toBe(up.outputs.workspaceId?.value);
      await other.stack.destroy();
    } finally {
      await other.cleanup();
    }
  });

  it("fails preview naming every stack config secret the spec needs and the stack lacks", async () => {
    const other = await newStack(emu, program(file));
    try {
      const failure = await failedPreview(emu, other);
      expect(failure.message).toContain(
        `${file}: destinations.warehouse.configuration.password.secret: the stack has no config "pulumi-airbyte-test:warehousePassword": set it with \`pulumi config set --secret warehousePassword <value>\``,
      );
      expect(writes(emu)).toEqual([]);
    } finally {
      await other.cleanup();
    }
  });
});
