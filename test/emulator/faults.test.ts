/**
 * Faults on demand, over real HTTP on loopback: every kind, how a fault targets and counts, the
 * seeded probability, the three ways to arm one (startEmulator, inject, the test-hook route) and
 * the `--fault` spec grammar they share.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { parseArgs } from "../../emulator/cli.js";
import { parseFaultSpec } from "../../emulator/fault-grammar.js";
import { FaultSpecError } from "../../emulator/fault-model.js";
import { type Emulator, startEmulator } from "../../emulator/index.js";
import { type Client, call, login, sleep } from "./helpers.js";

/** The error fetch rejects with when the connection dies without an answer, with its cause's code. */
async function socketError(p: Promise<unknown>): Promise<string> {
  const e = await p.then(
    () => {
      throw new Error("expected the request to fail without an answer");
    },
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(TypeError);
  const cause = (e as { cause?: { code?: string } }).cause;
  return cause?.code ?? "";
}

describe("fault injection", () => {
  let emu: Emulator;
  let c: Client;
  const logLines: string[] = [];
  beforeAll(async () => {
    emu = await startEmulator({ log: (l) => logLines.push(l) });
    c = await login(emu);
  });
  afterEach(() => emu.faults.clear());
  afterAll(() => emu.close());

  /** The recorded requests of `path`, as `status fault`. */
  const recorded = (path: string): string[] =>
    emu.requests.filter((r) => r.path === path).map((r) => `${r.status}${r.fault ? ` ${r.fault}` : ""}`);

  it("answers the next N matching requests with the fault, then resumes", async () => {
    emu.faults.inject({
      kind: "status",
      method: "GET",
      path: "/workspaces",
      status: 429,
      times: 2,
      headers: { "Retry-After": "1" },
    });
    const a = await c.get("/workspaces");
    const b = await c.get("/workspaces");
    const d = await c.get("/workspaces");
    expect([a.status, b.status, d.status]).toEqual([429, 429, 200]);
    expect(a.headers.get("retry-after")).toBe("1");
    expect(emu.requests.slice(-3).map((r) => r.status)).toEqual([429, 429, 200]);
    expect(emu.requests.slice(-3).map((r) => r.fault)).toEqual(["429", "429", undefined]);
  });

  it("matches by RegExp and method, with a custom body", async () => {
    emu.faults.inject({
      kind: "status",
      method: "POST",
      path: /^\/workspaces/,
      status: 503,
      body: { oops: true },
    });
    expect((await c.get("/workspaces")).status).toBe(200);
    const r = await c.post("/workspaces", { name: "x" });
    expect(r.status).toBe(503);
    expect(r.body).toEqual({ oops: true });
    expect((await c.post("/workspaces", { name: "x" })).status).toBe(200);
  });

  it("clear() drops pending faults", async () => {
    emu.faults.inject({ kind: "status", path: "/organizations", status: 500, times: 5 });
    emu.faults.clear();
    expect((await c.get("/organizations")).status).toBe(200);
  });

  it("answers 500, 502, 503 and 504 with a problem body, and 429 with Retry-After from a spec", async () => {
    for (const status of [500, 502, 503, 504]) {
      emu.faults.inject(`GET /organizations ${status}`);
      const r = await c.get("/organizations");
      expect(r.status).toBe(status);
      expect(r.body).toMatchObject({ status, detail: "Injected by the emulator." });
    }
    emu.faults.inject("GET /organizations 429 retry-after=2 header=X-Why:test");
    const limited = await c.get("/organizations");
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("2");
    expect(limited.headers.get("x-why")).toBe("test");
    expect((await c.get("/organizations")).status).toBe(200);
    expect(recorded("/organizations").slice(-6)).toEqual([
      "500 500",
      "502 502",
      "503 503",
      "504 504",
      "429 429",
      "200",
    ]);
  });

  it("drop: the write takes effect, but the client gets a socket error instead of the answer", async () => {
    const ws = (await c.post("/workspaces", { name: "drop-ws" })).body.workspaceId as string;
    emu.faults.inject("POST /sources drop");
    const code = await socketError(
      c.post("/sources", { name: "lost-answer", workspaceId: ws, configuration: { sourceType: "faker" } }),
    );
    // undici's "other side closed": the connection ended without an answer.
    expect(code).toBe("UND_ERR_SOCKET");
    // The source exists: the answer was lost after Airbyte wrote.
    const list = await c.get(`/sources?workspaceIds=${ws}`);
    expect(list.body.data.map((s: { name: string }) => s.name)).toEqual(["lost-answer"]);
    // Exactly one request reached the emulator (nothing retried behind the client's back), and the
    // log says the handler answered 200 and the fault withheld it.
    expect(recorded("/sources").filter((r) => r.endsWith("drop"))).toEqual(["200 drop"]);
    // Once by default: the next create is answered.
    const again = await c.post("/sources", {
      name: "second",
      workspaceId: ws,
      configuration: { sourceType: "faker" },
    });
    expect(again.status).toBe(200);
  });

  it("drop on a connection create keeps the connection", async () => {
    const ws = (await c.post("/workspaces", { name: "drop-conn" })).body.workspaceId as string;
    const src = (
      await c.post("/sources", { name: "s", workspaceId: ws, configuration: { sourceType: "faker" } })
    ).body.sourceId as string;
    const dst = (
      await c.post("/destinations", {
        name: "d",
        workspaceId: ws,
        configuration: {
          destinationType: "postgres",
          host: "h",
          port: 5432,
          database: "d",
          schema: "public",
          username: "u",
        },
      })
    ).body.destinationId as string;
    emu.faults.inject({ kind: "drop", method: "POST", path: "/connections" });
    await socketError(c.post("/connections", { sourceId: src, destinationId: dst, name: "c" }));
    const list = await c.get(`/connections?workspaceIds=${ws}`);
    expect(list.body.data).toHaveLength(1);
    expect(list.body.data[0]).toMatchObject({ sourceId: src, destinationId: dst, name: "c" });
  });

  it("reset: the connection is reset before the handler runs, and nothing is written", async () => {
    emu.faults.inject("POST /workspaces reset");
    const code = await socketError(c.post("/workspaces", { name: "never-written" }));
    // A TCP reset, as a proxy or a crashing server gives.
    expect(code).toBe("ECONNRESET");
    const all = await c.get("/workspaces?limit=100");
    expect(all.body.data.map((w: { name: string }) => w.name)).not.toContain("never-written");
    const last = emu.requests.filter((r) => r.path === "/workspaces" && r.method === "POST").at(-1);
    expect(last).toMatchObject({ status: 0, fault: "reset", body: { name: "never-written" } });
  });

  it("latency: the answer is held for the given time", async () => {
    emu.faults.inject("GET /organizations delay=300 x1");
    const started = Date.now();
    expect((await c.get("/organizations")).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    // x1: the next one is not held (the log shows no fault on it).
    await c.get("/organizations");
    expect(recorded("/organizations").slice(-2)).toEqual(["200 delay=300ms", "200"]);
  });

  it("a standing latency does not hide a later outcome fault; both are recorded", async () => {
    emu.faults.inject("* * delay=20");
    emu.faults.inject("GET /organizations 503");
    expect((await c.get("/organizations")).status).toBe(503);
    expect(emu.requests.at(-1)?.fault).toBe("delay=20ms 503");
    expect((await c.get("/organizations")).status).toBe(200);
    expect(emu.requests.at(-1)?.fault).toBe("delay=20ms");
  });

  it("rate limit: N requests per window, then 429 with Retry-After until the window passes", async () => {
    emu.faults.inject("* /organizations rate=2/s");
    const burst = [];
    for (let i = 0; i < 4; i++) burst.push(await c.get("/organizations"));
    expect(burst.map((r) => r.status)).toEqual([200, 200, 429, 429]);
    expect(burst[2]?.headers.get("retry-after")).toBe("1");
    // Other paths are not limited.
    expect((await c.get("/workspaces")).status).toBe(200);
    await sleep(1050);
    const after = [
      await c.get("/organizations"),
      await c.get("/organizations"),
      await c.get("/organizations"),
    ];
    expect(after.map((r) => r.status)).toEqual([200, 200, 429]);
    expect(recorded("/organizations").slice(-7)).toEqual([
      "200",
      "200",
      "429 rate=2/1000ms",
      "429 rate=2/1000ms",
      "200",
      "200",
      "429 rate=2/1000ms",
    ]);
  });

  it("token lifetime: tokens issued from now on expire after the given seconds", async () => {
    emu.faults.inject("token-ttl=1");
    const short = await login(emu);
    const tok = emu.requests.filter((r) => r.path === "/applications/token").at(-1);
    expect(tok?.fault).toBe("token-ttl=1s");
    expect((await short.get("/organizations")).status).toBe(200);
    // Still in force for the next token, and other requests are untouched by it.
    const short2 = await login(emu);
    await sleep(1100);
    expect((await short.get("/organizations")).status).toBe(401);
    expect((await short2.get("/organizations")).status).toBe(401);
    // The token issued before the fault keeps its 900 s.
    expect((await c.get("/organizations")).status).toBe(200);
    emu.faults.clear();
    const r = await call(emu.url, "POST", "/applications/token", {
      body: { client_id: emu.clientId, client_secret: emu.clientSecret },
    });
    expect(r.body.expires_in).toBe(900);
  });

  it("count: fires on exactly the first N matches, of that method and path only", async () => {
    emu.faults.inject("POST /connections/* 502 x3");
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await c.post("/connections/nope", {})).status);
    // The route has no POST, so a request the fault lets through is a 405.
    expect(statuses).toEqual([502, 502, 502, 405, 405]);
    expect((await c.get("/connections/nope")).status).not.toBe(502);
    expect(emu.faults.list()).toEqual([]);
  });

  it("glob patterns: * is one segment, ** any depth", async () => {
    emu.faults.inject("GET /workspaces/* 503 always");
    expect((await c.get("/workspaces")).status).toBe(200);
    expect((await c.get("/workspaces/abc")).status).toBe(503);
    expect((await c.get("/workspaces/abc")).status).toBe(503);
    emu.faults.clear();
    emu.faults.inject("GET /workspaces/** 504 x1");
    expect((await c.get("/workspaces/a/b")).status).toBe(504);
  });

  it("probability: a fixed seed gives the same sequence on every run, another seed another one", async () => {
    const run = async (seed: number): Promise<number[]> => {
      emu.faults.clear();
      emu.faults.inject(`GET /organizations 503 p=0.5 seed=${seed}`);
      const out: number[] = [];
      for (let i = 0; i < 24; i++) out.push((await c.get("/organizations")).status);
      return out;
    };
    const first = await run(42);
    expect(first).toContain(503);
    expect(first).toContain(200);
    expect(await run(42)).toEqual(first);
    expect(await run(7)).not.toEqual(first);
    // A fresh emulator, the same seed: the same sequence.
    const other = await startEmulator({ faults: ["GET /organizations 503 p=0.5 seed=42"] });
    try {
      const o = await login(other);
      const seq: number[] = [];
      for (let i = 0; i < 24; i++) seq.push((await o.get("/organizations")).status);
      expect(seq).toEqual(first);
    } finally {
      await other.close();
    }
  });

  it("probability with a count fires at most N times", async () => {
    emu.faults.inject({ kind: "status", status: 500, path: "/organizations", probability: 1, times: 2 });
    const s = [];
    for (let i = 0; i < 4; i++) s.push((await c.get("/organizations")).status);
    expect(s).toEqual([500, 500, 200, 200]);
  });

  it("writes every fault that fires to the log, with its id and spec", async () => {
    const info = emu.faults.inject("GET /organizations 503");
    await c.get("/organizations");
    expect(logLines).toContain(`fault ${info.id} GET /organizations 503 fired on GET /organizations`);
  });

  it("inject throws a FaultSpecError naming the field", () => {
    expect(() => emu.faults.inject({ kind: "latency", ms: -1 })).toThrow(/ms must be a non-negative integer/);
    expect(() => emu.faults.inject({ kind: "drop", probability: 2 })).toThrow(
      /probability must be between 0 and 1/,
    );
    expect(() => emu.faults.inject({ kind: "status", status: 42, path: "/x" })).toThrow(FaultSpecError);
    // @ts-expect-error -- every fault names its kind, a status fault too
    expect(() => emu.faults.inject({ status: 503, path: "/x" })).toThrow(
      /kind must be one of status, drop, reset, latency, rateLimit, tokenTtl/,
    );
    expect(() => emu.faults.inject({ kind: "tokenTtl", seconds: 1, path: "/sources" })).toThrow(
      /acts on \/applications\/token only/,
    );
    expect(() => emu.faults.inject({ kind: "drop", path: "/v1/sources" })).toThrow(/write \/sources/);
    // @ts-expect-error -- a misspelt field is refused, not ignored
    expect(() => emu.faults.inject({ kind: "drop", time: 2 })).toThrow(/unknown field "time"/);
    expect(emu.faults.list()).toEqual([]);
  });
});

