/**
 * The framework's create and check around a kind's spec, without a server: which look-ups run
 * (none for an unchanged input or an ordinary create) and what a create leaves on this machine for
 * a run that dies.
 */
import { spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { type AddressInfo, createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { AirbyteApiError, AirbyteTimeoutError, BadRequestError } from "../../provider/api/errors.js";
import type { KindSpec } from "../../provider/framework/contract.js";
import { createKey, listedOncePerRun } from "../../provider/framework/create-once.js";
import {
  fromStoppedRun,
  readRecord,
  reopenRecords,
  writeRecord,
} from "../../provider/framework/create-records.js";
import { defineProvider } from "../../provider/framework/dynamic.js";
import { configureFrom } from "../../provider/settings.js";

const SERVER = "http://127.0.0.1:1/v1";
const Inputs = z.strictObject({ name: z.string(), size: z.number().optional() });
type Inputs = z.infer<typeof Inputs>;
type State = Inputs & { thingId: string };

/** Each fake kind's list is its own: the framework reads a list once per process. */
let kinds = 0;

/** A kind whose every call is logged; `existing` are the objects "Airbyte" holds. */
function fakeKind(opts: { fail?: () => Error } = {}) {
  const listKey = `things-${kinds++}`;
  const log: string[] = [];
  const existing = new Map<string, State>();
  let next = 0;
  const spec: KindSpec<Inputs, State> = {
    kind: "thing",
    inputs: Inputs,
    fields: { name: {}, size: {} },
    computed: z.object({ thingId: z.string() }),
    checks: {
      uses: ["size"],
      async run() {
        log.push("checks");
        return [];
      },
    },
    createOnce: {
      strategy: "creation-time",
      identity: (inputs) => [inputs.name],
      within: () => [],
      candidates: async (_client, inputs) => ({
        listKey,
        async list() {
          log.push("list");
          return [...existing.values()];
        },
        id: (s: State) => s.thingId,
        createdAt: () => undefined,
        matches: (s: State) => s.name === inputs.name,
      }),
    },
    async create(_client, inputs) {
      log.push("create");
      const failure = opts.fail?.();
      if (failure !== undefined) throw failure;
      const id = `thing-${next++}`;
      const state = { ...inputs, thingId: id };
      existing.set(id, state);
      return { id, state };
    },
    async read(_client, id) {
      log.push(`read ${id}`);
      return existing.get(id);
    },
    async update(_client, _id, state, inputs) {
      log.push("update");
      return { ...state, ...inputs };
    },
    async delete() {},
  };
  return { provider: defineProvider(spec), log, existing };
}

/** A loopback address nothing listens at: an engine that is gone. */
async function closedAddress(): Promise<string> {
  const server = createServer().listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `127.0.0.1:${port}`;
}

/** The process id of a process that has ended. */
const deadPid = (): number => spawnSync(process.execPath, ["-e", ""]).pid ?? 999_999;

describe("check", () => {
  beforeAll(() =>
    configureFrom({ get: (k) => ({ "airbyte:serverUrl": SERVER, "airbyte:bearerToken": "t" })[k] }),
  );

  it("runs the kind's look-ups for a new resource and for a changed input they read, only then", async () => {
    const { provider, log } = fakeKind();
    await provider.check?.({}, { name: "a", size: 1 });
    expect(log).toEqual(["checks"]);
    await provider.check?.({ name: "a", size: 1 }, { name: "a", size: 1 });
    await provider.check?.({ name: "a", size: 1 }, { name: "renamed", size: 1 });
    expect(log).toEqual(["checks"]);
    await provider.check?.({ name: "a", size: 1 }, { name: "a", size: 2 });
    expect(log).toEqual(["checks", "checks"]);
  });
});

/**
 * Points the create records at a folder of the block's own, emptied before each test, with the
 * provider configured for {@link SERVER}.
 */
function freshRecordsPerTest(): { readonly dir: string } {
  const records = { dir: "" };
  beforeAll(async () => {
    records.dir = await mkdtemp(path.join(tmpdir(), "pa-create-records-"));
    process.env.PULUMI_AIRBYTE_CREATE_RECORDS_DIR = records.dir;
  });
  afterAll(async () => {
    delete process.env.PULUMI_AIRBYTE_CREATE_RECORDS_DIR;
    await rm(records.dir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    await rm(records.dir, { recursive: true, force: true });
    reopenRecords();
    configureFrom({ get: (k) => ({ "airbyte:serverUrl": SERVER, "airbyte:bearerToken": "t" })[k] });
  });
  return records;
}

describe("create", () => {
  const records = freshRecordsPerTest();
  const key = (name: string) => createKey("thing", SERVER, [name]);

  it("writes once and looks nothing up; its record keeps the id until the process ends", async () => {
    const { provider, log } = fakeKind();
    const created = await provider.create({ name: "a" });
    expect(log).toEqual(["create"]);
    expect(await readRecord(key("a"))).toMatchObject({ id: created.id, pid: process.pid });
  });

  it("adopts the object a run that died had made, by the id its record names", async () => {
    const { provider, log, existing } = fakeKind();
    existing.set("thing-made", { name: "a", thingId: "thing-made" });
    await writeRecord(key("a"), { startedAt: Date.now(), pid: deadPid(), id: "thing-made" });
    const created = await provider.create({ name: "a" });
    expect(created.id).toBe("thing-made");
    expect(log).not.toContain("create");
  });

  it("looks for what a run that died before Airbyte answered made, and creates when there is none", async () => {
    const { provider, log } = fakeKind();
    await writeRecord(key("a"), { startedAt: Date.now(), pid: deadPid() });
    await provider.create({ name: "a" });
    expect(log).toEqual(["list", "create"]);
  });

  it("leaves alone the record of a run still going (another process on this machine)", async () => {
    const { provider, log, existing } = fakeKind();
    existing.set("thing-theirs", { name: "a", thingId: "thing-theirs" });
    await writeRecord(key("a"), { startedAt: Date.now(), pid: process.ppid, id: "thing-theirs" });
    const created = await provider.create({ name: "a" });
    expect(created.id).not.toBe("thing-theirs");
    expect(log).toEqual(["create"]);
  });

  it("takes the record of a live process whose engine is gone once that process ends (a killed CLI's provider)", async () => {
    const { provider, log, existing } = fakeKind();
    existing.set("thing-orphaned", { name: "a", thingId: "thing-orphaned" });
    const orphan = spawn(process.execPath, ["-e", "setTimeout(() => {}, 600)"]);
    const ended = new Promise((resolve) => orphan.once("exit", resolve));
    await writeRecord(key("a"), {
      startedAt: Date.now(),
      pid: orphan.pid ?? 0,
      engine: await closedAddress(),
      id: "thing-orphaned",
    });
    const created = await provider.create({ name: "a" });
    expect(created.id).toBe("thing-orphaned");
    expect(log).not.toContain("create");
    expect(orphan.exitCode).toBe(0);
    await ended;
  });

  it("leaves alone the record of a live process whose engine answers (a run in flight)", async () => {
    const { provider, log, existing } = fakeKind();
    existing.set("thing-theirs", { name: "a", thingId: "thing-theirs" });
    const engine = createServer().listen(0, "127.0.0.1");
    await once(engine, "listening");
    const { port } = engine.address() as AddressInfo;
    await writeRecord(key("a"), {
      startedAt: Date.now(),
      pid: process.ppid,
      engine: `127.0.0.1:${port}`,
      id: "thing-theirs",
    });
    const created = await provider.create({ name: "a" });
    engine.close();
    expect(created.id).not.toBe("thing-theirs");
    expect(log).toEqual(["create"]);
  });

  it("takes a record written on another machine as a stopped run's (a CI job re-run on a fresh runner)", async () => {
    expect(await fromStoppedRun({ startedAt: Date.now(), pid: process.ppid, host: "another-runner" })).toBe(
      true,
    );
    const { provider, log, existing } = fakeKind();
    existing.set("thing-elsewhere", { name: "a", thingId: "thing-elsewhere" });
    await writeRecord(key("a"), {
      startedAt: Date.now(),
      pid: process.ppid,
      host: "another-runner",
      id: "thing-elsewhere",
    });
    expect((await provider.create({ name: "a" })).id).toBe("thing-elsewhere");
    expect(log).not.toContain("create");
  });

  it("removes the record when nothing was made, and keeps it when the outcome is unknown", async () => {
    const refused = fakeKind({
      fail: () => new BadRequestError(400, undefined, { method: "POST", url: `${SERVER}/things` }),
    });
    await expect(refused.provider.create({ name: "a" })).rejects.toThrow();
    expect(await readdir(records.dir)).toEqual([]);
    const lost = fakeKind({
      fail: () => new AirbyteTimeoutError({ method: "POST", url: `${SERVER}/things` }, 10),
    });
    await expect(lost.provider.create({ name: "b" })).rejects.toThrow();
    expect(lost.log.filter((l) => l === "create")).toHaveLength(3);
    expect(await readRecord(key("b"))).toMatchObject({ pid: process.pid });
  });

  it("looks before every create by default where the records cannot outlive the machine, unless told not to", async () => {
    const chosen = process.env.PULUMI_AIRBYTE_CREATE_RECORDS_DIR;
    const tmp = process.env.TMPDIR;
    delete process.env.PULUMI_AIRBYTE_CREATE_RECORDS_DIR;
    process.env.TMPDIR = records.dir;
    reopenRecords();
    try {
      const scanning = fakeKind();
      await scanning.provider.create({ name: "a" });
      expect(scanning.log).toEqual(["list", "create"]);
      configureFrom({
        get: (k) =>
          ({ "airbyte:serverUrl": SERVER, "airbyte:bearerToken": "t", "airbyte:scanBeforeCreate": "false" })[
            k
          ],
      });
      const told = fakeKind();
      await told.provider.create({ name: "b" });
      expect(told.log).toEqual(["create"]);
    } finally {
      process.env.PULUMI_AIRBYTE_CREATE_RECORDS_DIR = chosen;
      if (tmp === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = tmp;
      reopenRecords();
    }
  });

  it("looks before every create when airbyte:scanBeforeCreate is set", async () => {
    configureFrom({
      get: (k) =>
        ({ "airbyte:serverUrl": SERVER, "airbyte:bearerToken": "t", "airbyte:scanBeforeCreate": "true" })[k],
    });
    const scanning = fakeKind();
    await scanning.provider.create({ name: "a" });
    expect(scanning.log).toEqual(["list", "create"]);
  });
});

/**
 * A kind Airbyte records no creation time for: `live` are the ids of its objects of the declared
 * name; `make` is what Airbyte does with a create (add an object, then maybe lose the answer).
 */
function timelessKind(opts: { live: string[]; make: () => string; list?: () => Promise<string[]> }) {
  const log: string[] = [];
  const spec: KindSpec<Inputs, State> = {
    kind: "timeless",
    inputs: Inputs,
    fields: { name: {}, size: {} },
    computed: z.object({ thingId: z.string() }),
    createOnce: {
      strategy: "new-since-noted",
      identity: (inputs) => [inputs.name],
      async like() {
        log.push("like");
        return opts.list === undefined ? [...opts.live] : opts.list();
      },
    },
    async create(_client, inputs) {
      log.push("create");
      const id = opts.make();
      return { id, state: { ...inputs, thingId: id } };
    },
    async read(_client, id, state) {
      log.push(`read ${id}`);
      return { ...state, thingId: id };
    },
    async update(_client, _id, state) {
      return state;
    },
    async delete() {},
  };
  return { provider: defineProvider(spec), log };
}

describe("create for a kind with no creation time (new-since-noted)", () => {
  const _records = freshRecordsPerTest();
  const key = (name: string, server = SERVER) => createKey("timeless", server, [name]);
  const timeout = () => new AirbyteTimeoutError({ method: "POST", url: `${SERVER}/things` }, 10);

  it("notes the like objects before the write, in its record, and makes one write", async () => {
    const live = ["someone-elses"];
    const { provider, log } = timelessKind({ live, make: () => "made" });
    await writeRecord(key("other"), { startedAt: Date.now(), pid: deadPid(), before: [] });
    expect((await provider.create({ name: "a" })).id).toBe("made");
    expect(log).toEqual(["like", "create"]);
  });

  it("after a lost answer, takes only the object that is new since the create began", async () => {
    const live = ["someone-elses"];
    let lost = true;
    const { provider, log } = timelessKind({
      live,
      make: () => {
        live.push("made-by-us");
        if (lost) {
          lost = false;
          throw timeout();
        }
        return "second";
      },
    });
    expect((await provider.create({ name: "a" })).id).toBe("made-by-us");
    expect(log.filter((l) => l === "create")).toHaveLength(1);
  });

  it("before a create, takes what a run that died made, as its record's note says", async () => {
    const live = ["old", "orphan"];
    await writeRecord(key("b"), { startedAt: Date.now(), pid: deadPid(), before: ["old"] });
    const { provider, log } = timelessKind({ live, make: () => "new" });
    expect((await provider.create({ name: "b" })).id).toBe("orphan");
    expect(log).not.toContain("create");
  });

  it("reads no record of another server: a run killed against one never adopts on another", async () => {
    const live = ["old", "theirs"];
    await writeRecord(key("c", "http://other.example/v1"), {
      startedAt: Date.now(),
      pid: deadPid(),
      before: ["old"],
    });
    const { provider, log } = timelessKind({ live, make: () => "new" });
    expect((await provider.create({ name: "c" })).id).toBe("new");
    expect(log).toEqual(["like", "create"]);
  });

  it("still creates when the caller may not list (403), without the guard", async () => {
    const { provider, log } = timelessKind({
      live: [],
      make: () => "made",
      list: async () => {
        throw AirbyteApiError.from(403, {}, { method: "GET", url: `${SERVER}/things` });
      },
    });
    expect((await provider.create({ name: "d" })).id).toBe("made");
    expect(log).toEqual(["like", "create"]);
  });
});

describe("listedOncePerRun", () => {
  it("reads once per key, shares the answer, and tries again after a failure", async () => {
    let reads = 0;
    const load = async () => {
      reads++;
      return [reads];
    };
    const [a, b] = await Promise.all([listedOncePerRun("k1", load), listedOncePerRun("k1", load)]);
    expect(a).toBe(b);
    expect(reads).toBe(1);
    await listedOncePerRun("k2", load);
    expect(reads).toBe(2);
    const failing = () => Promise.reject(new Error("503"));
    await expect(listedOncePerRun("k3", failing)).rejects.toThrow("503");
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(await listedOncePerRun("k3", load)).toEqual([3]);
  });
});
