/**
 * Errors as a user of the Pulumi CLI reads them, on a project with the package installed from its
 * tarball: each failure said once in the diagnostics (Pulumi's display shows an error on its
 * resource's row and again under "Diagnostics:"), naming the setting to fix, with no stack trace;
 * a check failure without the engine's `value {<nil>}`; a Node.js too old refused at load; a moved
 * `airbyte:serverUrl` shown at preview, and refresh on the server the config names.
 *
 * Measured before these changes on the same project (lines printed, copies of the message, lines of
 * stack trace): wrong client secret 28 / 6 / 11; Node.js 20 36 / 6 / 18 (a "network error: Cannot
 * read properties of undefined (reading 'bind')"); the server down on refresh 87 / 30 / 35.
 */
import { execFile, execFileSync } from "node:child_process";
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../../emulator/index.js";
import { MIN_NODE_VERSION, versionAtLeast } from "../../provider/api/node-version.js";
import { type CliProject, type CliResult, newCliProject } from "./cli.js";
import { emulator } from "./harness.js";

const run = promisify(execFile);

/** Everything a command printed, its non-blank lines, and the lines of stack trace among them. */
function printed(r: CliResult) {
  const text = `${r.stdout}\n${r.stderr}`;
  const lines = text.split("\n").filter((l) => l.trim() !== "" && !l.startsWith("@ "));
  return { text, lines, traces: lines.filter((l) => /\sat .+:\d+:\d+\)?$/.test(l)) };
}
const count = (text: string, what: string) => text.split(what).length - 1;

/**
 * A folder whose `node` is a Node.js older than the package supports: the machine's own when it has
 * one (this one's /usr/bin/node was 20.20.2), else this Node.js made to report 20.20.2 at startup.
 */
async function oldNodeBin(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "pa-old-node-"));
  const candidates = ["/usr/bin/node", "/usr/local/bin/node"];
  const old = candidates.find((c) => {
    try {
      return !versionAtLeast(
        execFileSync(c, ["-p", "process.versions.node"]).toString().trim(),
        MIN_NODE_VERSION,
      );
    } catch {
      return false;
    }
  });
  const preload = path.join(dir, "report-20.cjs");
  await writeFile(
    preload,
    'Object.defineProperty(process, "versions", { value: { ...process.versions, node: "20.20.2" } });\n',
  );
  const node = path.join(dir, "node");
  await writeFile(
    node,
    old !== undefined
      ? `#!/bin/sh\nexec ${old} "$@"\n`
      : `#!/bin/sh\nexec ${process.execPath} --require ${preload} "$@"\n`,
  );
  await chmod(node, 0o755);
  return dir;
}

