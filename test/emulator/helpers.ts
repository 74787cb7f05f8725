/**
 * Test helpers: a minimal fetch-based client for the emulator (deliberately independent of provider/).
 */
import type { Emulator } from "../../emulator/index.js";

/** A response with its parsed JSON body (or text when it is not JSON). */
export interface Reply<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

/** A JSON body loosely typed for assertions. */
// biome-ignore lint/suspicious/noExplicitAny: assertions navigate arbitrary JSON; the emulator's own types are what is under test.
export type Json = any;

/** Sends one request to `base + path` and decodes the reply. */
export async function call(
  base: string,
  method: string,
  path: string,
  opts: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
): Promise<Reply<Json>> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.Authorization = `Bearer ${opts.token}`;
  let body: string | undefined;
  if (opts.rawBody !== undefined) body = opts.rawBody;
  else if (opts.body !== undefined) body = JSON.stringify(opts.body);
  if (body !== undefined && !headers["Content-Type"]) headers["Content-Type"] = "application/json";
  // A redirect (only `GET /` answers one) is an answer to check, not one to follow off the machine.
  const res = await fetch(`${base}${path}`, { method, headers, body, redirect: "manual" });
  const text = await res.text();
  let parsed: unknown = text;
  if (text.length > 0 && (res.headers.get("content-type") ?? "").includes("json")) parsed = JSON.parse(text);
  return { status: res.status, headers: res.headers, body: parsed };
}

/** A client bound to an emulator and a token obtained through the token endpoint. */
export interface Client {
  token: string;
  get(path: string): Promise<Reply<Json>>;
  post(path: string, body?: unknown): Promise<Reply<Json>>;
  patch(path: string, body?: unknown): Promise<Reply<Json>>;
  put(path: string, body?: unknown): Promise<Reply<Json>>;
  del(path: string): Promise<Reply<Json>>;
}

/** Logs in with the emulator's client credentials and returns a client on `base` (default: Cloud-style url). */
export async function login(emu: Emulator, base = emu.url): Promise<Client> {
  const r = await call(base, "POST", "/applications/token", {
    body: { client_id: emu.clientId, client_secret: emu.clientSecret, "grant-type": "client_credentials" },
  });
  if (r.status !== 200) throw new Error(`login failed: ${r.status}`);
  const token = (r.body as { access_token: string }).access_token;
  return {
    token,
    get: (p) => call(base, "GET", p, { token }),
    post: (p, b) => call(base, "POST", p, { token, body: b }),
    patch: (p, b) => call(base, "PATCH", p, { token, body: b }),
    put: (p, b) => call(base, "PUT", p, { token, body: b }),
    del: (p) => call(base, "DELETE", p, { token }),
  };
}

/** Expects a problem body of the given title and status (documentationUrl null, as the server sends). */
export function problemOf(r: Reply<Json>): { status: number; title: string; type: string; data: Json } {
  return { status: r.body.status, title: r.body.title, type: r.body.type, data: r.body.data };
}

/** Resolves after `ms`. */
export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
