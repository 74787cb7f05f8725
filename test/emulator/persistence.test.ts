/**
 * Persistence: with `--data DIR` the state survives a restart and a crash in the middle of writes.
 * The emulator, run as its own process, is killed (SIGKILL, at a point a seeded PRNG picks) during
 * a burst of concurrent writes; after a restart on the same folder every write it acknowledged is
 * there, and the folder still loads. A state written by an older emulator (format 1) loads too.
 */
import type { ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prng } from "../../emulator/faults.js";
import { startEmulator } from "../../emulator/index.js";
import { buildEmulatorCli, type CliInfo, runEmulatorCli } from "./cli-build.js";
import { call, login } from "./helpers.js";

const ROUNDS = 3;
const BURST = 120;

describe("persistence", () => {
  const tmp = mkdtempSync(join(tmpdir(), "emu-persist-"));
  const children: ChildProcess[] = [];
  beforeAll(() => buildEmulatorCli(tmp), 120_000);
  afterAll(() => {
    for (const c of children) c.kill("SIGKILL");
    rmSync(tmp, { recursive: true, force: true });
  });

  const token = async (info: CliInfo): Promise<string> => {
    const r = await call(info.url, "POST", "/applications/token", {
      body: { client_id: info.clientId, client_secret: info.clientSecret },
    });
    expect(r.status).toBe(200);
    return r.body.access_token as string;
  };

  it(`keeps every acknowledged write through ${ROUNDS} kills in the middle of a burst of writes`, async () => {
    const data = join(tmp, "data");
    const random = prng(20_260_901);
    const acknowledged = new Map<string, string>();
    let credentials: Pick<CliInfo, "clientId" | "clientSecret"> | undefined;
    for (let round = 0; round < ROUNDS; round++) {
      const { child, info } = await runEmulatorCli(tmp, ["--data", data]);
      children.push(child);
      // The credentials are part of the state: the same after every restart.
      credentials ??= { clientId: info.clientId, clientSecret: info.clientSecret };
      expect({ clientId: info.clientId, clientSecret: info.clientSecret }).toEqual(credentials);
      const tok = await token(info);
      // Everything acknowledged before, in this round's first look.
      const listed = new Map<string, string>();
      for (let offset = 0; ; offset += 100) {
        const page = await call(info.url, "GET", `/workspaces?limit=100&offset=${offset}`, { token: tok });
        for (const w of page.body.data as { workspaceId: string; name: string }[])
          listed.set(w.workspaceId, w.name);
        if (page.body.data.length < 100) break;
      }
      for (const [id, name] of acknowledged) expect([id, listed.get(id)]).toEqual([id, name]);

      const killAfter = 20 + Math.floor(random() * 60);
      let acks = 0;
      const exited = new Promise((res) => child.once("exit", res));
      const writes = Array.from({ length: BURST }, async (_, i) => {
        const name = `r${round}-w${i}`;
        try {
          const r = await call(info.url, "POST", "/workspaces", { token: tok, body: { name } });
          if (r.status === 200) {
            acknowledged.set(r.body.workspaceId as string, name);
            if (++acks === killAfter) child.kill("SIGKILL");
          }
        } catch {
          // Cut by the kill: not acknowledged, so it may or may not have been written.
        }
      });
      await Promise.all(writes);
      await exited;
      // The kill came in the middle: some writes were answered, some were not.
      expect(acks).toBeGreaterThanOrEqual(killAfter);
      expect(acks).toBeLessThan(BURST);
    }
    const { child, info } = await runEmulatorCli(tmp, ["--data", data]);
    children.push(child);
    const tok = await token(info);
    for (const [id, name] of acknowledged) {
      const r = await call(info.url, "GET", `/workspaces/${id}`, { token: tok });
      expect([id, r.status, r.body.name]).toEqual([id, 200, name]);
    }
    child.kill("SIGTERM");
  });

  it("loads a state saved by the first format: one organization, the credentials at the top", async () => {
    const data = join(tmp, "v1");
    mkdirSync(data);
    const ws = "12345678-1234-4234-8234-123456789012";
    writeFileSync(
      join(data, "state.json"),
      JSON.stringify({
        version: 1,
        clientId: "old-client",
        clientSecret: "old-secret",
        signingKey: "ab".repeat(32),
        organization: {
          organizationId: "00000000-0000-0000-0000-000000000000",
          organizationName: "Default Organization",
          email: "admin@example.com",
        },
        workspaces: {
          [ws]: {
            workspaceId: ws,
            name: "from-v1",
            organizationId: "00000000-0000-0000-0000-000000000000",
            dataResidency: "auto",
            notifications: Object.fromEntries(
              [
                "failure",
                "success",
                "connectionUpdate",
                "connectionUpdateActionRequired",
                "syncDisabled",
                "syncDisabledWarning",
              ].map((k) => [k, { email: true, webhook: false }]),
            ),
            tombstone: false,
          },
        },
        sources: {},
        destinations: {},
        connections: {},
        tags: {},
        jobs: {},
        nextJobId: 1,
        jobHooks: {},
      }),
    );
    const emu = await startEmulator({ dataDir: data });
    try {
      expect(emu.clientId).toBe("old-client");
      const c = await login(emu);
      expect((await c.get(`/workspaces/${ws}`)).body).toMatchObject({
        name: "from-v1",
        dataResidency: "auto",
      });
      expect((await c.get("/organizations")).body.data).toHaveLength(1);
    } finally {
      await emu.close();
    }
    // A format this emulator does not know is refused, not misread.
    writeFileSync(join(data, "state.json"), JSON.stringify({ version: 9 }));
    await expect(startEmulator({ dataDir: data })).rejects.toThrow(
      /state version 9 is not one this emulator reads/,
    );
  });
});
