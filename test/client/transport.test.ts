/**
 * Transport rules with no real server (undici's MockAgent), plus the few cases only real sockets show:
 * a connection dropped after the request was sent, a refused connection, a server that never answers,
 * and a call aborted or timed out while it waits.
 */

import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createServer, type Server, type Socket } from "node:net";
import { MockAgent } from "undici";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { TokenCache } from "../../provider/api/auth.js";
import {
  AirbyteAbortError,
  AirbyteConnectionError,
  AirbyteResponseValidationError,
  AirbyteTimeoutError,
  AuthenticationError,
  InternalServerError,
  RateLimitError,
} from "../../provider/api/errors.js";
import { isLoopback, Transport, type TransportOptions } from "../../provider/api/http.js";
import { buildUrl, encodePath, redactUrl } from "../../provider/api/url.js";
import { WorkspaceSchema } from "../../provider/api/workspaces.js";

const ORIGIN = "https://airbyte.test";
const BASE = `${ORIGIN}/v1`;
const WS = { workspaceId: "w1", name: "one", dataResidency: "auto" };
const JSON_HEADERS = { headers: { "content-type": "application/json" } };

function netError(code: string): Error {
  return Object.assign(new Error(`simulated ${code}`), { code });
}

let agent: MockAgent;

beforeEach(() => {
  agent = new MockAgent({ enableCallHistory: true });
  agent.disableNetConnect();
});

afterEach(async () => {
  await agent.close();
});

function transport(opts: Partial<TransportOptions> = {}): Transport {
  return new Transport({
    serverUrl: BASE,
    credentials: { bearerToken: "static-token" },
    retryBaseDelayMs: 1,
    maxRetries: 3,
    dispatcher: agent,
    tokenCache: new TokenCache(),
    ...opts,
  });
}

function calls(path?: string) {
  const all = agent.getCallHistory()?.calls() ?? [];
  return path === undefined ? all : all.filter((c) => c.path === path);
}

const pool = () => agent.get(ORIGIN);