describe("startEmulator({ faults })", () => {
  it("arms objects and spec strings from the start", async () => {
    const emu = await startEmulator({
      faults: [
        { kind: "status", method: "POST", path: "/applications/token", status: 503 },
        "GET /workspaces 502",
      ],
    });
    try {
      const tok = await call(emu.url, "POST", "/applications/token", {
        body: { client_id: emu.clientId, client_secret: emu.clientSecret },
      });
      expect(tok.status).toBe(503);
      const c = await login(emu);
      expect((await c.get("/workspaces")).status).toBe(502);
      expect((await c.get("/workspaces")).status).toBe(200);
    } finally {
      await emu.close();
    }
  });

  it("rejects an invalid fault before listening", async () => {
    await expect(startEmulator({ faults: ["POST /sources dorp"] })).rejects.toThrow(
      /"dorp" is not an action/,
    );
  });
});

describe("the /_emulator/faults route", () => {
  let emu: Emulator;
  let root: string;
  beforeAll(async () => {
    emu = await startEmulator();
    root = emu.url.replace(/\/v1$/, "");
  });
  afterAll(() => emu.close());

  it("arms spec strings, objects and arrays, lists them, and clears one or all", async () => {
    const added = await call(root, "POST", "/_emulator/faults", {
      body: [
        { spec: "POST /workspaces drop" },
        // A null field is absent, as JSON callers mean it.
        { kind: "latency", ms: 10, method: "get", path: "/organizations", seed: null },
        {
          kind: "status",
          method: "GET",
          path: "/workspaces",
          status: 503,
          times: 2,
          headers: { "Retry-After": "3" },
        },
      ],
    });
    expect(added.status).toBe(200);
    expect(added.body.data).toEqual([
      { id: expect.any(String), spec: "POST /workspaces drop", kind: "drop", fired: 0, remaining: 1 },
      {
        id: expect.any(String),
        spec: "GET /organizations delay=10ms",
        kind: "latency",
        fired: 0,
        remaining: null,
      },
      { id: expect.any(String), spec: "GET /workspaces 503 x2", kind: "status", fired: 0, remaining: 2 },
    ]);
    const [drop, , status] = added.body.data as { id: string }[];
    const token = emu.issueToken();
    expect((await call(emu.url, "GET", "/workspaces", { token })).status).toBe(503);
    const listed = await call(root, "GET", "/_emulator/faults");
    expect(
      listed.body.data.map((f: { spec: string; fired: number }) => `${f.spec} fired ${f.fired}`),
    ).toEqual([
      "POST /workspaces drop fired 0",
      "GET /organizations delay=10ms fired 0",
      "GET /workspaces 503 x2 fired 1",
    ]);
    expect((await call(root, "DELETE", `/_emulator/faults/${status?.id}`)).status).toBe(204);
    expect((await call(root, "DELETE", `/_emulator/faults/${status?.id}`)).status).toBe(404);
    expect((await call(emu.url, "GET", "/workspaces", { token })).status).toBe(200);
    // The drop fault is armed over HTTP and applies the write.
    await socketError(call(emu.url, "POST", "/workspaces", { token, body: { name: "via-route" } }));
    const names = (await call(emu.url, "GET", "/workspaces?limit=100", { token })).body.data.map(
      (w: { name: string }) => w.name,
    );
    expect(names).toContain("via-route");
    expect(
      (await call(root, "GET", "/_emulator/faults")).body.data.map((f: { id: string }) => f.id),
    ).not.toContain(drop?.id);
    expect((await call(root, "DELETE", "/_emulator/faults")).status).toBe(204);
    expect((await call(root, "GET", "/_emulator/faults")).body.data).toEqual([]);
    const recorded = (await call(root, "GET", "/_emulator/requests")).body.data as { fault?: string }[];
    expect(recorded.filter((r) => r.fault).map((r) => r.fault)).toEqual(["503", "drop"]);
  });

  it("refuses an invalid fault with a 400 naming it, and arms none of the batch", async () => {
    const r = await call(root, "POST", "/_emulator/faults", {
      body: [{ spec: "GET /workspaces 503" }, { spec: "GET /workspaces 503 p=1.5" }],
    });
    expect(r.status).toBe(400);
    expect(r.body.message).toMatch(/"p=1\.5": p needs a probability between 0 and 1/);
    const bad = await call(root, "POST", "/_emulator/faults", { body: { kind: "explode" } });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/kind must be one of status, drop, reset, latency, rateLimit, tokenTtl/);
    expect((await call(root, "GET", "/_emulator/faults")).body.data).toEqual([]);
  });
});

