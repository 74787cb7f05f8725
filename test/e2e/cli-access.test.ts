/**
 * Access as code and custom connectors through the Pulumi CLI, the way users meet them: a user's
 * project (what `pulumi new typescript` makes) with the package installed from its `npm pack`
 * tarball grants a second user a role, makes a group and a CI application, and registers a
 * Connector Builder manifest kept in the repository and a Docker-image connector, used by sources.
 * The Automation API tests (`access.test.ts`, `custom-connectors.test.ts`) prove each behaviour in
 * depth; this proves the same kinds deploy, stay put, change in place and go away through the CLI.
 */
import { cp, mkdir } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../../emulator/index.js";
import { allFiles, type CliProject, newCliProject, previewOps, previewStepOps } from "./cli.js";
import { emulator, REPO_ROOT } from "./harness.js";

const ANA = { name: "Ana", email: "ana@acme.example" };
const DEFAULT_ORG = "00000000-0000-0000-0000-000000000000";

/** The user's program: everything a platform team declares beside its pipelines. */
const PROGRAM = `import * as fs from "node:fs";
import * as pulumi from "@pulumi/pulumi";
import * as airbyte from "pulumi-airbyte";

const config = new pulumi.Config();
const anaRole = (config.get("anaRole") ?? "workspace_reader") as "workspace_reader" | "workspace_editor";

const team = new airbyte.Workspace("team", { name: "team-analytics" });
// By e-mail: the program holds no user UUID.
const ana = airbyte.getUserOutput({ email: "${ANA.email}" });
new airbyte.Permission("ana", { userId: ana.id, permissionType: anaRole, workspaceId: team.workspaceId });
new airbyte.Group("analysts", {
  organizationId: "${DEFAULT_ORG}",
  name: "analysts",
  members: [ana.id],
  permissions: [{ permissionType: "workspace_reader", workspaceId: team.workspaceId }],
});
const ci = new airbyte.Application("ci", { name: "ci-deploy" });

const billing = new airbyte.DeclarativeSourceDefinition("billing", {
  workspaceId: team.workspaceId,
  name: "billing-api",
  manifest: fs.readFileSync("connectors/billing.yaml", "utf8"),
});
const crm = new airbyte.SourceDefinition("crm", {
  workspaceId: team.workspaceId,
  name: "acme-crm",
  dockerRepository: "ghcr.io/acme/source-crm",
  dockerImageTag: config.get("crmTag") ?? "1.0.0",
});
new airbyte.Source("billing-source", {
  workspaceId: team.workspaceId,
  name: "billing",
  definitionId: billing.definitionId,
  configuration: { api_key: config.requireSecret("billingKey") },
});
new airbyte.Source("crm-source", {
  workspaceId: team.workspaceId,
  name: "crm",
  definitionId: crm.definitionId,
  configuration: { region: "eu" },
});

export const workspaceId = team.workspaceId;
export const ciClientId = ci.clientId;
export const ciClientSecret = ci.clientSecret;
`;

const writes = (emu: Emulator): string[] =>
  emu.requests
    .filter((r) => r.method !== "GET" && !r.path.startsWith("/applications/token"))
    .map((r) => `${r.method} ${r.path.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, ":id")}`);