describe("requests", () => {
  it("sends JSON with a bearer token and parses the response", async () => {
    pool().intercept({ path: "/v1/workspaces", method: "POST" }).reply(200, WS, JSON_HEADERS);
    const ws = await transport({ userAgent: "tests/1" }).request({
      method: "POST",
      path: "/workspaces",
      body: { name: "one" },
      schema: WorkspaceSchema,
    });
    expect(ws).toEqual(WS);
    const [call] = calls();
    expect(call?.headers).toMatchObject({
      authorization: "Bearer static-token",
      "content-type": "application/json",
      accept: "application/json",
      "user-agent": expect.stringMatching(/^tests\/1 pulumi-airbyte\//),
    });
    expect(JSON.parse(String(call?.body))).toEqual({ name: "one" });
  });

  it("returns undefined for 204 when no body is expected", async () => {
    pool().intercept({ path: "/v1/workspaces/w1", method: "DELETE" }).reply(204);
    await expect(transport().request({ method: "DELETE", path: "/workspaces/w1" })).resolves.toBeUndefined();
  });

  it("tolerates a trailing slash on the server URL", async () => {
    pool().intercept({ path: "/v1/workspaces/w1", method: "GET" }).reply(200, WS, JSON_HEADERS);
    await transport({ serverUrl: `${BASE}///` }).request({
      method: "GET",
      path: "/workspaces/w1",
      schema: WorkspaceSchema,
    });
    expect(calls()[0]?.path).toBe("/v1/workspaces/w1");
  });

  it("rejects a server URL that is not http(s)", () => {
    expect(() => transport({ serverUrl: "api.airbyte.com/v1" })).toThrow(/not a URL/);
    expect(() => transport({ serverUrl: "ftp://api.airbyte.com/v1" })).toThrow(/http/);
  });
});

describe("client credentials", () => {
  const creds = { clientId: "id-1", clientSecret: "s3cret" };

  it("exchanges them once with grant-type and reuses the token", async () => {
    pool()
      .intercept({ path: "/v1/applications/token", method: "POST" })
      .reply(200, { access_token: "tok", token_type: "Bearer", expires_in: 900 }, JSON_HEADERS);
    pool().intercept({ path: "/v1/workspaces/w1", method: "GET" }).reply(200, WS, JSON_HEADERS).times(2);
    const t = transport({ credentials: creds });
    await t.request({ method: "GET", path: "/workspaces/w1", schema: WorkspaceSchema });
    await t.request({ method: "GET", path: "/workspaces/w1", schema: WorkspaceSchema });
    const token = calls("/v1/applications/token");
    expect(token).toHaveLength(1);
    expect(JSON.parse(String(token[0]?.body))).toEqual({
      client_id: "id-1",
      client_secret: "s3cret",
      "grant-type": "client_credentials",
    });
    expect(token[0]?.headers?.authorization).toBeUndefined();
    expect(calls("/v1/workspaces/w1").map((c) => c.headers?.authorization)).toEqual([
      "Bearer tok",
      "Bearer tok",
    ]);
  });

  it("refreshes the token once on a 401 and succeeds", async () => {
    pool()
      .intercept({ path: "/v1/applications/token", method: "POST" })
      .reply(200, { access_token: "old", expires_in: 900 }, JSON_HEADERS);
    pool()
      .intercept({ path: "/v1/applications/token", method: "POST" })
      .reply(200, { access_token: "new", expires_in: 900 }, JSON_HEADERS);
    pool()
      .intercept({ path: "/v1/workspaces", method: "POST" })
      .reply(401, { title: "invalid-api-key" }, JSON_HEADERS);
    pool().intercept({ path: "/v1/workspaces", method: "POST" }).reply(200, WS, JSON_HEADERS);
    const ws = await transport({ credentials: creds }).request({
      method: "POST",
      path: "/workspaces",
      body: { name: "one" },
      schema: WorkspaceSchema,
    });
    expect(ws.workspaceId).toBe("w1");
    expect(calls("/v1/workspaces").map((c) => c.headers?.authorization)).toEqual([
      "Bearer old",
      "Bearer new",
    ]);
  });

  it("gives up after one refresh when the server keeps saying 401", async () => {
    pool()
      .intercept({ path: "/v1/applications/token", method: "POST" })
      .reply(200, { access_token: "tok", expires_in: 900 }, JSON_HEADERS)
      .times(2);
    pool().intercept({ path: "/v1/workspaces/w1", method: "GET" }).reply(401, {}, JSON_HEADERS).times(2);
    const err = await transport({ credentials: creds })
      .request({ method: "GET", path: "/workspaces/w1", schema: WorkspaceSchema })
      .catch((e: unknown) => e);
    expect(AuthenticationError.isInstance(err)).toBe(true);
    expect(calls("/v1/applications/token")).toHaveLength(2);
    expect(calls("/v1/workspaces/w1")).toHaveLength(2);
  });

  it("explains rejected client credentials", async () => {
    pool()
      .intercept({ path: "/v1/applications/token", method: "POST" })
      .reply(401, { errorId: "e1" }, JSON_HEADERS);
    const err = await transport({ credentials: creds })
      .request({ method: "GET", path: "/workspaces/w1", schema: WorkspaceSchema })
      .catch((e: unknown) => e);
    expect(AuthenticationError.isInstance(err)).toBe(true);
    expect((err as Error).message).toBe(
      "Airbyte rejected the client credentials (POST /applications/token returned 401, errorId e1). " +
        "Check the client id and secret, and that https://airbyte.test/v1 is the right Airbyte instance.",
    );
  });

  it("does not retry a 401 in bearer mode", async () => {
    pool().intercept({ path: "/v1/workspaces/w1", method: "GET" }).reply(401, {}, JSON_HEADERS);
    const err = await transport()
      .request({ method: "GET", path: "/workspaces/w1", schema: WorkspaceSchema })
      .catch((e: unknown) => e);
    expect(AuthenticationError.isInstance(err)).toBe(true);
    expect((err as Error).message).toMatch(
      /^GET \/v1\/workspaces\/w1 failed with 401\. Check the credentials/,
    );
    expect(calls()).toHaveLength(1);
  });
});

describe("retries", () => {
  it("retries GET on 503 until it succeeds", async () => {
    pool().intercept({ path: "/v1/workspaces/w1", method: "GET" }).reply(503, "busy").times(2);
    pool().intercept({ path: "/v1/workspaces/w1", method: "GET" }).reply(200, WS, JSON_HEADERS);
    await transport().request({ method: "GET", path: "/workspaces/w1", schema: WorkspaceSchema });
    expect(calls()).toHaveLength(3);
  });

  it("stops after maxRetries and throws the last error", async () => {
    pool().intercept({ path: "/v1/workspaces/w1", method: "GET" }).reply(502, "bad gateway").times(3);
    const err = await transport({ maxRetries: 2 })
      .request({ method: "GET", path: "/workspaces/w1", schema: WorkspaceSchema })
      .catch((e: unknown) => e);
    expect(InternalServerError.isInstance(err)).toBe(true);
    expect((err as InternalServerError).status).toBe(502);
    expect(calls()).toHaveLength(3);
  });

  it("does not retry a POST on 502/503/504: it may have been applied", async () => {
    for (const status of [502, 503, 504]) {
      pool().intercept({ path: "/v1/workspaces", method: "POST" }).reply(status, {});
    }
    const t = transport();
    for (const status of [502, 503, 504]) {
      const err = await t.request({ method: "POST", path: "/workspaces", body: {} }).catch((e: unknown) => e);
      expect((err as InternalServerError).status).toBe(status);
    }
    expect(calls()).toHaveLength(3);
  });

  it("does not retry a PATCH on 503", async () => {
    pool().intercept({ path: "/v1/workspaces/w1", method: "PATCH" }).reply(503, {});
    await expect(transport().request({ method: "PATCH", path: "/workspaces/w1", body: {} })).rejects.toThrow(
      /503/,
    );
    expect(calls()).toHaveLength(1);
  });

  it("retries PUT and DELETE on 504", async () => {
    pool().intercept({ path: "/v1/sources/s1", method: "PUT" }).reply(504, {});
    pool().intercept({ path: "/v1/sources/s1", method: "PUT" }).reply(200, {}, JSON_HEADERS);
    pool().intercept({ path: "/v1/sources/s1", method: "DELETE" }).reply(504, {});
    pool().intercept({ path: "/v1/sources/s1", method: "DELETE" }).reply(204);
    const t = transport();
    await t.request({ method: "PUT", path: "/sources/s1", body: {} });
    await t.request({ method: "DELETE", path: "/sources/s1" });
    expect(calls()).toHaveLength(4);
  });

  it("retries a POST on 429, and reports RateLimitError when it persists", async () => {
    pool()
      .intercept({ path: "/v1/workspaces", method: "POST" })
      .reply(429, {}, { headers: { "retry-after": "0" } });
    pool().intercept({ path: "/v1/workspaces", method: "POST" }).reply(200, WS, JSON_HEADERS);
    await transport().request({ method: "POST", path: "/workspaces", body: {}, schema: WorkspaceSchema });
    expect(calls()).toHaveLength(2);

    pool()
      .intercept({ path: "/v1/workspaces", method: "POST" })
      .reply(429, {}, { headers: { "retry-after": "0" } })
      .times(2);
    const err = await transport({ maxRetries: 1 })
      .request({ method: "POST", path: "/workspaces", body: {} })
      .catch((e: unknown) => e);
    expect(RateLimitError.isInstance(err)).toBe(true);
    expect((err as RateLimitError).headers["retry-after"]).toBe("0");
  });

  it("retries a POST whose connection was refused (nothing was sent)", async () => {
    pool().intercept({ path: "/v1/workspaces", method: "POST" }).replyWithError(netError("ECONNREFUSED"));
    pool().intercept({ path: "/v1/workspaces", method: "POST" }).reply(200, WS, JSON_HEADERS);
    await transport().request({ method: "POST", path: "/workspaces", body: {}, schema: WorkspaceSchema });
  });

  it("does not retry a POST whose connection broke after sending", async () => {
    pool().intercept({ path: "/v1/workspaces", method: "POST" }).replyWithError(netError("UND_ERR_SOCKET"));
    const err = await transport()
      .request({ method: "POST", path: "/workspaces", body: {} })
      .catch((e: unknown) => e);
    expect(AirbyteConnectionError.isInstance(err)).toBe(true);
    expect((err as AirbyteConnectionError).errorCode).toBe("UND_ERR_SOCKET");
    expect((err as AirbyteConnectionError).cause).toBeInstanceOf(Error);
  });

  it("retries a GET whose connection broke", async () => {
    pool().intercept({ path: "/v1/workspaces/w1", method: "GET" }).replyWithError(netError("ECONNRESET"));
    pool().intercept({ path: "/v1/workspaces/w1", method: "GET" }).reply(200, WS, JSON_HEADERS);
    await transport().request({ method: "GET", path: "/workspaces/w1", schema: WorkspaceSchema });
  });

  it("reports a POST timeout as AirbyteTimeoutError without retrying", async () => {
    pool()
      .intercept({ path: "/v1/connections", method: "POST" })
      .replyWithError(netError("UND_ERR_HEADERS_TIMEOUT"));
    const err = await transport({ timeoutMs: 1234 })
      .request({ method: "POST", path: "/connections", body: {} })
      .catch((e: unknown) => e);
    expect(AirbyteTimeoutError.isInstance(err)).toBe(true);
    expect((err as Error).message).toContain("1234 ms");
  });

  it("does not retry client errors", async () => {
    pool()
      .intercept({ path: "/v1/workspaces/w1", method: "GET" })
      .reply(404, { title: "resource-not-found" }, JSON_HEADERS);
    await expect(transport().request({ method: "GET", path: "/workspaces/w1" })).rejects.toThrow(
      /404 resource-not-found/,
    );
    expect(calls()).toHaveLength(1);
  });
});

describe("response validation", () => {
  it("names the path and the field that did not match", async () => {
    pool()
      .intercept({ path: "/v1/workspaces/w1", method: "GET" })
      .reply(200, { workspaceId: "w1", name: 7 }, JSON_HEADERS);
    const err = await transport()
      .request({ method: "GET", path: "/workspaces/w1", schema: WorkspaceSchema })
      .catch((e: unknown) => e);
    expect(AirbyteResponseValidationError.isInstance(err)).toBe(true);
    expect((err as Error).message).toMatch(
      /^GET \/v1\/workspaces\/w1 returned 200 with an unexpected body: name: .*dataResidency/,
    );
  });

  it("reports a non-JSON success (e.g. the web UI at the wrong URL)", async () => {
    pool().intercept({ path: "/v1/workspaces/w1", method: "GET" }).reply(200, "<!doctype html><html>");
    await expect(
      transport().request({ method: "GET", path: "/workspaces/w1", schema: z.object({}) }),
    ).rejects.toThrow(/not JSON.*doctype/);
  });

  it("reports an empty body where one was expected", async () => {
    pool().intercept({ path: "/v1/workspaces/w1", method: "GET" }).reply(200, "");
    await expect(
      transport().request({ method: "GET", path: "/workspaces/w1", schema: WorkspaceSchema }),
    ).rejects.toThrow(/empty/);
  });
});

describe("URL building", () => {
  it("encodes every path parameter", () => {
    expect(encodePath`/sources/${"a/b?c#d"}`).toBe("/sources/a%2Fb%3Fc%23d");
    expect(encodePath`/sources/${"a.b"}`).toBe("/sources/a.b");
    expect(encodePath`/jobs/${42}`).toBe("/jobs/42");
    expect(() => encodePath`/sources/${""}`).toThrow(/empty path parameter/);
    // "..", even percent-encoded, would be resolved by URL parsing and reach another endpoint.
    expect(() => encodePath`/sources/${".."}`).toThrow(/invalid path parameter/);
    expect(() => encodePath`/sources/${"."}`).toThrow(/invalid path parameter/);
  });

  it("repeats array parameters and leaves out undefined ones", () => {
    const url = buildUrl("http://h/api/public/v1/", "/sources", {
      workspaceIds: ["a", "b"],
      includeDeleted: false,
      limit: 20,
      tagIds: undefined,
      empty: [],
    });
    expect(url.toString()).toBe(
      "http://h/api/public/v1/sources?workspaceIds=a&workspaceIds=b&includeDeleted=false&limit=20",
    );
  });

  it("redacts user-info", () => {
    expect(redactUrl(new URL("https://user:pw@api.airbyte.com/v1/x"))).toBe("https://api.airbyte.com/v1/x");
  });
});

describe("real sockets", () => {
  const servers: Server[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
  });

  /** A TCP server that accepts a request and then hangs up (or never answers), counting connections. */
  async function rawServer(onData: (s: Socket) => void): Promise<{ url: string; connections: () => number }> {
    let count = 0;
    const server = createServer((socket) => {
      count++;
      socket.once("data", () => onData(socket));
      socket.on("error", () => {});
    });
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const { port } = server.address() as AddressInfo;
    return { url: `http://127.0.0.1:${port}/v1`, connections: () => count };
  }

  const real = (serverUrl: string, opts: Partial<TransportOptions> = {}) =>
    new Transport({
      serverUrl,
      credentials: { bearerToken: "t" },
      retryBaseDelayMs: 1,
      maxRetries: 2,
      ...opts,
    });

  it("a POST whose connection drops after sending is sent once; a GET is retried", async () => {
    const srv = await rawServer((s) => s.destroy());
    const post = await real(srv.url)
      .request({ method: "POST", path: "/workspaces", body: { name: "x" } })
      .catch((e: unknown) => e);
    expect(AirbyteConnectionError.isInstance(post)).toBe(true);
    expect(srv.connections()).toBe(1);
    const get = await real(srv.url)
      .request({ method: "GET", path: "/workspaces" })
      .catch((e: unknown) => e);
    expect(AirbyteConnectionError.isInstance(get)).toBe(true);
    expect(srv.connections()).toBe(1 + 3);
  });

  it("a refused connection is a connection error with its code", async () => {
    const srv = await rawServer(() => {});
    const url = srv.url;
    await new Promise((r) => servers.pop()?.close(r));
    const err = await real(url, { maxRetries: 1 })
      .request({ method: "POST", path: "/workspaces", body: {} })
      .catch((e: unknown) => e);
    expect(AirbyteConnectionError.isInstance(err)).toBe(true);
    expect((err as AirbyteConnectionError).errorCode).toBe("ECONNREFUSED");
  });

  it("a server that never answers times out", async () => {
    const srv = await rawServer(() => {});
    const err = await real(srv.url, { timeoutMs: 150, maxRetries: 0 })
      .request({ method: "GET", path: "/workspaces" })
      .catch((e: unknown) => e);
    expect(AirbyteTimeoutError.isInstance(err)).toBe(true);
  });
});