describe("errors said once, on a tarball-installed project driven by the Pulumi CLI", () => {
  let emu: Emulator;
  let other: Emulator;
  let project: CliProject;
  const entry = (...args: string[]): Promise<CliResult> =>
    run(path.join(project.dir, "node_modules", ".bin", "pulumi-airbyte"), [...args, "--stack", "dev"], {
      cwd: project.dir,
      env: project.env,
    }).then(
      ({ stdout, stderr }) => ({ stdout, stderr, code: 0 }),
      (e: { code?: number; stdout?: string; stderr?: string }) => ({
        stdout: e.stdout ?? "",
        stderr: e.stderr ?? "",
        code: e.code ?? 1,
      }),
    );

  beforeAll(async () => {
    emu = await emulator({ jobDurationMs: 200 });
    other = await emulator();
    project = await newCliProject("commonjs");
    await project.pulumi(["config", "set", "airbyte:serverUrl", emu.url]);
    await project.pulumi(["config", "set", "airbyte:clientId", emu.clientId]);
    await project.pulumi(["config", "set", "--secret", "airbyte:clientSecret", "not-the-secret"]);
    await project.pulumi(["config", "set", "--secret", "warehousePassword", "errors-pw"]);
  }, 300_000);
  let emuClosed = false;
  afterAll(async () => {
    await project?.cleanup();
    if (!emuClosed) await emu?.close();
    await other?.close();
  });

  it("a wrong client secret: once, naming airbyte:clientSecret, no stack trace", async () => {
    const { text, lines, traces } = printed(await project.pulumi(["preview"], { allowFailure: true }));
    // The row of the resource that failed, and the diagnostics.
    expect(count(text, "Airbyte rejected the client credentials")).toBe(2);
    expect(text).toContain("airbyte:clientSecret (or AIRBYTE_CLIENT_SECRET)");
    expect(traces).toEqual([]);
    expect(lines.length).toBeLessThanOrEqual(14);
  }, 180_000);

  it("AIRBYTE_DEBUG=true keeps the stack trace, for whoever debugs the package", async () => {
    const env = project.env as Record<string, string>;
    env.AIRBYTE_DEBUG = "true";
    try {
      const { traces } = printed(await project.pulumi(["preview"], { allowFailure: true }));
      expect(traces.length).toBeGreaterThan(0);
    } finally {
      delete env.AIRBYTE_DEBUG;
    }
  }, 180_000);

  it("Node.js 20 is refused at load with the versions found and needed, in one line", async () => {
    await project.pulumi(["config", "set", "--secret", "airbyte:clientSecret", emu.clientSecret]);
    const env = project.env as Record<string, string>;
    const saved = env.PATH ?? "";
    const old = await oldNodeBin();
    env.PATH = `${old}:${saved}`;
    try {
      const result = await project.pulumi(["preview"], { allowFailure: true });
      const { text, lines, traces } = printed(result);
      expect(result.code).not.toBe(0);
      expect(text).toMatch(
        /pulumi-airbyte needs Node\.js 22\.19\.0 or newer, and this is Node\.js 20\.\d+\.\d+ \(/,
      );
      expect(count(text, "pulumi-airbyte needs Node.js")).toBe(2);
      expect(text).not.toContain("reading 'bind'");
      expect(traces).toEqual([]);
      expect(lines.length).toBeLessThanOrEqual(11);
    } finally {
      env.PATH = saved;
      await rm(old, { recursive: true, force: true });
    }
  }, 180_000);

  it("a check failure reads well after the engine's prefix: no `value {<nil>}`", async () => {
    await project.pulumi(["config", "set", "sampleRows", "1.5"]);
    const { text } = printed(await project.pulumi(["preview"], { allowFailure: true }));
    expect(text).toContain(
      "pulumi-nodejs:dynamic/airbyte:Source resource 'sample-data' has a problem: configuration.count must be integer",
    );
    expect(text).not.toContain("{<nil>}");
    await project.pulumi(["config", "rm", "sampleRows"]);
  }, 180_000);

  it("a moved airbyte:serverUrl shows in the preview; refresh reads from the server the config names", async () => {
    await project.pulumi(["up", "--yes"]);
    await project.pulumi(["config", "set", "airbyte:serverUrl", other.url]);
    await project.pulumi(["config", "set", "airbyte:clientId", other.clientId]);
    await project.pulumi(["config", "set", "--secret", "airbyte:clientSecret", other.clientSecret]);
    const preview = printed(await project.pulumi(["preview"]));
    expect(preview.text).toContain(
      `airbyte:serverUrl names ${other.url}, but this stack's resources were applied on ${emu.url}`,
    );
    expect(preview.text).toMatch(/~ 5 to update/);

    // The other server has none of the stack's objects: the CI entry's refresh reads it and says so.
    const drift = await entry("refresh", "--preview-only", "--detailed-exitcode");
    expect(drift.code, drift.stdout + drift.stderr).toBe(2);
    expect(drift.stdout).toContain("refresh of stack dev: 5 drifted, 0 unchanged");
    expect(drift.stdout).toContain("deleted outside Pulumi Workspace analytics");
  }, 300_000);

  it("an unreachable server: once in full, naming airbyte:serverUrl, then a few words per resource", async () => {
    await project.pulumi(["config", "set", "airbyte:serverUrl", emu.url]);
    await project.pulumi(["config", "set", "airbyte:clientId", emu.clientId]);
    await project.pulumi(["config", "set", "--secret", "airbyte:clientSecret", emu.clientSecret]);
    await emu.close();
    emuClosed = true;
    const { text, lines, traces } = printed(
      await project.pulumi(["refresh", "--yes"], { allowFailure: true }),
    );
    expect(
      count(
        text,
        "Check that Airbyte runs there and that airbyte:serverUrl (or AIRBYTE_SERVER_URL) names it.",
      ),
    ).toBe(2);
    expect(count(text, "the first error of this run says how to fix it")).toBe(8);
    expect(traces).toEqual([]);
    expect(lines.length).toBeLessThanOrEqual(38);
  }, 180_000);
});
