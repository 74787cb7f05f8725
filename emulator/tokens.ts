/**
 * Access tokens: JWT-shaped (HS256) like the real server's, signed with a key kept in the state so
 * tokens survive an emulator restart exactly as long as their `exp` allows.
 */
import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";

function b64url(s: string | Buffer): string {
  return Buffer.from(s).toString("base64url");
}

/** Issues a token for `subject` that expires `ttlSeconds` from now. */
export function signToken(key: string, subject: string, ttlSeconds: number): string {
  const now = Math.floor(Date.now() / 1000);
  const header = b64url(JSON.stringify({ alg: "HS256", typ: "JWT" }));
  const payload = b64url(
    JSON.stringify({
      iss: "airbyte-emulator",
      aud: "airbyte-server",
      sub: subject,
      iat: now,
      // Millisecond expiry as a private claim: `exp` is whole seconds, too coarse for short TTLs in tests.
      exp: now + ttlSeconds,
      expMs: Date.now() + ttlSeconds * 1000,
      jti: randomUUID(),
    }),
  );
  const sig = createHmac("sha256", key).update(`${header}.${payload}`).digest("base64url");
  return `${header}.${payload}.${sig}`;
}

/** The token's subject when the token was signed with `key` and has not expired, else undefined. */
export function verifyToken(key: string, token: string): string | undefined {
  const parts = token.split(".");
  if (parts.length !== 3) return undefined;
  const [header, payload, sig] = parts as [string, string, string];
  const expected = createHmac("sha256", key).update(`${header}.${payload}`).digest();
  const given = Buffer.from(sig, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as {
      expMs?: unknown;
      sub?: unknown;
    };
    return typeof claims.expMs === "number" && claims.expMs > Date.now() && typeof claims.sub === "string"
      ? claims.sub
      : undefined;
  } catch {
    return undefined;
  }
}
