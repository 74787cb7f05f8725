/**
 * The plan equals what happens, for every face of the package. One deployed pipeline; each row
 * makes one change a user makes and compares, per resource, the operations announced by
 * `pulumi preview` (the CLI, as users and reviewers see it), by the Automation API's preview, and
 * performed by `up`, with the writes the emulator received. Rows run in order on the same stack,
 * each on top of the previous one. A face is a language's program of the same pipeline: the
 * TypeScript dynamic resources (`plan-matrix.test.ts`), and the native plugin's Python and YAML
 * programs (`plan-matrix-plugin.test.ts`); every face must agree with the same expected rows.
 */

import type { EngineEvent } from "@pulumi/pulumi/automation/index.js";
import { LocalWorkspace, PulumiCommand, type Stack } from "@pulumi/pulumi/automation/index.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../../emulator/index.js";
import type { CliProject } from "./cli.js";
import { emulator, outOfBand } from "./harness.js";

/** Everything a row may change. */
export interface Knobs {
  wsName: string;
  srcName: string;
  srcCount: number;
  dstName: string;
  dstConnector: "postgres" | "dev-null";
  dstJdbcParams: boolean;
  connName: string;
  cron: string;
  streams: Array<[string, string]>;
  tagName: string;
  tagColor: string;
  trigger: string;
  connSource: "a" | "b";
  crmTag: string;
  billingUrl: string;
  role: string;
  grantOn: "ws" | "ws2";
}

/** The pipeline as a TypeScript program on the dynamic resources. */
export const TS_PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import * as airbyte from "pulumi-airbyte";

