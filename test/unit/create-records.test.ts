/**
 * The create records on this machine survive the moment they exist for: a run killed while it
 * writes one. A cut record reads as no record, and the next run would then create again what the
 * killed one made.
 */
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prng } from "../../emulator/faults.js";

const STORES = path.resolve(import.meta.dirname, "../../provider/framework/record-stores.ts");

/**
 * A process that writes the record of `key` over and over, as a create does (before the write,
 * then with the id Airbyte answered), and says when the first one is whole.
 */
const WRITER = `
const { folderStore } = await import(process.argv[1]);
const store = folderStore(process.env.PULUMI_AIRBYTE_CREATE_RECORDS_DIR, true);
const before = ["00000000-0000-4000-8000-000000000001"];
const record = (n) => JSON.stringify({ startedAt: Date.now(), pid: process.pid, before, id: String(n) });
let n = 0;
await store.write("k.json", record(n++));
process.stdout.write("ready\\n");
for (;;) await store.write("k.json", record(n++));
`;

describe("a create record killed in mid-write", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "pa-create-records-kill-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("is left whole: the last record written before the kill, never a cut one", async () => {
    const delays = prng(11);
    for (let round = 0; round < 20; round++) {
      const child = spawn(process.execPath, ["--input-type=module", "-e", WRITER, STORES], {
        env: { ...process.env, PULUMI_AIRBYTE_CREATE_RECORDS_DIR: dir },
        stdio: ["ignore", "pipe", "inherit"],
      });
      await new Promise<void>((resolve, reject) => {
        child.stdout.on("data", () => resolve());
        child.once("exit", (code) =>
          reject(new Error(`the writer exited (${code}) before its first record`)),
        );
      });
      await new Promise((r) => setTimeout(r, 5 + Math.floor(delays() * 20)));
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGKILL");
      await exited;
      const text = await readFile(path.join(dir, "k.json"), "utf8");
      let record: { before?: unknown[] } | undefined;
      try {
        record = JSON.parse(text) as { before?: unknown[] };
      } catch {
        record = undefined;
      }
      expect(
        record?.before,
        `round ${round}: the record read ${JSON.stringify(text.slice(0, 60))}`,
      ).toHaveLength(1);
    }
  }, 60_000);
});