describe("what the client says, and what the application adds", () => {
  it("names no application setting in its own messages", async () => {
    pool().intercept({ path: "/v1/workspaces/w1", method: "GET" }).reply(401, {}, JSON_HEADERS);
    pool().intercept({ path: "/v1/workspaces/w2", method: "GET" }).reply(200, { name: 1 }, JSON_HEADERS);
    const t = transport();
    for (const path of ["/workspaces/w1", "/workspaces/w2"]) {
      const err = await t.request({ method: "GET", path, schema: WorkspaceSchema }).catch((e: unknown) => e);
      expect((err as Error).message).not.toMatch(/airbyte:|AIRBYTE_/);
      expect((err as AuthenticationError).hint).toBeUndefined();
    }
  });

  it("appends errorHint to the message and keeps the class, status and problem", async () => {
    pool()
      .intercept({ path: "/v1/workspaces/w1", method: "GET" })
      .reply(401, { title: "invalid-api-key" }, JSON_HEADERS);
    const err = await transport({
      errorHint: (e) => (e.code === "authentication_failed" ? "Set X." : undefined),
    })
      .request({ method: "GET", path: "/workspaces/w1" })
      .catch((e: unknown) => e);
    expect(AuthenticationError.isInstance(err)).toBe(true);
    const e = err as AuthenticationError;
    expect(e.status).toBe(401);
    expect(e.problem).toEqual({ title: "invalid-api-key" });
    expect(e.request).toEqual({ method: "GET", url: `${BASE}/workspaces/w1` });
    expect(e.hint).toBe("Set X.");
    expect(e.message).toMatch(/failed with 401 invalid-api-key\. Check the credentials.* Set X\.$/);
    expect(e.stack?.split("\n")[0]).toBe(`AuthenticationError: ${e.message}`);
  });

  it("adds the hint once to a token failure that several calls share", async () => {
    pool()
      .intercept({ path: "/v1/applications/token", method: "POST" })
      .reply(401, {}, JSON_HEADERS)
      .delay(20);
    const t = transport({ credentials: { clientId: "id", clientSecret: "s" }, errorHint: () => "Set X." });
    const errors = await Promise.all(
      [1, 2, 3].map(() => t.request({ method: "GET", path: "/workspaces" }).catch((e: unknown) => e)),
    );
    expect(calls("/v1/applications/token")).toHaveLength(1);
    for (const err of errors) expect((err as Error).message.match(/Set X\./g)).toHaveLength(1);
  });
});

