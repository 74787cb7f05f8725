/**
 * The framework's create and check around a kind's spec, without a server: which look-ups run
 * (none for an unchanged input or an ordinary create) and what a create leaves on this machine for
 * a run that dies.
 */
import { spawnSync } from "node:child_process";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { AirbyteApiError, AirbyteTimeoutError, BadRequestError } from "../../provider/api/errors.js";
import { createKey, defineProvider, type ResourceSpec } from "../../provider/framework.js";
import { readIntent, writeIntent } from "../../provider/intents.js";
import { configureFrom } from "../../provider/settings.js";

const SERVER = "http://127.0.0.1:1/v1";
const Inputs = z.strictObject({ name: z.string(), size: z.number().optional() });
type Inputs = z.infer<typeof Inputs>;
type State = Inputs & { thingId: string };

/** A kind whose every call is logged; `existing` are the objects "Airbyte" holds. */
function fakeKind(opts: { identity?: boolean; fail?: () => Error } = {}) {
  const log: string[] = [];
  const existing = new Map<string, State>();
  let next = 0;
  const spec: ResourceSpec<Inputs, State> = {
    kind: "thing",
    inputs: Inputs,
    fields: { name: {}, size: {} },
    checkMoreUses: ["size"],
    async checkMore() {
      log.push("checkMore");
      return [];
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
    async findCreated(_client, inputs, search) {
      log.push(`findCreated lostAnswer=${search.lostAnswer}`);
      return [...existing.values()].filter((s) => s.name === inputs.name).map((s) => s.thingId);
    },
    ...(opts.identity !== false && { identity: (inputs: Inputs) => [inputs.name] }),
  };
  return { provider: defineProvider(spec), log, existing };
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
    expect(log).toEqual(["checkMore"]);
    await provider.check?.({ name: "a", size: 1 }, { name: "a", size: 1 });
    await provider.check?.({ name: "a", size: 1 }, { name: "renamed", size: 1 });
    expect(log).toEqual(["checkMore"]);
    await provider.check?.({ name: "a", size: 1 }, { name: "a", size: 2 });
    expect(log).toEqual(["checkMore", "checkMore"]);
  });
});

/**
 * Points the create records at a folder of the block's own, emptied before each test, with the
 * provider configured for {@link SERVER}.
 */
function freshRecordsPerTest(): { readonly dir: string } {
  const records = { dir: "" };
  beforeAll(async () => {
    records.dir = await mkdtemp(path.join(tmpdir(), "pa-intents-"));
    process.env.PULUMI_AIRBYTE_INTENTS_DIR = records.dir;
  });
  afterAll(async () => {
    delete process.env.PULUMI_AIRBYTE_INTENTS_DIR;
    await rm(records.dir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    await rm(records.dir, { recursive: true, force: true });
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
    expect(await readIntent(key("a"))).toMatchObject({ id: created.id, pid: process.pid });
  });

  it("adopts the object a run that died had made, by the id its record names", async () => {
    const { provider, log, existing } = fakeKind();
    existing.set("thing-made", { name: "a", thingId: "thing-made" });
    await writeIntent(key("a"), { startedAt: Date.now(), pid: deadPid(), id: "thing-made" });
    const created = await provider.create({ name: "a" });
    expect(created.id).toBe("thing-made");
    expect(log).not.toContain("create");
  });

  it("looks for what a run that died before Airbyte answered made, and creates when there is none", async () => {
    const { provider, log } = fakeKind();
    await writeIntent(key("a"), { startedAt: Date.now(), pid: deadPid() });
    await provider.create({ name: "a" });
    expect(log).toEqual(["findCreated lostAnswer=false", "create"]);
  });

  it("leaves alone the record of a run still going (another process on this machine)", async () => {
    const { provider, log, existing } = fakeKind();
    existing.set("thing-theirs", { name: "a", thingId: "thing-theirs" });
    await writeIntent(key("a"), { startedAt: Date.now(), pid: process.ppid, id: "thing-theirs" });
    const created = await provider.create({ name: "a" });
    expect(created.id).not.toBe("thing-theirs");
    expect(log).toEqual(["create"]);
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
    expect(await readIntent(key("b"))).toMatchObject({ pid: process.pid });
  });

  it("looks before every create when airbyte:scanBeforeCreate is set, or for a kind without identity", async () => {
    configureFrom({
      get: (k) =>
        ({ "airbyte:serverUrl": SERVER, "airbyte:bearerToken": "t", "airbyte:scanBeforeCreate": "true" })[k],
    });
    const scanning = fakeKind();
    await scanning.provider.create({ name: "a" });
    expect(scanning.log).toEqual(["findCreated lostAnswer=false", "create"]);
    configureFrom({ get: (k) => ({ "airbyte:serverUrl": SERVER, "airbyte:bearerToken": "t" })[k] });
    const anonymous = fakeKind({ identity: false });
    await anonymous.provider.create({ name: "a" });
    expect(anonymous.log).toEqual(["findCreated lostAnswer=false", "create"]);
  });
});

/**
 * A kind Airbyte records no creation time for: `live` are the ids of its objects of the declared
 * name; `make` is what Airbyte does with a create (add an object, then maybe lose the answer).
 */
function timelessKind(opts: { live: string[]; make: () => string; list?: () => Promise<string[]> }) {
  const log: string[] = [];
  const spec: ResourceSpec<Inputs, State> = {
    kind: "timeless",
    inputs: Inputs,
    fields: { name: {}, size: {} },
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
    identity: (inputs) => [inputs.name],
    async likeObjects() {
      log.push("likeObjects");
      return opts.list === undefined ? [...opts.live] : opts.list();
    },
  };
  return { provider: defineProvider(spec), log };
}

describe("create for a kind with no creation time (likeObjects)", () => {
  const _records = freshRecordsPerTest();
  const key = (name: string, server = SERVER) => createKey("timeless", server, [name]);
  const timeout = () => new AirbyteTimeoutError({ method: "POST", url: `${SERVER}/things` }, 10);

  it("notes the like objects before the write, in its record, and makes one write", async () => {
    const live = ["someone-elses"];
    const { provider, log } = timelessKind({ live, make: () => "made" });
    await writeIntent(key("other"), { startedAt: Date.now(), pid: deadPid(), before: [] });
    expect((await provider.create({ name: "a" })).id).toBe("made");
    expect(log).toEqual(["likeObjects", "create"]);
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
    await writeIntent(key("b"), { startedAt: Date.now(), pid: deadPid(), before: ["old"] });
    const { provider, log } = timelessKind({ live, make: () => "new" });
    expect((await provider.create({ name: "b" })).id).toBe("orphan");
    expect(log).not.toContain("create");
  });

  it("reads no record of another server: a run killed against one never adopts on another", async () => {
    const live = ["old", "theirs"];
    await writeIntent(key("c", "http://other.example/v1"), {
      startedAt: Date.now(),
      pid: deadPid(),
      before: ["old"],
    });
    const { provider, log } = timelessKind({ live, make: () => "new" });
    expect((await provider.create({ name: "c" })).id).toBe("new");
    expect(log).toEqual(["likeObjects", "create"]);
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
    expect(log).toEqual(["likeObjects", "create"]);
  });
});
