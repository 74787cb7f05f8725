/**
 * Persistence: with `--data DIR` the state survives a restart and a crash in the middle of writes.
 * The emulator, run as its own process, is killed (SIGKILL, at a point a seeded PRNG picks) during
 * a burst of concurrent writes; after a restart on the same folder every write it acknowledged is
 * there, and the folder still loads. A state file of any other format is refused, not misread.
 */
import type { ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prng } from "../../emulator/faults.js";
import { startEmulator } from "../../emulator/index.js";
import { StateFileError } from "../../emulator/store.js";
import { buildEmulatorCli, type CliInfo, runEmulatorCli } from "./cli-build.js";
import { call } from "./helpers.js";

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

  it("reads only the state format it writes, and refuses any other naming the file and the fix", async () => {
    const data = join(tmp, "formats");
    mkdirSync(data);
    const file = join(data, "state.json");
    const refusal = async (state: unknown): Promise<string> => {
      writeFileSync(file, JSON.stringify(state));
      const e = await startEmulator({ dataDir: data }).then(
        async (emu) => {
          await emu.close();
          throw new Error(`expected ${JSON.stringify(state)} to be refused`);
        },
        (err: unknown) => err,
      );
      expect(e).toBeInstanceOf(StateFileError);
      expect((e as Error).message).toContain(file);
      expect((e as Error).message).toContain("start with an empty --data folder");
      return (e as Error).message;
    };
    // The first format (one organization, the credentials at the top) was never released.
    expect(await refusal({ version: 1, clientId: "c", clientSecret: "s" })).toMatch(
      /state version 1 is not one this emulator reads/,
    );
    expect(await refusal({ version: 9 })).toMatch(/state version 9 is not one this emulator reads/);
    expect(await refusal([])).toMatch(/not an emulator state/);
    // A state of this format without its collections is refused, not filled in.
    const saved = await startEmulator({ dataDir: join(data, "saved") });
    await saved.close();
    const { dataplanes: _dropped, ...partial } = JSON.parse(
      readFileSync(join(data, "saved", "state.json"), "utf8"),
    ) as Record<string, unknown>;
    expect(await refusal(partial)).toMatch(/the state has no dataplanes/);
  });
});
