import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// The compiled demo, as `npm run demo` runs it (build/; it loads the package from dist/, whose
// provider stubs Pulumi serializes).
import { pipeline } from "../../build/examples/demo/program.js";
import type { Emulator } from "../../emulator/index.js";
import { emulator, newStack, REPO_ROOT, requestsTo, type TestStack } from "./harness.js";

describe("the demo pipeline (README's first command) on the real engine", () => {
  let emu: Emulator;
  let t: TestStack;
  beforeAll(async () => {
    emu = await emulator({ jobDurationMs: 1000 });
    t = await newStack(emu, async () => pipeline());
  });
  afterAll(async () => {
    await t?.cleanup();
    await emu?.close();
  });

  it("deploys the pipeline with a first sync, is a no-op the second time, and destroys", async () => {
    const up = await t.stack.up();
    expect(up.summary.resourceChanges).toEqual({ create: 7 });
    expect(up.outputs.syncStatus?.value).toBe("succeeded");
    expect(up.outputs.rowsSynced?.value).toBeGreaterThan(0);
    expect(up.outputs.bytesSynced?.value).toBeGreaterThan(0);
    expect(up.outputs.schedule?.value).toEqual({ scheduleType: "cron", cronExpression: "0 0 2 * * ?" });

    const again = await t.stack.up();
    expect(again.summary.resourceChanges).toEqual({ same: 7 });
    expect(requestsTo(emu, "POST", /^\/jobs$/)).toHaveLength(1);

    await t.stack.destroy();
    expect(requestsTo(emu, "DELETE", /^\/workspaces\//)).toHaveLength(1);
  });
});

/** A TCP port nobody listens on right now. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

describe("`npm run demo`: the Pulumi CLI on the repository's project", () => {
  const dirs: string[] = [];
  afterAll(async () => {
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  });

  it("runs `pulumi up` through the CLI with the sync's progress, then `destroy`", async () => {
    const backend = await mkdtemp(path.join(tmpdir(), "pa-demo-backend-"));
    const data = await mkdtemp(path.join(tmpdir(), "pa-demo-dir-"));
    dirs.push(backend, data);
    const env = {
      ...process.env,
      PULUMI_BACKEND_URL: `file://${backend}`,
      PULUMI_CONFIG_PASSPHRASE: "demo-test",
      DEMO_DIR: data,
      DEMO_EMULATOR_PORT: String(await freePort()),
    };
    const run = promisify(execFile);
    const demo = (action: string) =>
      run("node", ["build/examples/demo/run.js", action], {
        cwd: REPO_ROOT,
        env,
        maxBuffer: 32 * 1024 * 1024,
      });
    const up = await demo("up");
    // The CLI's own output, not the Automation API's fallback.
    expect(up.stdout).not.toContain("Automation API");
    expect(up.stdout).toMatch(/Updating \(demo\)/);
    expect(up.stdout).toMatch(/Airbyte sync job \d+: running/);
    expect(up.stdout).toMatch(/\+ 7 created/);
    expect(up.stdout).toMatch(/syncStatus\s+succeeded/);
    const destroy = await demo("destroy");
    expect(destroy.stdout).toMatch(/- 7 deleted/);
  }, 180_000);
});