describe("access and custom connectors from a user's project, driven by the Pulumi CLI", () => {
  let emu: Emulator;
  let project: CliProject;
  const billingKey = `billing-${Math.random().toString(36).slice(2)}`;

  beforeAll(async () => {
    emu = await emulator({
      seed: {
        users: [{ ...ANA, permissions: [{ type: "organization_member", organization: DEFAULT_ORG }] }],
      },
    });
    project = await newCliProject("commonjs", { program: PROGRAM });
    // The manifest lives in the user's repository, beside the program.
    await mkdir(path.join(project.dir, "connectors"));
    await cp(
      path.join(REPO_ROOT, "test/fixtures/billing-manifest.yaml"),
      path.join(project.dir, "connectors/billing.yaml"),
    );
    await project.pulumi(["config", "set", "airbyte:serverUrl", emu.url]);
    await project.pulumi(["config", "set", "airbyte:clientId", emu.clientId]);
    await project.pulumi(["config", "set", "--secret", "airbyte:clientSecret", emu.clientSecret]);
    await project.pulumi(["config", "set", "--secret", "billingKey", billingKey]);
  }, 300_000);

  afterAll(async () => {
    await project?.cleanup();
    await emu?.close();
  });

  it("previews eight resources to create, and writes nothing", async () => {
    const preview = await project.pulumi(["preview", "--diff"]);
    expect(preview.stdout).toMatch(/\+ 9 to create/);
    expect(preview.stdout).toContain("pulumi-nodejs:dynamic/airbyte:Permission");
    expect(writes(emu)).toEqual([]);
  }, 180_000);

  it("deploys with `pulumi up`: one create each, and a second up writes nothing", async () => {
    const up = await project.pulumi(["up", "--yes"]);
    expect(up.stdout).toMatch(/9 created/);
    expect(writes(emu).sort()).toEqual(
      [
        "POST /workspaces",
        "POST /permissions",
        "POST /groups",
        `POST /groups/:id/members`,
        `POST /groups/:id/permissions`,
        "POST /applications",
        "POST /workspaces/:id/definitions/declarative_sources",
        "POST /workspaces/:id/definitions/sources",
        "POST /sources",
        "POST /sources",
      ].sort(),
    );
    emu.clearRequests();
    const again = await project.pulumi(["up", "--yes"]);
    expect(again.stdout).toMatch(/9 unchanged/);
    expect(writes(emu)).toEqual([]);
  }, 300_000);

  it("previews a new role as one update, and `up` sends one PATCH", async () => {
    await project.pulumi(["config", "set", "anaRole", "workspace_editor"]);
    const preview = await project.pulumi(["preview", "--json"]);
    expect(previewStepOps(preview.stdout)).toEqual({ ana: "update" });
    expect(previewOps(preview.stdout)).toEqual({ update: 1, same: 8 });
    emu.clearRequests();
    const up = await project.pulumi(["up", "--yes"]);
    expect(up.stdout).toMatch(/1 updated/);
    expect(writes(emu)).toEqual(["PATCH /permissions/:id"]);
  }, 240_000);

  it("previews a connector release as one update of its definition, leaving its source alone", async () => {
    await project.pulumi(["config", "set", "crmTag", "1.1.0"]);
    const preview = await project.pulumi(["preview", "--json"]);
    expect(previewStepOps(preview.stdout)).toEqual({ crm: "update" });
    emu.clearRequests();
    await project.pulumi(["up", "--yes"]);
    expect(writes(emu)).toEqual(["PUT /workspaces/:id/definitions/sources/:id"]);
  }, 240_000);

  it("keeps the application's secret and the connector's key out of state and output, then destroys all", async () => {
    // The one command that asks for plain text is read here and left out of the scan.
    const before = project.transcript.length;
    const shown = await project.pulumi(["stack", "output", "--json", "--show-secrets"]);
    const printed = [...project.transcript.slice(0, before), ...project.transcript.slice(before + 2)];
    const outputs = JSON.parse(shown.stdout) as { ciClientId: string; ciClientSecret: string };
    expect(outputs.ciClientSecret.length).toBeGreaterThan(8);
    // The application's credentials work as Airbyte credentials.
    const token = await fetch(`${emu.url}/applications/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        client_id: outputs.ciClientId,
        client_secret: outputs.ciClientSecret,
        "grant-type": "client_credentials",
      }),
    });
    expect(token.status).toBe(200);

    const destroy = await project.pulumi(["destroy", "--yes"]);
    expect(destroy.stdout).toMatch(/9 deleted/);
    const scanned = [await allFiles(project.backendDir), ...printed, destroy.stdout, destroy.stderr].join(
      "\n",
    );
    expect(scanned.length).toBeGreaterThan(1000);
    expect(scanned).not.toContain(outputs.ciClientSecret);
    expect(scanned).not.toContain(billingKey);
  }, 240_000);
});
