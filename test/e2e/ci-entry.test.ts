/**
 * The CI entry point, `npx pulumi-airbyte preview|up|refresh`, as a pipeline runs it: on a user's
 * project with the package installed from its tarball, printing a reviewer's summary, writing it as
 * Markdown, and answering with the exit codes CI branches on.
 */
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../../emulator/index.js";
import { type CliProject, newCliProject } from "./cli.js";
import { emulator, outOfBand, REPO_ROOT } from "./harness.js";

const run = promisify(execFile);
const PASSWORD = "ci-entry-pw-61d0";

/**
 * The quickstart's program, with what a reviewer must read right: two tags, the connection tagged
 * with the one config names, and a source adopted when config gives its id.
 */
const PROGRAM = readFileSync(path.join(REPO_ROOT, "examples", "quickstart", "index.ts"), "utf8")
  .replace("  streams: [", '  tags: [config.get("tag") === "ops" ? ops.tagId : finance.tagId],\n  streams: [')
  .replace(
    "const nightly = ",
    [
      'const finance = new airbyte.Tag("finance", { workspaceId: workspace.workspaceId, name: "finance", color: "FF5733" });',
      'const ops = new airbyte.Tag("ops", { workspaceId: workspace.workspaceId, name: "ops", color: "1976D2" });',
      'const legacy = config.get("legacySourceId");',
      "if (legacy !== undefined) {",
      '  new airbyte.Source("legacy", { workspaceId: workspace.workspaceId, name: "legacy", definition: "faker", configuration: { count: 10 }, adopt: legacy });',
      "}",
      "const nightly = ",
    ].join("\n"),
  );