describe("idempotence is said, not guessed from the method", () => {
  it("retries a POST marked idempotent on 503, and not one that is not", async () => {
    pool().intercept({ path: "/v1/applications/token", method: "POST" }).reply(503, {});
    pool()
      .intercept({ path: "/v1/applications/token", method: "POST" })
      .reply(200, { access_token: "t" }, JSON_HEADERS);
    pool().intercept({ path: "/v1/workspaces", method: "POST" }).reply(503, {});
    const t = transport();
    await t.request({
      method: "POST",
      path: "/applications/token",
      body: {},
      idempotent: true,
      anonymous: true,
    });
    await expect(t.request({ method: "POST", path: "/workspaces", body: {} })).rejects.toThrow(/503/);
    expect(calls().map((c) => c.path)).toEqual([
      "/v1/applications/token",
      "/v1/applications/token",
      "/v1/workspaces",
    ]);
  });

  it("does not retry a DELETE marked not idempotent", async () => {
    pool().intercept({ path: "/v1/jobs/1", method: "DELETE" }).reply(503, {});
    await expect(
      transport().request({ method: "DELETE", path: "/jobs/1", idempotent: false }),
    ).rejects.toThrow(/503/);
    expect(calls()).toHaveLength(1);
  });
});

describe("per-call options", () => {
  it("maxRetries overrides the client's, both ways", async () => {
    pool().intercept({ path: "/v1/workspaces/w1", method: "GET" }).reply(503, {}).times(4);
    const t = transport({ maxRetries: 3 });
    await expect(t.request({ method: "GET", path: "/workspaces/w1", maxRetries: 0 })).rejects.toThrow(/503/);
    expect(calls()).toHaveLength(1);
    pool().intercept({ path: "/v1/workspaces/w1", method: "GET" }).reply(503, {}).times(2);
    pool().intercept({ path: "/v1/workspaces/w1", method: "GET" }).reply(200, WS, JSON_HEADERS);
    const none = transport({ maxRetries: 0 });
    await none.request({ method: "GET", path: "/workspaces/w1", maxRetries: 5, schema: WorkspaceSchema });
  });

  it("an aborted signal sends nothing and says why", async () => {
    const controller = new AbortController();
    controller.abort(new Error("user pressed ^C"));
    const err = await transport()
      .request({ method: "GET", path: "/workspaces/w1", signal: controller.signal })
      .catch((e: unknown) => e);
    expect(AirbyteAbortError.isInstance(err)).toBe(true);
    expect((err as AirbyteAbortError).code).toBe("aborted");
    expect((err as AirbyteAbortError).cause).toEqual(new Error("user pressed ^C"));
    expect((err as Error).message).toBe(`GET ${BASE}/workspaces/w1 was aborted`);
    expect(calls()).toHaveLength(0);
  });

  it("aborting during the wait before a retry stops at once, without another attempt", async () => {
    pool()
      .intercept({ path: "/v1/workspaces/w1", method: "GET" })
      .reply(503, {}, { headers: { "retry-after": "30" } });
    const started = Date.now();
    const err = await transport()
      .request({ method: "GET", path: "/workspaces/w1", signal: AbortSignal.timeout(50) })
      .catch((e: unknown) => e);
    expect(AirbyteAbortError.isInstance(err)).toBe(true);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(calls()).toHaveLength(1);
  });

  it("aborting while a shared token is fetched leaves the fetch to the other callers", async () => {
    pool()
      .intercept({ path: "/v1/applications/token", method: "POST" })
      .reply(200, { access_token: "tok", expires_in: 900 }, JSON_HEADERS)
      .delay(200);
    pool().intercept({ path: "/v1/workspaces/w1", method: "GET" }).reply(200, WS, JSON_HEADERS);
    const t = transport({ credentials: { clientId: "id", clientSecret: "s" } });
    const controller = new AbortController();
    const aborted = t.request({ method: "GET", path: "/workspaces/w1", signal: controller.signal });
    const patient = t.request({ method: "GET", path: "/workspaces/w1", schema: WorkspaceSchema });
    setTimeout(() => controller.abort(), 20);
    await expect(aborted).rejects.toSatisfy((e: unknown) => AirbyteAbortError.isInstance(e));
    await expect(patient).resolves.toEqual(WS);
    expect(calls("/v1/applications/token")).toHaveLength(1);
    expect(calls("/v1/workspaces/w1")).toHaveLength(1);
  });

  it("tells the logger about each retry", async () => {
    pool().intercept({ path: "/v1/workspaces/w1", method: "GET" }).reply(502, {});
    pool().intercept({ path: "/v1/workspaces/w1", method: "GET" }).reply(200, WS, JSON_HEADERS);
    const lines: string[] = [];
    await transport({ logger: { debug: (m) => lines.push(m) } }).request({
      method: "GET",
      path: "/workspaces/w1",
      schema: WorkspaceSchema,
    });
    expect(lines).toEqual([
      expect.stringMatching(/^GET \/workspaces\/w1: status 502; retry 1 of 3 in \d+ ms$/),
    ]);
  });
});

