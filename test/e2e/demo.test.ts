import { afterAll, beforeAll, describe, expect, it } from "vitest";
// The compiled demo, as `npm run demo` runs it (Pulumi serializes the provider stubs from dist/).
import { pipeline } from "../../dist/examples/demo/program.js";
import type { Emulator } from "../../emulator/index.js";
import { emulator, newStack, requestsTo, type TestStack } from "./harness.js";

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