const config = new pulumi.Config();
const k = config.requireObject<any>("knobs");
const ws = new airbyte.Workspace("ws", { name: k.wsName });
const a = new airbyte.Source("source-a", {
  workspaceId: ws.workspaceId, name: k.srcName, definition: "faker",
  configuration: { count: k.srcCount, seed: 42 },
});
const b = new airbyte.Source("source-b", {
  workspaceId: ws.workspaceId, name: "second", definition: "faker", configuration: { count: 10 },
});
const warehouse = new airbyte.Destination("warehouse", {
  workspaceId: ws.workspaceId, name: k.dstName, definition: k.dstConnector,
  configuration: k.dstConnector === "postgres"
    ? {
        host: "warehouse.internal", port: 5432, database: "analytics", schema: "raw", username: "loader",
        password: config.requireSecret("warehousePassword"),
        ...(k.dstJdbcParams ? { jdbc_url_params: "connectTimeout=10" } : {}),
      }
    : { test_destination: { test_destination_type: "SILENT" } },
});
const tag = new airbyte.Tag("tag", { workspaceId: ws.workspaceId, name: k.tagName, color: k.tagColor });
const conn = new airbyte.Connection("conn", {
  sourceId: (k.connSource === "b" ? b : a).sourceId,
  destinationId: warehouse.destinationId,
  name: k.connName,
  schedule: { scheduleType: "cron", cronExpression: k.cron },
  streams: k.streams.map(([name, syncMode]: [string, string]) => ({ name, syncMode })),
  tags: [tag.tagId],
});
const job = new airbyte.Job("job", { connectionId: conn.connectionId, triggers: [conn.connectionId, k.trigger] });
const ws2 = new airbyte.Workspace("ws2", { name: "matrix-2" });
const crmDef = new airbyte.SourceDefinition("crm-def", {
  workspaceId: ws.workspaceId, name: "acme-crm", dockerRepository: "ghcr.io/acme/source-crm", dockerImageTag: k.crmTag,
});
new airbyte.Source("crm", {
  workspaceId: ws.workspaceId, name: "crm", definitionId: crmDef.definitionId, configuration: { region: "eu" },
});
new airbyte.DeclarativeSourceDefinition("billing-def", {
  workspaceId: ws.workspaceId, name: "billing-api",
  manifest: [
    "version: 6.5.0",
    "type: DeclarativeSource",
    "check: { type: CheckStream, stream_names: [invoices] }",
    "streams:",
    "  - type: DeclarativeStream",
    "    name: invoices",
    "    retriever:",
    "      type: SimpleRetriever",
    \`      requester: { type: HttpRequester, url_base: "\${k.billingUrl}", path: /invoices }\`,
  ].join("\\n"),
});
new airbyte.Permission("grant", {
  userId: airbyte.getUserOutput({ email: "ana@acme.example" }).id,
  permissionType: k.role,
  workspaceId: (k.grantOn === "ws2" ? ws2 : ws).workspaceId,
});

export const sourceId = a.sourceId;
export const jobStatus = job.status;
`;

/** The knobs of the first deployment. */
export const BASE: Knobs = {
  wsName: "matrix",
  srcName: "orders",
  srcCount: 100,
  dstName: "warehouse",
  dstConnector: "postgres",
  dstJdbcParams: true,
  connName: "orders → warehouse",
  cron: "0 0 2 * * ?",
  streams: [
    ["users", "full_refresh_overwrite"],
    ["products", "full_refresh_overwrite"],
  ],
  tagName: "finance",
  tagColor: "FF5733",
  trigger: "1",
  connSource: "a",
  crmTag: "1.0.0",
  billingUrl: "https://billing.example.com/api",
  role: "workspace_reader",
  grantOn: "ws",
};

/** The API collection each resource of the program writes to. */
const COLLECTION: Record<string, string> = {
  ws: "workspaces",
  "source-a": "sources",
  "source-b": "sources",
  warehouse: "destinations",
  tag: "tags",
  conn: "connections",
  job: "jobs",
  ws2: "workspaces",
  // A workspace's definitions live under /workspaces/{id}/definitions.
  "crm-def": "workspaces",
  crm: "sources",
  "billing-def": "workspaces",
  grant: "permissions",
};

type Ops = Record<string, string>;

/** One operation per resource: the steps of a replacement count as one "replace". */
function canonical(op: string): string {
  return ["create-replacement", "delete-replaced", "replace"].includes(op) ? "replace" : op;
}

function addOp(ops: Ops, urn: string, op: string): void {
  // The stack, and the default provider (its inputs are the stack config, which the rows change).
  if (urn.includes("::pulumi:pulumi:Stack::") || urn.includes("::pulumi:providers:")) return;
  const name = urn.split("::").at(-1) ?? urn;
  const c = canonical(op);
  if (c === "same" || c === "read" || c === "refresh") return;
  ops[name] = c;
}

/** Per-resource operations from the engine's events, same ones left out. */
function opsFromEvents(events: EngineEvent[]): Ops {
  const ops: Ops = {};
  for (const e of events) {
    const m = e.resourcePreEvent?.metadata;
    if (m !== undefined) addOp(ops, m.urn, m.op);
  }
  return ops;
}

/** Per-resource operations from `pulumi preview --json`. */
function opsFromCliJson(json: string): Ops {
  const ops: Ops = {};
  for (const step of (JSON.parse(json) as { steps?: Array<{ op: string; urn: string }> }).steps ?? []) {
    addOp(ops, step.urn, step.op);
  }
  return ops;
}

/** The writes the operations imply, as "create|update|delete <collection>". */
function impliedWrites(ops: Ops): string[] {
  const writes: string[] = [];
  for (const [name, op] of Object.entries(ops)) {
    const col = COLLECTION[name] ?? name;
    if (op === "update") writes.push(`update ${col}`);
    if (op === "create" || op === "replace") writes.push(`create ${col}`);
    // A finished job needs no call to delete; every other object is deleted through the API.
    if ((op === "delete" || op === "replace") && col !== "jobs") writes.push(`delete ${col}`);
  }
  return writes.sort();
}

/** The writes the emulator received, in the same form. */
function observedWrites(emu: Emulator): string[] {
  const verb: Record<string, string> = { POST: "create", PATCH: "update", PUT: "update", DELETE: "delete" };
  return emu.requests
    .filter((r) => r.method !== "GET" && !r.path.startsWith("/applications/token"))
    .map((r) => `${verb[r.method] ?? r.method} ${r.path.split("/")[1] ?? ""}`)
    .sort();
}

/** One change and what it must do. */
export interface Row {
  readonly change: string;
  readonly knobs?: Partial<Knobs>;
  /** Something done out of band, then `refresh`, before the preview. */
  readonly outOfBand?: (emu: Emulator, sourceId: string) => Promise<void>;
  readonly expected: Ops;
  /** What `pulumi preview --diff` must show for it (besides no unknowns and no server echoes). */
  readonly display?: RegExp[];
  /** The change removes a field, which the display shows as removed. */
  readonly removes?: boolean;
}

/** The changes, in order. */
export const ROWS: Row[] = [
  { change: "rename the workspace", knobs: { wsName: "matrix-renamed" }, expected: { ws: "update" } },
  { change: "rename a source", knobs: { srcName: "orders-db" }, expected: { "source-a": "update" } },
  { change: "rename a destination", knobs: { dstName: "dwh" }, expected: { warehouse: "update" } },
  {
    change: "rename a connection",
    knobs: { connName: "orders nightly" },
    expected: { conn: "update" },
    display: [/~ name\s*: "orders → warehouse" => "orders nightly"/],
  },
  { change: "rename a tag", knobs: { tagName: "finance-team" }, expected: { tag: "update" } },
  {
    change: "a configuration value",
    knobs: { srcCount: 250 },
    expected: { "source-a": "update" },
    // A reviewer reads the change itself, not "configuration: [secret]".
    display: [/~ count\s*: 100 => 250/],
  },
  {
    change: "remove a configuration key",
    knobs: { dstJdbcParams: false },
    expected: { warehouse: "update" },
    display: [/- jdbc_url_params\s*: "connectTimeout=10"/, /password\s*: \[secret\]/],
    removes: true,
  },
  {
    change: "the schedule",
    knobs: { cron: "0 30 4 * * ?" },
    expected: { conn: "update" },
    display: [/~ cronExpression: "0 0 2 \* \* \?" => "0 30 4 \* \* \?"/],
  },
  {
    change: "the stream list",
    knobs: {
      streams: [
        ["users", "full_refresh_overwrite"],
        ["products", "full_refresh_overwrite"],
        ["purchases", "full_refresh_overwrite"],
      ],
    },
    expected: { conn: "update" },
  },
  {
    change: "a sync mode",
    knobs: {
      streams: [
        ["users", "full_refresh_append"],
        ["products", "full_refresh_overwrite"],
        ["purchases", "full_refresh_overwrite"],
      ],
    },
    expected: { conn: "update" },
  },
  { change: "a tag colour", knobs: { tagColor: "00AA00" }, expected: { tag: "update" } },
  { change: "a job trigger", knobs: { trigger: "2" }, expected: { job: "replace" } },
  {
    change: "the destination's connector",
    knobs: { dstConnector: "dev-null" },
    expected: { warehouse: "replace", conn: "replace", job: "replace" },
  },
  {
    change: "the connection's source",
    knobs: { connSource: "b" },
    expected: { conn: "replace", job: "replace" },
  },
  { change: "a custom connector's image tag", knobs: { crmTag: "1.1.0" }, expected: { "crm-def": "update" } },
  {
    change: "a low-code connector's manifest",
    knobs: { billingUrl: "https://billing.example.com/v2" },
    expected: { "billing-def": "update" },
    display: [
      /~ url_base\s*: "https:\/\/billing\.example\.com\/api" => "https:\/\/billing\.example\.com\/v2"/,
    ],
  },
  {
    change: "a user's role",
    knobs: { role: "workspace_editor" },
    expected: { grant: "update" },
    display: [/~ permissionType\s*: "workspace_reader" => "workspace_editor"/],
  },
  { change: "the workspace a role applies to", knobs: { grantOn: "ws2" }, expected: { grant: "replace" } },
  {
    change: "an out-of-band change, after refresh",
    outOfBand: async (emu, sourceId) => {
      await outOfBand(emu, "PATCH", `/sources/${sourceId}`, {
        name: "renamed in the UI",
        configuration: { count: 7 },
      });
    },
    expected: { "source-a": "update" },
  },
];

/** A language's project of the pipeline, deployed and changed through the CLI. */
export interface MatrixFace {
  /** Its name in the test titles. */
  readonly label: string;
  /** Makes the project, configured for the emulator (and the warehouse password as a secret). */
  open(emu: Emulator, warehousePassword: string): Promise<CliProject>;
  /** Sets the knobs the program reads. */
  setKnobs(project: CliProject, knobs: Knobs): Promise<void>;
  /** What `preview --diff` shows of a row, where a face shows it otherwise (default: the row's own). */
  display?(row: Row): RegExp[] | undefined;
}

/** Runs the rows on a face. */
export function planMatrix(face: MatrixFace): void {
  describe(`the plan equals what happens, ${face.label} (CLI preview, Automation API preview, up, emulator writes)`, () => {
    let emu: Emulator;
    let project: CliProject;
    let stack: Stack;
    let knobs: Knobs = { ...BASE };
    let sourceId = "";

    const setKnobs = (k: Knobs) => face.setKnobs(project, k);

    beforeAll(async () => {
      emu = await emulator({
        jobDurationMs: 200,
        // The user the program grants a role to.
        seed: {
          users: [
            {
              name: "Ana",
              email: "ana@acme.example",
              permissions: [
                { type: "organization_member", organization: "00000000-0000-0000-0000-000000000000" },
              ],
            },
          ],
        },
      });
      project = await face.open(emu, "matrix-pw-93b1");
      await setKnobs(knobs);
      const cliRoot = process.env.PULUMI_AIRBYTE_CLI_ROOT ?? "";
      const envVars = Object.fromEntries(
        Object.entries(project.env).filter((e): e is [string, string] => e[1] !== undefined),
      );
      stack = await LocalWorkspace.selectStack(
        { stackName: "dev", workDir: project.dir },
        { pulumiCommand: await PulumiCommand.get({ root: cliRoot }), envVars },
      );
      const up = await stack.up();
      expect(up.summary.resourceChanges).toEqual({ create: 13 });
      sourceId = String(up.outputs.sourceId?.value);
    }, 300_000);

    afterAll(async () => {
      await stack?.destroy().catch(() => undefined);
      await project?.cleanup();
      await emu?.close();
    });

    it.each(ROWS)(
      "$change",
      async (row) => {
        if (row.knobs !== undefined) {
          knobs = { ...knobs, ...row.knobs };
          await setKnobs(knobs);
        }
        if (row.outOfBand !== undefined) {
          await row.outOfBand(emu, sourceId);
          await stack.refresh();
        }

        const cliPreview = opsFromCliJson((await project.pulumi(["preview", "--json"])).stdout);
        const display = face.display?.(row) ?? row.display;
        if (display !== undefined) {
          const diff = (await project.pulumi(["preview", "--diff"])).stdout;
          for (const pattern of display) expect(diff).toMatch(pattern);
          expect(diff).not.toContain("[unknown]");
          expect(diff).not.toContain(" UTC");
          // Only the changed property is marked: nothing else shown as added or removed.
          const marked = diff.split("\n").filter((l) => /^\s+[-+] \w+\s*:/.test(l));
          expect(marked).toHaveLength(row.removes === true ? 1 : 0);
          expect(diff).not.toContain("matrix-pw-93b1");
        }
        const apiEvents: EngineEvent[] = [];
        await stack.preview({ onEvent: (e) => apiEvents.push(e) });
        const apiPreview = opsFromEvents(apiEvents);

        emu.clearRequests();
        const upEvents: EngineEvent[] = [];
        await stack.up({ onEvent: (e) => upEvents.push(e) });
        const applied = opsFromEvents(upEvents);

        expect({ cliPreview, apiPreview, applied }).toEqual({
          cliPreview: row.expected,
          apiPreview: row.expected,
          applied: row.expected,
        });
        expect(observedWrites(emu)).toEqual(impliedWrites(row.expected));

        // And the next preview is empty: the change converged.
        const after = opsFromCliJson((await project.pulumi(["preview", "--json"])).stdout);
        expect(after).toEqual({});
      },
      120_000,
    );

    it("after an out-of-band change and a refresh, `preview --diff` shows only that drift, no echoes", async () => {
      await outOfBand(emu, "PATCH", `/sources/${sourceId}`, { name: "renamed again in the UI" });
      await project.pulumi(["refresh", "--yes"]);
      const diff = (await project.pulumi(["preview", "--diff"])).stdout;
      expect(diff).toMatch(/~ name\s*: "renamed again in the UI" => "orders-db"/);
      expect(diff).toMatch(/~ 1 to update/);
      expect(diff).not.toContain("[unknown]");
      expect(diff).not.toContain(" UTC");
      expect(diff).not.toContain("airbyte:Connection");
      expect(diff).not.toContain("airbyte:Job");
    }, 120_000);
  });
}
