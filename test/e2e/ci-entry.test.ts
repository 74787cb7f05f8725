/**
 * The CI entry point, `npx pulumi-airbyte preview|up|refresh`, as a pipeline runs it: on a user's
 * project with the package installed from its tarball, printing a reviewer's summary, writing it as
 * Markdown, and answering with the exit codes CI branches on.
 */
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../../emulator/index.js";
import { type CliProject, newCliProject } from "./cli.js";
import { emulator } from "./harness.js";

const run = promisify(execFile);
const PASSWORD = "ci-entry-pw-61d0";

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
    project = await newCliProject("commonjs");
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

  it("refresh exits 0; a failure exits 1 and names the error", async () => {
    expect((await entry("refresh")).code).toBe(0);
    await project.pulumi(["config", "set", "airbyte:clientId", "wrong-client"]);
    const failed = await entry("up");
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(/up failed:[\s\S]*(401|credentials)/i);
    await project.pulumi(["config", "set", "airbyte:clientId", emu.clientId]);
  }, 180_000);
});
