import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../emulator/index.js";
import { call, login, sleep } from "./helpers.js";

describe("token endpoint and bearer auth", () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await startEmulator({ tokenTtlSeconds: 1 });
  });
  afterAll(() => emu.close());

  it("issues a Bearer token with expires_in = TTL for JSON credentials", async () => {
    const r = await call(emu.url, "POST", "/applications/token", {
      body: { client_id: emu.clientId, client_secret: emu.clientSecret, "grant-type": "client_credentials" },
    });
    expect(r.status).toBe(200);
    expect(r.body.token_type).toBe("Bearer");
    expect(r.body.expires_in).toBe(1);
    expect(r.body.access_token.split(".")).toHaveLength(3);
  });

  it("accepts form bodies, grant_type spelling, and no grant at all", async () => {
    const form = await call(emu.url, "POST", "/applications/token", {
      rawBody: new URLSearchParams({
        client_id: emu.clientId,
        client_secret: emu.clientSecret,
        grant_type: "client_credentials",
      }).toString(),
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    expect(form.status).toBe(200);
    const none = await call(emu.url, "POST", "/applications/token", {
      body: { client_id: emu.clientId, client_secret: emu.clientSecret },
    });
    expect(none.status).toBe(200);
  });

  it("answers 401 {errorId} to bad credentials", async () => {
    const r = await call(emu.url, "POST", "/applications/token", {
      body: { client_id: emu.clientId, client_secret: "nope" },
    });
    expect(r.status).toBe(401);
    expect(r.body).toEqual({ errorId: expect.any(String) });
  });

  it("rejects missing, malformed and foreign tokens with the invalid-api-key problem", async () => {
    for (const token of [undefined, "garbage", `${emu.issueToken()}x`]) {
      const r = await call(emu.url, "GET", "/workspaces", { token });
      expect(r.status).toBe(401);
      expect(r.headers.get("content-type")).toBe("application/json");
      expect(r.body).toEqual({
        status: 401,
        type: "https://reference.airbyte.com/reference/errors#invalid-api-key",
        title: "invalid-api-key",
        detail: "The API key in the Authorization header is invalid.",
        documentationUrl: null,
        data: null,
      });
    }
  });

  it("expires tokens after the TTL", async () => {
    const c = await login(emu);
    expect((await c.get("/workspaces")).status).toBe(200);
    await sleep(1100);
    expect((await c.get("/workspaces")).status).toBe(401);
  });

  it("serves /health anonymously under both prefixes", async () => {
    for (const base of [emu.url, emu.selfManagedUrl]) {
      const r = await call(base, "GET", "/health");
      expect(r.status).toBe(200);
      expect(r.body).toBe("Successful operation");
    }
  });

  it("issueToken() gives a usable token and the self-managed prefix serves the same API", async () => {
    const token = emu.issueToken();
    const a = await call(emu.selfManagedUrl, "GET", "/organizations", { token });
    const b = await call(emu.url, "GET", "/organizations", { token });
    expect(a.status).toBe(200);
    expect(a.body).toEqual(b.body);
    expect(a.body.data).toEqual([
      { organizationId: expect.any(String), organizationName: expect.any(String), email: expect.any(String) },
    ]);
  });

  it("records requests, token requests included, with the prefix stripped", async () => {
    emu.clearRequests();
    await call(emu.selfManagedUrl, "POST", "/applications/token", {
      body: { client_id: emu.clientId, client_secret: emu.clientSecret },
    });
    await call(emu.url, "GET", "/workspaces?limit=5", { token: emu.issueToken() });
    expect(emu.requests.map((r) => [r.method, r.path, r.status])).toEqual([
      ["POST", "/applications/token", 200],
      ["GET", "/workspaces", 200],
    ]);
    expect(emu.requests[1]?.query).toEqual({ limit: "5" });
    expect(emu.requests[0]?.body).toMatchObject({ client_id: emu.clientId });
    expect(Date.parse(emu.requests[0]?.time ?? "")).not.toBeNaN();
  });
});
