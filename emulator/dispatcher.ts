/**
 * The emulator's HTTP layer: the node:http request listener that strips the API prefix (`/v1` or
 * `/api/public/v1`), decodes bodies, checks bearer tokens, applies injected faults (`faults.ts`),
 * records requests, hands each request to its route (`route-table.ts`) and maps thrown errors to
 * problem or `{errorId}` bodies.
 */
import { randomUUID } from "node:crypto";
import { type IncomingMessage, type ServerResponse, STATUS_CODES } from "node:http";
import { FaultSet } from "./faults.js";
import { ApiProblem, ErrorIdError } from "./problems.js";
import type { App, Query, Route, RouteContext, RouteResult } from "./route-contract.js";
import { RouteTable } from "./route-table.js";

/** A request as recorded for tests. */
export interface RecordedRequest {
  method: string;
  /** Path without the `/v1` or `/api/public/v1` prefix, e.g. `/workspaces/abc`. */
  path: string;
  query: Record<string, string | string[]>;
  body: unknown;
  /**
   * The status the emulator produced: the injected one, or the handler's (also when a `drop`
   * fault then withheld it); 0 when a `reset` fault cut the connection before the handler ran.
   */
  status: number;
  /** ISO-8601 time the request arrived. */
  time: string;
  /**
   * The injected faults that fired on this request, as the spec grammar's actions (`503`,
   * `drop`, `reset`, `delay=200ms`, `rate=10/1000ms`, `token-ttl=2s`), space-separated.
   */
  fault?: string;
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
  private readonly routes: RouteTable;

  /**
   * @param faults - The injected faults, consulted for every API request (not the `/_emulator`
   *   routes); owned by the dispatcher from then on.
   */
  constructor(
    private readonly app: App,
    routes: readonly Route[],
    /** The user a token acts as, or undefined when it is not valid (forged, expired, user gone). */
    private readonly verify: (token: string) => string | undefined,
    private readonly origin: () => string,
    readonly faults: FaultSet = new FaultSet(),
  ) {
    this.routes = new RouteTable(routes);
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
    // A body that does not decode is answered only after the auth check, as the server
    // authenticates before it binds the body: an anonymous malformed request is a 401.
    let body: unknown = raw;
    let bodyError: unknown;
    try {
      body = decodeBody(raw, req.headers["content-type"]);
    } catch (e) {
      bodyError = e;
    }

    const plan = this.faults.plan(method, path);
    const fault = plan.fired.length > 0 ? plan.fired.join(" ") : undefined;
    for (const spec of plan.specs) this.app.log(`fault ${spec} fired on ${method} ${path}`);
    const record = (status: number): void => {
      this.requests.push({ method, path, query, body, status, time, ...(fault ? { fault } : {}) });
    };
    const outcome = plan.outcome;
    if (outcome?.kind === "reset") {
      record(0);
      await delay(plan.delayMs);
      // A TCP RST before the handler ran: the client sees ECONNRESET and nothing was written.
      req.socket.resetAndDestroy();
      return;
    }
    let result: RouteResult;
    if (outcome?.kind === "status") {
      result = {
        status: outcome.status,
        headers: outcome.headers,
        body:
          outcome.body !== undefined
            ? outcome.body
            : outcome.status >= 400
              ? defaultFaultBody(outcome.status)
              : undefined,
      };
    } else {
      result = await this.route(req, method, path, query, body, `${this.origin()}${prefix}`, {
        bodyError,
        tokenTtlSeconds: plan.tokenTtlSeconds,
      });
    }
    // Recorded before the delay and before the socket goes, so a test that sees the client's answer
    // (or its socket error) also sees the request in the log.
    record(result.status);
    this.app.log(`${method} ${rawPath}${url.search} -> ${result.status}${fault ? ` (fault: ${fault})` : ""}`);
    await delay(plan.delayMs);
    if (outcome?.kind === "drop") {
      // The handler ran and its write stays; only the answer is lost, as when a proxy or the network
      // drops it after Airbyte wrote.
      req.socket.destroy();
      return;
    }
    send(res, result);
  }

  private async route(
    req: IncomingMessage,
    method: string,
    path: string,
    query: Query,
    body: unknown,
    baseUrl: string,
    opts: { bodyError?: unknown; tokenTtlSeconds?: number } = {},
  ): Promise<RouteResult> {
    const found = this.routes.match(method, path);
    if (!found.route) return { status: found.status, body: { errorId: randomUUID() } };
    let callerId: string | undefined;
    if (found.route.auth) {
      callerId = this.caller(req);
      if (callerId === undefined) return { status: 401, body: new ApiProblem("invalidApiKey").body };
    }
    // Only the operations that take a body bind it: a GET or DELETE ignores whatever it carries.
    if (method === "GET" || method === "DELETE") body = undefined;
    else if (opts.bodyError !== undefined) return this.errorResult(opts.bodyError);
    const params: Record<string, string> = {};
    try {
      for (const [n, v] of Object.entries(found.encodedParams)) params[n] = decodeURIComponent(v);
    } catch {
      // A malformed percent-escape cannot name anything: no record has such an id.
      return { status: 404, body: { errorId: randomUUID() } };
    }
    const ctx: RouteContext = {
      params,
      query,
      body,
      baseUrl,
      app: this.app,
      callerId,
      tokenTtlSeconds: opts.tokenTtlSeconds,
    };
    try {
      return await found.route.handler(ctx);
    } catch (e) {
      return this.errorResult(e);
    }
  }

  /** The user a valid bearer token acts as, or undefined. */
  private caller(req: IncomingMessage): string | undefined {
    const h = req.headers.authorization;
    const m = h ? /^Bearer\s+(\S+)$/i.exec(h) : null;
    return m?.[1] === undefined ? undefined : this.verify(m[1]);
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

function delay(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
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
