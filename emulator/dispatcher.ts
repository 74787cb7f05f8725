/**
 * The emulator's HTTP layer: the node:http request listener that strips the API prefix (`/v1` or
 * `/api/public/v1`), decodes bodies, checks bearer tokens, answers injected faults, records
 * requests, hands each request to its route (`routing.ts`) and maps thrown errors to problem or
 * `{errorId}` bodies.
 */
import { randomUUID } from "node:crypto";
import { type IncomingMessage, type ServerResponse, STATUS_CODES } from "node:http";
import { ApiProblem, ErrorIdError } from "./problems.js";
import {
  type App,
  type Query,
  type Route,
  type RouteContext,
  type RouteResult,
  RouteTable,
} from "./routing.js";

/** A request as recorded for tests. */
export interface RecordedRequest {
  method: string;
  /** Path without the `/v1` or `/api/public/v1` prefix, e.g. `/workspaces/abc`. */
  path: string;
  query: Record<string, string | string[]>;
  body: unknown;
  status: number;
  /** ISO-8601 time the request arrived. */
  time: string;
}

/** A canned response for the next matching request(s). */
export interface Fault {
  method?: string;
  /** Exact path (without prefix) or a pattern tested against it. */
  path: string | RegExp;
  status: number;
  /** How many requests it answers; default 1. */
  times?: number;
  headers?: Record<string, string>;
  body?: unknown;
}

const PREFIXES = ["/api/public/v1", "/v1"] as const;

