import { describe, expect, it } from "vitest";
import { isClientCredentials, refreshMarginMs, TokenCache } from "../../provider/api/auth.js";

function clock(start = 1_000_000) {
  let t = start;
  return {
    now: () => t,
    advance: (ms: number): void => {
      t += ms;
    },
  };
}

function issuer(expiresInSeconds = 900) {
  let n = 0;
  const fetch = async () => ({ accessToken: `t${++n}`, expiresInSeconds });
  return { fetch, count: () => n };
}

describe("refreshMarginMs", () => {
  it("is 60 s, or 10% of a short lifetime", () => {
    expect(refreshMarginMs(900)).toBe(60_000);
    expect(refreshMarginMs(180)).toBe(18_000);
    expect(refreshMarginMs(1)).toBe(100);
  });
});

describe("TokenCache", () => {
  it("reuses a token until the refresh margin before expiry", async () => {
    const c = clock();
    const cache = new TokenCache({ now: c.now });
    const iss = issuer(900);
    expect(await cache.get("k", iss.fetch)).toBe("t1");
    c.advance(839_999);
    expect(await cache.get("k", iss.fetch)).toBe("t1");
    c.advance(1);
    expect(await cache.get("k", iss.fetch)).toBe("t2");
    expect(iss.count()).toBe(2);
  });

  it("coalesces concurrent fetches into one", async () => {
    const cache = new TokenCache();
    let calls = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const fetch = async () => {
      calls++;
      await gate;
      return { accessToken: "shared", expiresInSeconds: 900 };
    };
    const all = Promise.all(Array.from({ length: 10 }, () => cache.get("k", fetch)));
    release();
    expect(await all).toEqual(Array(10).fill("shared"));
    expect(calls).toBe(1);
  });

  it("does not cache a failed fetch", async () => {
    const cache = new TokenCache();
    await expect(cache.get("k", async () => Promise.reject(new Error("down")))).rejects.toThrow("down");
    expect(await cache.get("k", issuer().fetch)).toBe("t1");
  });

  it("invalidates only the token that was rejected", async () => {
    const cache = new TokenCache();
    const iss = issuer();
    const stale = await cache.get("k", iss.fetch);
    cache.invalidate("k", stale);
    const fresh = await cache.get("k", iss.fetch);
    expect(fresh).toBe("t2");
    // A second request that failed with the same stale token must not discard the fresh one.
    cache.invalidate("k", stale);
    expect(await cache.get("k", iss.fetch)).toBe("t2");
    cache.invalidate("k");
    expect(await cache.get("k", iss.fetch)).toBe("t3");
  });

  it("keys by server, client and a hash of the secret", () => {
    const a = TokenCache.key("https://api.airbyte.com/v1/", "id", "secret");
    expect(a).toBe(TokenCache.key("https://api.airbyte.com/v1", "id", "secret"));
    expect(a).not.toBe(TokenCache.key("https://api.airbyte.com/v1", "id", "rotated"));
    expect(a).not.toBe(TokenCache.key("http://localhost:8000/api/public/v1", "id", "secret"));
    expect(a).not.toContain("secret");
  });

  it("keeps entries apart", async () => {
    const cache = new TokenCache();
    expect(await cache.get("a", issuer().fetch)).toBe("t1");
    expect(await cache.get("b", async () => ({ accessToken: "b1", expiresInSeconds: 900 }))).toBe("b1");
    expect(await cache.get("a", issuer().fetch)).toBe("t1");
  });
});

describe("isClientCredentials", () => {
  it("tells the two credential forms apart", () => {
    expect(isClientCredentials({ clientId: "a", clientSecret: "b" })).toBe(true);
    expect(isClientCredentials({ bearerToken: "t" })).toBe(false);
  });
});
