/**
 * Custom connectors on the real engine: a Connector Builder manifest kept in the repository, and
 * Docker-image connectors, each a resource that sources and destinations use through
 * `definitionId`. A release (a new tag, a changed manifest) updates the definition in place and
 * leaves the connectors that use it alone.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../../emulator/index.js";
import { parseManifest } from "../../provider/declarative-source-definition.js";
import { emulator, newStack, outOfBand, REPO_ROOT, requestsTo, type TestStack } from "./harness.js";
import * as airbyte from "./sdk.js";

const MANIFEST = readFileSync(path.join(REPO_ROOT, "test/fixtures/billing-manifest.yaml"), "utf8");

interface Knobs {
  manifest: string | Record<string, unknown>;
  crmTag: string;
  lakeTag: string;
}

const BASE: Knobs = { manifest: MANIFEST, crmTag: "1.0.0", lakeTag: "0.3.1" };

function program(k: Knobs) {
  return async () => {
    const ws = new airbyte.Workspace("ws", { name: "custom-connectors" });
    const billing = new airbyte.DeclarativeSourceDefinition("billing", {
      workspaceId: ws.workspaceId,
      name: "billing-api",
      manifest: k.manifest,
    });
    const crm = new airbyte.SourceDefinition("crm", {
      workspaceId: ws.workspaceId,
      name: "acme-crm",
      dockerRepository: "ghcr.io/acme/source-crm",
      dockerImageTag: k.crmTag,
      documentationUrl: "https://docs.acme.example/connectors/crm",
    });
    const lake = new airbyte.DestinationDefinition("lake", {
      workspaceId: ws.workspaceId,
      name: "acme-lake",
      dockerRepository: "ghcr.io/acme/destination-lake",
      dockerImageTag: k.lakeTag,
    });
    const billingSource = new airbyte.Source("billing-source", {
      workspaceId: ws.workspaceId,
      name: "billing",
      definitionId: billing.definitionId,
      configuration: { api_key: "billing-key-0c41" },
    });
    const crmSource = new airbyte.Source("crm-source", {
      workspaceId: ws.workspaceId,
      name: "crm",
      definitionId: crm.definitionId,
      configuration: { region: "eu" },
    });
    const lakeDestination = new airbyte.Destination("lake-destination", {
      workspaceId: ws.workspaceId,
      name: "lake",
      definitionId: lake.definitionId,
      configuration: { bucket: "raw" },
    });
    return {
      workspaceId: ws.workspaceId,
      billingId: billing.definitionId,
      billingVersion: billing.version,
      crmId: crm.definitionId,
      lakeId: lake.definitionId,
      billingSourceDefinition: billingSource.definitionId,
      crmSourceDefinition: crmSource.definitionId,
      lakeDestinationDefinition: lakeDestination.definitionId,
    };
  };
}

describe("custom connectors: declarative and Docker-image definitions used by sources and destinations", () => {
  let emu: Emulator;
  let t: TestStack;
  let out: Record<string, string | number>;
  const definitions = (kind: string, id: string) =>
    `/workspaces/${out.workspaceId}/definitions/${kind}/${id}`;

  beforeAll(async () => {
    emu = await emulator();
    t = await newStack(emu, program(BASE));
  }, 120_000);
  afterAll(async () => {
    await t?.cleanup();
    await emu?.close();
  });

  it("creates the definitions, and the connectors that use them by definitionId", async () => {
    // The ids are unknown until the definitions exist: the preview still checks and plans every create.
    expect((await t.stack.preview()).changeSummary).toEqual({ create: 8 });
    const up = await t.stack.up();
    expect(up.summary.resourceChanges).toEqual({ create: 8 });
    out = Object.fromEntries(Object.entries(up.outputs).map(([k, v]) => [k, v.value]));
    expect(out.billingSourceDefinition).toBe(out.billingId);
    expect(out.crmSourceDefinition).toBe(out.crmId);
    expect(out.lakeDestinationDefinition).toBe(out.lakeId);
    expect(out.billingVersion).toBe(1);

    const billing = (await outOfBand(
      emu,
      "GET",
      definitions("declarative_sources", String(out.billingId)),
    )) as {
      name: string;
      manifest: unknown;
    };
    // The YAML text kept in the repository reaches Airbyte as the manifest object.
    expect(billing).toMatchObject({ name: "billing-api", manifest: parseManifest(MANIFEST) });
    expect(await outOfBand(emu, "GET", definitions("sources", String(out.crmId)))).toMatchObject({
      name: "acme-crm",
      dockerRepository: "ghcr.io/acme/source-crm",
      dockerImageTag: "1.0.0",
    });

    emu.clearRequests();
    expect((await t.stack.up()).summary.resourceChanges).toEqual({ same: 8 });
    expect(emu.requests.filter((r) => r.method !== "GET" && r.path !== "/applications/token")).toEqual([]);
  });

  it("releases a new image tag in place: the preview and the up agree, the connectors using it stay", async () => {
    const stack = await t.reopen(program({ ...BASE, crmTag: "1.1.0", lakeTag: "0.4.0" }));
    const preview = await stack.preview();
    expect(preview.changeSummary).toEqual({ same: 6, update: 2 });
    emu.clearRequests();
    const up = await stack.up();
    expect(up.summary.resourceChanges).toEqual({ same: 6, update: 2 });
    const puts = requestsTo(emu, "PUT", /\/definitions\/(sources|destinations)\//);
    expect(puts.map((r) => r.body)).toEqual(
      expect.arrayContaining([
        { name: "acme-crm", dockerImageTag: "1.1.0" },
        { name: "acme-lake", dockerImageTag: "0.4.0" },
      ]),
    );
    expect(up.outputs.crmId?.value).toBe(out.crmId);
    expect(await outOfBand(emu, "GET", definitions("destinations", String(out.lakeId)))).toMatchObject({
      dockerImageTag: "0.4.0",
    });
  });

  it("a changed manifest updates in place, key by key in the diff, and Airbyte bumps the version", async () => {
    const changed = MANIFEST.replace("https://billing.example.com/api", "https://billing.example.com/v2");
    const stack = await t.reopen(program({ ...BASE, crmTag: "1.1.0", lakeTag: "0.4.0", manifest: changed }));
    const preview = await stack.preview({ diff: true });
    expect(preview.changeSummary).toEqual({ same: 7, update: 1 });
    // A reviewer sees the key that changed, not one long string replaced by another.
    expect(preview.stdout).toMatch(
      /~ url_base\s*: "https:\/\/billing\.example\.com\/api" => "https:\/\/billing\.example\.com\/v2"/,
    );
    emu.clearRequests();
    const up = await stack.up();
    expect(up.summary.resourceChanges).toEqual({ same: 7, update: 1 });
    expect(up.outputs.billingVersion?.value).toBe(2);
    expect(up.outputs.billingId?.value).toBe(out.billingId);
    expect(requestsTo(emu, "PUT", /\/declarative_sources\//).map((r) => r.body)).toEqual([
      { manifest: parseManifest(changed) },
    ]);
  });

  it("the same manifest given as an object instead of its text is no change", async () => {
    const changed = MANIFEST.replace("https://billing.example.com/api", "https://billing.example.com/v2");
    const stack = await t.reopen(
      program({ ...BASE, crmTag: "1.1.0", lakeTag: "0.4.0", manifest: parseManifest(changed) }),
    );
    expect((await stack.preview()).changeSummary).toEqual({ same: 8 });
  });

  it("destroy deletes the connectors, then the definitions they used", async () => {
    const stack = await t.reopen(program(BASE));
    emu.clearRequests();
    await stack.destroy();
    const deletes = emu.requests.filter((r) => r.method === "DELETE").map((r) => r.path);
    const position = (pattern: RegExp) => {
      const at = deletes.findIndex((p) => pattern.test(p));
      expect(at, `a DELETE matching ${pattern}`).toBeGreaterThanOrEqual(0);
      return at;
    };
    expect(position(/^\/sources\//)).toBeLessThan(position(/\/declarative_sources\//));
    expect(position(/^\/destinations\//)).toBeLessThan(position(/\/definitions\/destinations\//));
    await expect(outOfBand(emu, "GET", definitions("sources", String(out.crmId)))).rejects.toThrow(/404/);
  });
});
