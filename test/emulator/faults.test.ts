import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../emulator/index.js";
import { type Client, login } from "./helpers.js";

describe("fault injection", () => {
  let emu: Emulator;
  let c: Client;
  beforeAll(async () => {
    emu = await startEmulator();
    c = await login(emu);
  });
  afterAll(() => emu.close());

  it("answers the next N matching requests with the fault, then resumes", async () => {
    emu.faults.inject({
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
  });

  it("matches by RegExp and method, with a custom body", async () => {
    emu.faults.inject({ method: "POST", path: /^\/workspaces/, status: 503, body: { oops: true } });
    expect((await c.get("/workspaces")).status).toBe(200);
    const r = await c.post("/workspaces", { name: "x" });
    expect(r.status).toBe(503);
    expect(r.body).toEqual({ oops: true });
    expect((await c.post("/workspaces", { name: "x" })).status).toBe(200);
  });

  it("clear() drops pending faults", async () => {
    emu.faults.inject({ path: "/organizations", status: 500, times: 5 });
    emu.faults.clear();
    expect((await c.get("/organizations")).status).toBe(200);
  });
});