function parseQuery(params: URLSearchParams): Query {
  const q: Query = {};
  for (const [k, v] of params) {
    const prev = q[k];
    q[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return q;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function decodeBody(raw: string, contentType: string | undefined): unknown {
  if (raw.trim() === "") return undefined;
  if (contentType?.toLowerCase().startsWith("application/x-www-form-urlencoded")) {
    return Object.fromEntries(new URLSearchParams(raw));
  }
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    throw new ErrorIdError(422, "malformed JSON");
  }
}

function send(res: ServerResponse, result: RouteResult): void {
  const headers: Record<string, string> = { ...result.headers };
  if (result.status === 204 || result.body === undefined) {
    res.writeHead(result.status, headers);
    res.end();
    return;
  }
  const text = typeof result.body === "string" ? result.body : JSON.stringify(result.body);
  if (!Object.keys(headers).some((h) => h.toLowerCase() === "content-type")) {
    headers["Content-Type"] = typeof result.body === "string" ? "text/plain" : "application/json";
  }
  res.writeHead(result.status, headers);
  res.end(text);
}

/** Routing and cross-cutting concerns; owns the recorded requests and injected faults. */
export class Dispatcher {
  /** Every API request in arrival order. */
  readonly requests: RecordedRequest[] = [];
  private faults: (Fault & { remaining: number })[] = [];
  private readonly routes: RouteTable;

  constructor(
    private readonly app: App,
    routes: readonly Route[],
    private readonly verify: (token: string) => boolean,
    private readonly origin: () => string,
  ) {
    this.routes = new RouteTable(routes);
  }

  /** Queues a fault. */
  inject(f: Fault): void {
    this.faults.push({ ...f, remaining: f.times ?? 1 });
  }

  /** Drops all queued faults. */
  clearFaults(): void {
    this.faults = [];
  }

  private takeFault(method: string, path: string): Fault | undefined {
    const i = this.faults.findIndex(
      (f) =>
        (!f.method || f.method.toUpperCase() === method) &&
        (typeof f.path === "string" ? f.path === path : f.path.test(path)),
    );
    if (i < 0) return undefined;
    const f = this.faults[i]!;
    f.remaining -= 1;
    if (f.remaining <= 0) this.faults.splice(i, 1);
    return f;
  }

  /** The node:http request listener. */
  readonly listener = (req: IncomingMessage, res: ServerResponse): void => {
    this.handle(req, res).catch((e: unknown) => {
      this.app.log(`internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      if (!res.headersSent) send(res, { status: 500, body: { errorId: randomUUID() } });
      else res.end();
    });
  };

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const time = new Date().toISOString();
    const method = (req.method ?? "GET").toUpperCase();
    const url = new URL(req.url ?? "/", "http://emulator.invalid");
    const query = parseQuery(url.searchParams);
    const rawPath = url.pathname;

    // Test-control routes live outside the API prefixes, need no auth and are not recorded.
    if (rawPath.startsWith("/_emulator/")) {
      const raw = await readBody(req);
      let body: unknown;
      try {
        body = decodeBody(raw, req.headers["content-type"]);
      } catch (e) {
        send(res, this.errorResult(e));
        return;
      }
      send(res, await this.route(req, method, rawPath, query, body, this.origin()));
      return;
    }

    const prefix = PREFIXES.find((p) => rawPath === p || rawPath.startsWith(`${p}/`));
    if (!prefix) {
      if (rawPath === "/health") return send(res, { status: 200, body: "Successful operation" });
      return send(res, { status: 404, body: { errorId: randomUUID() } });
    }
    const path = rawPath.slice(prefix.length) || "/";
    const raw = await readBody(req);
    const record = (status: number, body: unknown): void => {
      this.requests.push({ method, path, query, body, status, time });
    };
    let body: unknown;
    try {
      body = decodeBody(raw, req.headers["content-type"]);
    } catch (e) {
      const r = this.errorResult(e);
      record(r.status, raw);
      return send(res, r);
    }

    const fault = this.takeFault(method, path);
    if (fault) {
      this.app.log(`fault ${fault.status} for ${method} ${path}`);
      record(fault.status, body);
      return send(res, {
        status: fault.status,
        headers: fault.headers,
        body:
          fault.body !== undefined
            ? fault.body
            : fault.status >= 400
              ? defaultFaultBody(fault.status)
              : undefined,
      });
    }

    const result = await this.route(req, method, path, query, body, `${this.origin()}${prefix}`);
    record(result.status, body);
    this.app.log(`${method} ${rawPath}${url.search} -> ${result.status}`);
    send(res, result);
  }

  private async route(
    req: IncomingMessage,
    method: string,
    path: string,
    query: Query,
    body: unknown,
    baseUrl: string,
  ): Promise<RouteResult> {
    const found = this.routes.match(method, path);
    if (!found.route) return { status: found.status, body: { errorId: randomUUID() } };
    if (found.route.auth && !this.authorized(req)) {
      return { status: 401, body: new ApiProblem("invalidApiKey").body };
    }
    const params: Record<string, string> = {};
    for (const [n, v] of Object.entries(found.encodedParams)) params[n] = decodeURIComponent(v);
    const ctx: RouteContext = { params, query, body, baseUrl, app: this.app };
    try {
      return await found.route.handler(ctx);
    } catch (e) {
      return this.errorResult(e);
    }
  }

  private authorized(req: IncomingMessage): boolean {
    const h = req.headers.authorization;
    const m = h ? /^Bearer\s+(\S+)$/i.exec(h) : null;
    return m?.[1] !== undefined && this.verify(m[1]);
  }

  private errorResult(e: unknown): RouteResult {
    if (e instanceof ApiProblem) return { status: e.status, body: e.body };
    if (e instanceof ErrorIdError) {
      this.app.log(`error ${e.status} (${e.errorId}): ${e.message}`);
      return { status: e.status, body: { errorId: e.errorId } };
    }
    const id = randomUUID();
    this.app.log(`unexpected error ${id}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    return { status: 500, body: { errorId: id } };
  }
}

function defaultFaultBody(status: number): unknown {
  return {
    status,
    type: "about:blank",
    title: STATUS_CODES[status] ?? "error",
    detail: "Injected by the emulator.",
    documentationUrl: null,
    data: null,
  };
}