describe("npx pulumi-airbyte preview|up|refresh (the CI entry point)", () => {
  let emu: Emulator;
  let project: CliProject;
  const summaryFile = () => path.join(project.dir, "summary.md");
  const entry = async (...args: string[]) => {
    const bin = path.join(project.dir, "node_modules", ".bin", "pulumi-airbyte");
    return run(bin, [...args, "--stack", "dev", "--summary-md", summaryFile()], {
      cwd: project.dir,
      env: project.env,
      maxBuffer: 32 * 1024 * 1024,
    }).then(
      ({ stdout }) => ({ code: 0, stdout }),
      (e: { code?: number; stdout?: string; stderr?: string }) => ({
        code: e.code ?? 1,
        stdout: `${e.stdout ?? ""}${e.stderr ?? ""}`,
      }),
    );
  };

  beforeAll(async () => {
    emu = await emulator({ jobDurationMs: 200 });
    project = await newCliProject("commonjs", { program: PROGRAM });
    await project.pulumi(["config", "set", "airbyte:serverUrl", emu.url]);
    await project.pulumi(["config", "set", "airbyte:clientId", emu.clientId]);
    await project.pulumi(["config", "set", "--secret", "airbyte:clientSecret", emu.clientSecret]);
    await project.pulumi(["config", "set", "--secret", "warehousePassword", PASSWORD]);
  }, 300_000);
  afterAll(async () => {
    await project?.cleanup();
    await emu?.close();
  });

  it("previews a new pipeline: exit 2 with --detailed-exitcode, every create and the sync that would start", async () => {
    const preview = await entry("preview", "--detailed-exitcode");
    expect(preview.code).toBe(2);
    expect(preview.stdout).toContain("create Workspace analytics");
    expect(preview.stdout).toContain("syncs that would start: first-load");
    const md = await readFile(summaryFile(), "utf8");
    expect(md).toContain("| create | Connection `sample-to-warehouse` |");
  }, 180_000);

  it("applies with up (exit 0), then a preview with nothing to do exits 0", async () => {
    const up = await entry("up");
    expect(up.code).toBe(0);
    expect(up.stdout).toContain("syncs that started: first-load");
    const again = await entry("preview", "--detailed-exitcode");
    expect(again.code).toBe(0);
    expect(await readFile(summaryFile(), "utf8")).toContain("No changes");
  }, 240_000);

  it("shows a reviewer the configuration value that changes, never a secret", async () => {
    await project.pulumi(["config", "set", "sampleRows", "250"]);
    const preview = await entry("preview", "--detailed-exitcode");
    expect(preview.code).toBe(2);
    expect(preview.stdout).toContain("update Source sample-data");
    expect(preview.stdout).toContain("configuration.count: 1000 → 250");
    const md = await readFile(summaryFile(), "utf8");
    console.log(`${preview.stdout}\n${md}`);
    expect(md).toContain("`configuration.count: 1000 → 250`");
    for (const text of [preview.stdout, md]) {
      expect(text).not.toContain(PASSWORD);
      expect(text).not.toContain(emu.clientSecret);
    }
  }, 180_000);

  it("shows a changed secret as changed, and tags by name", async () => {
    await project.pulumi(["config", "rm", "sampleRows"]);
    await project.pulumi(["config", "set", "--secret", "warehousePassword", `${PASSWORD}-2`]);
    await project.pulumi(["config", "set", "tag", "ops"]);
    const preview = await entry("preview", "--detailed-exitcode");
    expect(preview.code).toBe(2);
    expect(preview.stdout).toContain(
      "update Destination warehouse\n      configuration.password: changed (secret)",
    );
    expect(preview.stdout).toContain("update Connection sample-to-warehouse\n      tags: +ops, -finance");
    const md = await readFile(summaryFile(), "utf8");
    console.log(`${preview.stdout}\n${md}`);
    expect(md).toContain("| update | Destination `warehouse` | `configuration.password: changed (secret)` |");
    expect(md).toContain("| update | Connection `sample-to-warehouse` | `tags: +ops, -finance` |");
    expect(`${preview.stdout}${md}`).not.toContain(`${PASSWORD}-2`);
    expect((await entry("up")).code).toBe(0);
  }, 240_000);

  it("says adopt for an object brought under management, never create", async () => {
    const outputs = JSON.parse((await project.pulumi(["stack", "output", "--json"])).stdout) as {
      workspaceId: string;
    };
    const made = (await outOfBand(emu, "POST", "/sources", {
      name: "legacy",
      workspaceId: outputs.workspaceId,
      configuration: { sourceType: "faker", count: 10 },
    })) as { sourceId: string };
    await project.pulumi(["config", "set", "legacySourceId", made.sourceId]);
    const preview = await entry("preview", "--detailed-exitcode");
    expect(preview.stdout).toContain("  adopt Source legacy");
    expect(preview.stdout).not.toContain("create Source legacy");
    expect(await readFile(summaryFile(), "utf8")).toContain("| adopt | Source `legacy` |");
    const up = await entry("up");
    expect(up.code).toBe(0);
    expect(up.stdout).toContain("  adopt Source legacy");
  }, 240_000);

  it("refresh reports drift out of band: exit 2 in drift mode, with the Markdown summary", async () => {
    const state = JSON.parse((await project.pulumi(["stack", "export"])).stdout) as {
      deployment: { resources: Array<{ type: string; id?: string }> };
    };
    const warehouse = state.deployment.resources.find((r) => r.type.endsWith(":Destination"));
    await outOfBand(emu, "PATCH", `/destinations/${warehouse?.id}`, { configuration: { port: 5433 } });

    const check = await entry("refresh", "--preview-only", "--detailed-exitcode");
    expect(check.code, check.stdout).toBe(2);
    expect(check.stdout).toContain(
      "refresh of stack dev: 1 drifted, 7 unchanged\n  drifted Destination warehouse\n      configuration.port: 5432 → 5433",
    );
    const md = await readFile(summaryFile(), "utf8");
    expect(md).toContain("| drifted | Destination `warehouse` | `configuration.port: 5432 → 5433` |");
    // A drift check leaves state alone: the next preview does not know of the drift yet.
    expect((await entry("preview", "--detailed-exitcode")).code).toBe(0);

    // A refresh takes it into state, and the next preview puts the program's value back.
    const refresh = await entry("refresh");
    expect(refresh.code).toBe(0);
    expect(refresh.stdout).toContain("drifted Destination warehouse");
    const back = await entry("preview", "--detailed-exitcode");
    expect(back.code).toBe(2);
    expect(back.stdout).toContain("configuration.port: 5433 → 5432");
    expect((await entry("up")).code).toBe(0);
    expect((await entry("refresh", "--preview-only", "--detailed-exitcode")).code).toBe(0);
    expect(await readFile(summaryFile(), "utf8")).toContain("Nothing drifted");
  }, 300_000);

  it("refresh exits 0; a failure exits 1 and names the error", async () => {
    expect((await entry("refresh")).code).toBe(0);
    await project.pulumi(["config", "set", "airbyte:clientId", "wrong-client"]);
    // A change, so that `up` has to call Airbyte.
    await project.pulumi(["config", "set", "sampleRows", "300"]);
    const failed = await entry("up");
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(/up failed:[\s\S]*(401|credentials)/i);
    await project.pulumi(["config", "set", "airbyte:clientId", emu.clientId]);
  }, 180_000);
});