describe("the --fault spec grammar", () => {
  it("parses method, path, action and options", () => {
    expect(parseFaultSpec("POST /sources drop")).toEqual({ kind: "drop", method: "POST", path: "/sources" });
    expect(parseFaultSpec("* /connections/* 503 x3 retry-after=2")).toEqual({
      kind: "status",
      method: "*",
      path: "/connections/*",
      status: 503,
      times: 3,
      headers: { "Retry-After": "2" },
    });
    expect(parseFaultSpec("reset")).toEqual({ kind: "reset" });
    expect(parseFaultSpec("* reset")).toEqual({ kind: "reset", path: "*" });
    expect(parseFaultSpec("/jobs delay=2s p=0.25 seed=9")).toEqual({
      kind: "latency",
      path: "/jobs",
      ms: 2000,
      probability: 0.25,
      seed: 9,
    });
    expect(parseFaultSpec("get re:^/sources/[^/]+$ 500 always")).toEqual({
      kind: "status",
      method: "GET",
      path: "re:^/sources/[^/]+$",
      status: 500,
      times: "always",
    });
    expect(parseFaultSpec("* * rate=10/s")).toEqual({
      kind: "rateLimit",
      method: "*",
      path: "*",
      requests: 10,
      windowMs: 1000,
    });
    expect(parseFaultSpec("rate=5/500ms")).toMatchObject({ requests: 5, windowMs: 500 });
    expect(parseFaultSpec("rate=5")).toMatchObject({ requests: 5, windowMs: 1000 });
    expect(parseFaultSpec("token-ttl=2")).toEqual({ kind: "tokenTtl", seconds: 2 });
    expect(parseFaultSpec('GET /workspaces 200 body={"data": [], "next": ""}')).toMatchObject({
      status: 200,
      body: { data: [], next: "" },
    });
    expect(parseFaultSpec("GET /health 503 body=down for maintenance")).toMatchObject({
      body: "down for maintenance",
    });
  });

  it.each([
    ["", /it is empty; give at least an action/],
    ["POST /sources", /no action; add one: a status \(503\), drop, reset/],
    ["POST /sources dorp", /"dorp" is not an action; use a status/],
    ["FETCH /sources drop", /"FETCH" is neither a method .* nor a path/],
    ["POST sources drop", /"sources" is not an action/],
    ["POST /v1/sources drop", /matched without the API prefix: write \/sources/],
    ["GET /x 999", /status must be an HTTP status code 100-599/],
    ["GET /x 503 x0", /"x0": the count must be at least 1/],
    ["GET /x 503 p=2", /"p=2": p needs a probability between 0 and 1/],
    ["GET /x 503 seed=abc", /"seed=abc": seed needs an integer/],
    ["GET /x drop retry-after=2", /"retry-after=2" applies to a status answer only, not to drop/],
    ["GET /x 503 header=oops", /header needs <Name>:<value>/],
    ["GET /x delay=soon", /delay needs a duration in ms/],
    ["GET /x rate=0/s", /rate needs <n>\/<window> with n ≥ 1/],
    ["token-ttl=1500ms", /token-ttl needs whole seconds/],
    ["POST /sources token-ttl=2", /acts on \/applications\/token only/],
    ["GET /x 503 drop", /"drop": one action per fault; give another --fault/],
    ["GET /x 503 fast", /"fast" is not an option; use x<n>/],
    ["GET re:([ 503", /is not a regular expression/],
    ["body={}", /no action before body=/],
  ])("refuses %j with a message naming the part and the fix", (spec, message) => {
    const thrown = (() => {
      try {
        parseFaultSpec(spec);
      } catch (e) {
        return e;
      }
      throw new Error(`expected ${JSON.stringify(spec)} to be refused`);
    })();
    expect(thrown).toBeInstanceOf(FaultSpecError);
    expect((thrown as Error).message).toMatch(message);
    expect((thrown as Error).message).toContain(`fault "${spec}"`);
    // The grammar follows, so the fix is at hand.
    expect((thrown as Error).message).toContain("fault spec:");
  });

  it("is what --fault takes, repeatable, in both --fault spec and --fault=spec forms", () => {
    expect(parseArgs(["--fault", "POST /sources drop", "--fault=* * rate=10/s", "--port", "0"])).toEqual({
      verbose: false,
      port: 0,
      faults: [
        { kind: "drop", method: "POST", path: "/sources" },
        { kind: "rateLimit", method: "*", path: "*", requests: 10, windowMs: 1000 },
      ],
    });
    expect(() => parseArgs(["--fault", "POST /sources dorp"])).toThrow(
      /^--fault: fault "POST \/sources dorp"/,
    );
    expect(() => parseArgs(["--fault"])).toThrow(/--fault needs a value/);
    expect(() => parseArgs(["--help"])).toThrow(/--fault SPEC +inject a fault, repeatable/);
  });
});