describe("per-call options on real sockets", () => {
  const servers: Server[] = [];
  const sockets: Socket[] = [];
  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.destroy();
    await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
  });

  /** A server that reads requests and never answers. */
  async function silentServer(): Promise<string> {
    const server = createServer((socket) => {
      sockets.push(socket);
      socket.on("error", () => {});
    });
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  }

  const slowClient = (serverUrl: string) =>
    new Transport({ serverUrl, credentials: { bearerToken: "t" }, timeoutMs: 60_000, maxRetries: 0 });

  it("timeoutMs overrides the client's for one call", async () => {
    const url = await silentServer();
    const started = Date.now();
    const err = await slowClient(url)
      .request({ method: "GET", path: "/workspaces", timeoutMs: 100 })
      .catch((e: unknown) => e);
    expect(AirbyteTimeoutError.isInstance(err)).toBe(true);
    expect((err as Error).message).toContain("timed out after 100 ms");
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it("a signal aborts a call in flight", async () => {
    const url = await silentServer();
    const started = Date.now();
    const err = await slowClient(url)
      .request({ method: "POST", path: "/workspaces", body: {}, signal: AbortSignal.timeout(100) })
      .catch((e: unknown) => e);
    expect(AirbyteAbortError.isInstance(err)).toBe(true);
    expect((err as AirbyteAbortError).cause).toBeInstanceOf(DOMException);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});

/** A local HTTP server answering with `handler`, counting its requests. */
async function listen(handler: (req: IncomingMessage, res: ServerResponse) => void) {
  let requests = 0;
  const server = createHttpServer((req, res) => {
    requests++;
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get requests() {
      return requests;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe("credentials stay on the configured host, encrypted", () => {
  it("refuses plain http to another machine unless allowed, and accepts it on loopback", () => {
    const credentials = { bearerToken: "t" };
    expect(
      () => new Transport({ serverUrl: "http://airbyte.internal:8000/api/public/v1", credentials }),
    ).toThrow(/plain http to another machine.*Use https, or allow it explicitly \(allowInsecureHttp\)/);
    expect(
      () =>
        new Transport({
          serverUrl: "http://airbyte.internal:8000/api/public/v1",
          credentials,
          allowInsecureHttp: true,
        }),
    ).not.toThrow();
    for (const host of ["127.0.0.1", "localhost", "[::1]", "127.8.0.1"]) {
      expect(() => new Transport({ serverUrl: `http://${host}:8000/v1`, credentials })).not.toThrow();
    }
    expect(isLoopback("127.0.0.1.example.com")).toBe(false);
  });

  it("never follows a redirect, so the bearer token is never sent to another host", async () => {
    const elsewhere = await listen((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end("{}");
    });
    const seen: Array<string | undefined> = [];
    const redirecting = await listen((req, res) => {
      seen.push(req.headers.authorization);
      res.writeHead(302, { location: `${elsewhere.url}/workspaces` });
      res.end();
    });
    const transport = new Transport({
      serverUrl: `${redirecting.url}/v1`,
      credentials: { bearerToken: "redirect-secret" },
      maxRetries: 0,
    });
    await expect(transport.request({ method: "GET", path: "/workspaces" })).rejects.toThrow();
    expect(elsewhere.requests).toBe(0);
    expect(seen).toEqual(["Bearer redirect-secret"]);
    await redirecting.close();
    await elsewhere.close();
  });
});

describe("TLS", () => {
  it("keeps certificate verification on: a self-signed server is refused before any request is sent", async () => {
    const { createServer: createHttpsServer } = await import("node:https");
    const { readFileSync } = await import("node:fs");
    const fixtures = new URL("../fixtures/", import.meta.url);
    let requests = 0;
    const server = createHttpsServer(
      {
        key: readFileSync(new URL("self-signed.key", fixtures)),
        cert: readFileSync(new URL("self-signed.crt", fixtures)),
      },
      (_req, res) => {
        requests++;
        res.end("{}");
      },
    );
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    const transport = new Transport({
      serverUrl: `https://127.0.0.1:${port}/v1`,
      credentials: { bearerToken: "tls-secret" },
      maxRetries: 0,
    });
    await expect(transport.request({ method: "GET", path: "/workspaces" })).rejects.toThrow(
      /certificate|self.signed/i,
    );
    expect(requests).toBe(0);
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
});
