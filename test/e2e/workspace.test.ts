import { cp, mkdtemp, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../../emulator/index.js";
import { emulator, newStack, outOfBand, REPO_ROOT, rawState, requestsTo, type TestStack } from "./harness.js";
import * as airbyte from "./sdk.js";

function workspaceProgram(name: string, extra: Partial<airbyte.WorkspaceArgs> = {}) {
  return async () => {
    const ws = new airbyte.Workspace("ws", { name, ...extra });
    return { workspaceId: ws.workspaceId, name: ws.name, dataResidency: ws.dataResidency };
  };
}

describe("Workspace on the real engine", () => {
  let emu: Emulator;
  let t: TestStack;
  beforeAll(async () => {
    emu = await emulator();
    t = await newStack(emu, workspaceProgram("analytics"));
  });
  afterAll(async () => {
    await t?.cleanup();
    await emu?.close();
  });

  it("creates on the first up, and a second up changes nothing", async () => {
    const up = await t.stack.up();
    expect(up.summary.resourceChanges?.create).toBe(2); // the stack and the workspace
    const id = up.outputs.workspaceId?.value as string;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(up.outputs.dataResidency?.value).toBe("auto");
    const live = (await outOfBand(emu, "GET", `/workspaces/${id}`)) as { name: string };
    expect(live.name).toBe("analytics");

    emu.clearRequests();
    const again = await t.stack.up();
    expect(again.summary.resourceChanges).toEqual({ same: 2 });
    expect(requestsTo(emu, "PATCH", /workspaces/)).toHaveLength(0);
    expect(requestsTo(emu, "POST", /^\/workspaces$/)).toHaveLength(0);
  });

  it("keeps credentials out of state and the provider code small and path-free", async () => {
    const state = await rawState(t);
    expect(state).not.toContain(emu.clientSecret);
    const resources = (await t.stack.exportStack()).deployment.resources as Array<{
      type: string;
      inputs: Record<string, unknown>;
    }>;
    const ws = resources.find((r) => r.type === "pulumi-nodejs:dynamic/airbyte:Workspace");
    const provider = String(ws?.inputs.__provider);
    expect(provider).toContain("pulumi-airbyte/provider/workspace");
    expect(provider).not.toContain(REPO_ROOT);
    console.log(`__provider size for Workspace: ${provider.length} bytes`);
    expect(provider.length).toBeLessThanOrEqual(1024);
  });

  it("renames in place with a PATCH", async () => {
    emu.clearRequests();
    const stack = await t.reopen(workspaceProgram("analytics-renamed"));
    const up = await stack.up();
    expect(up.summary.resourceChanges).toEqual({ same: 1, update: 1 });
    const patches = requestsTo(emu, "PATCH", /^\/workspaces\//);
    expect(patches).toHaveLength(1);
    expect(patches[0]?.body).toEqual({ name: "analytics-renamed" });
    expect(requestsTo(emu, "POST", /^\/workspaces$/)).toHaveLength(0);
    expect(up.outputs.name?.value).toBe("analytics-renamed");
  });

  it("refresh picks up an out-of-band rename, and up converges back", async () => {
    const stack = await t.reopen(workspaceProgram("analytics-renamed"));
    const id = (await stack.outputs()).workspaceId?.value as string;
    await outOfBand(emu, "PATCH", `/workspaces/${id}`, { name: "renamed-in-the-ui" });
    const refresh = await stack.refresh();
    expect(refresh.summary.resourceChanges?.update).toBe(1);
    const ws = (await stack.exportStack()).deployment.resources.find(
      (r: { type: string }) => r.type === "pulumi-nodejs:dynamic/airbyte:Workspace",
    ) as { outputs: { name: string } };
    expect(ws.outputs.name).toBe("renamed-in-the-ui");

    const up = await stack.up();
    expect(up.summary.resourceChanges?.update).toBe(1);
    const live = (await outOfBand(emu, "GET", `/workspaces/${id}`)) as { name: string };
    expect(live.name).toBe("analytics-renamed");
  });

  it("refresh notices an out-of-band deletion; up recreates; destroy deletes", async () => {
    const stack = await t.reopen(workspaceProgram("analytics-renamed"));
    const id = (await stack.outputs()).workspaceId?.value as string;
    await outOfBand(emu, "DELETE", `/workspaces/${id}`);
    const refresh = await stack.refresh();
    expect(refresh.summary.resourceChanges?.delete).toBe(1);

    const up = await stack.up();
    expect(up.summary.resourceChanges?.create).toBe(1);
    const newId = up.outputs.workspaceId?.value as string;
    expect(newId).not.toBe(id);

    emu.clearRequests();
    await stack.destroy();
    expect(requestsTo(emu, "DELETE", new RegExp(`^/workspaces/${newId}$`))).toHaveLength(1);
    await expect(outOfBand(emu, "GET", `/workspaces/${newId}`)).rejects.toThrow(/404/);
  });
});

describe("Workspace credentials and portability", () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await emulator();
  });
  afterAll(async () => {
    await emu?.close();
  });

  it("fails up with a clear 401 message when the client secret is wrong, creating nothing", async () => {
    const t = await newStack(emu, workspaceProgram("never"), {
      config: { "airbyte:clientSecret": { value: "not-the-secret", secret: true } },
    });
    try {
      const before = emu.requests.length;
      await expect(t.stack.up()).rejects.toThrow(/401[\s\S]*airbyte:clientSecret/);
      const posts = emu.requests.slice(before).filter((r) => r.method === "POST" && r.path === "/workspaces");
      expect(posts).toHaveLength(0);
    } finally {
      await t.cleanup();
    }
  });

  it("works with a bearer token from stack config", async () => {
    const t = await newStack(emu, workspaceProgram("with-token"), {
      credentials: false,
      config: {
        "airbyte:serverUrl": { value: emu.selfManagedUrl },
        "airbyte:bearerToken": { value: emu.issueToken(), secret: true },
      },
    });
    try {
      const up = await t.stack.up();
      expect(up.summary.resourceChanges?.create).toBe(2);
      await t.stack.destroy();
    } finally {
      await t.cleanup();
    }
  });

  it("a stack created from one checkout refreshes, updates and destroys from a copy at another path", async () => {
    const copy = async (): Promise<string> => {
      const dir = await mkdtemp(path.join(tmpdir(), "pa-checkout-"));
      await cp(path.join(REPO_ROOT, "package.json"), path.join(dir, "package.json"));
      await cp(path.join(REPO_ROOT, "dist"), path.join(dir, "dist"), { recursive: true });
      await symlink(path.join(REPO_ROOT, "node_modules"), path.join(dir, "node_modules"));
      return dir;
    };
    const laptop = await copy();
    const ci = await copy();
    const t = await newStack(emu, workspaceProgram("portable"), { projectDir: laptop });
    try {
      const up = await t.stack.up();
      const id = up.outputs.workspaceId?.value as string;
      const state = JSON.stringify((await t.stack.exportStack()).deployment);
      expect(state).not.toContain(laptop);
      // The laptop's checkout is gone: only the CI runner's copy exists now.
      await rm(laptop, { recursive: true, force: true });

      const fromCi = await t.reopen(workspaceProgram("portable-2"), ci);
      await fromCi.refresh();
      const up2 = await fromCi.up();
      expect(up2.summary.resourceChanges?.update).toBe(1);
      const live = (await outOfBand(emu, "GET", `/workspaces/${id}`)) as { name: string };
      expect(live.name).toBe("portable-2");
      await fromCi.destroy();
      await expect(outOfBand(emu, "GET", `/workspaces/${id}`)).rejects.toThrow(/404/);
    } finally {
      await t.cleanup();
      await rm(ci, { recursive: true, force: true });
    }
  });
});
