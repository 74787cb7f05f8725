/**
 * Jobs: start (sync/reset/clear), get, cancel, and the filtered, ordered, paginated list.
 */
import { z } from "zod";
import { isTerminal } from "../jobs.js";
import { catalogOf, getConnection, getJob } from "../lookups.js";
import { ApiProblem, badRequest, ErrorIdError, unprocessable } from "../problems.js";
import { jobResponse } from "../responses.js";
import {
  type App,
  ciEnum,
  ok,
  paginate,
  parseBody,
  queryList,
  queryOne,
  type Route,
  type RouteContext,
} from "../routing.js";
import type { ConnectionRecord, State } from "../store.js";

const JOB_TYPES = ["sync", "reset", "refresh", "clear"] as const;
const JOB_STATUSES = [
  "pending",
  "queued",
  "running",
  "incomplete",
  "failed",
  "succeeded",
  "cancelled",
] as const;
const createBody = z.object({ connectionId: z.string(), jobType: ciEnum(JOB_TYPES) });

/** Records and bytes a sync of the connection's selected streams moves (deterministic). */
function syncVolume(app: App, c: ConnectionRecord): { rows: number; bytes: number } {
  const { state } = app.store;
  const source = state.sources[c.sourceId];
  if (!source) return { rows: 0, bytes: 0 };
  const catalog = catalogOf(app, source);
  let rows = 0;
  let bytes = 0;
  for (const sel of c.streams) {
    const s = catalog.find((x) => x.name === sel.name && (x.namespace ?? undefined) === sel.namespace);
    if (!s) continue;
    rows += s.records;
    bytes += s.records * s.recordBytes;
  }
  return { rows, bytes };
}

function timeParam(ctx: RouteContext, name: string): number | undefined {
  const v = queryOne(ctx.query, name);
  if (v === undefined || v === "") return undefined;
  const t = /^\d+$/.test(v) ? Number(v) : Date.parse(v);
  if (Number.isNaN(t)) throw new ErrorIdError(400, `${name} is not a date-time`);
  return t;
}

function list(ctx: RouteContext) {
  const { app } = ctx;
  app.jobs.settleAll();
  const state: State = app.store.state;
  const connectionId = queryOne(ctx.query, "connectionId");
  const workspaceIds = queryList(ctx.query, "workspaceIds");
  const jobType = queryOne(ctx.query, "jobType")?.toLowerCase();
  const status = queryOne(ctx.query, "status")?.toLowerCase();
  if (jobType && !(JOB_TYPES as readonly string[]).includes(jobType))
    throw new ErrorIdError(400, "bad jobType");
  if (status && !(JOB_STATUSES as readonly string[]).includes(status))
    throw new ErrorIdError(400, "bad status");
  const createdStart = timeParam(ctx, "createdAtStart");
  const createdEnd = timeParam(ctx, "createdAtEnd");
  const updatedStart = timeParam(ctx, "updatedAtStart");
  const updatedEnd = timeParam(ctx, "updatedAtEnd");
  const orderBy = queryOne(ctx.query, "orderBy");
  let field: "createdAt" | "updatedAt" = "createdAt";
  let desc = false;
  if (orderBy) {
    const m = /^([a-zA-Z0-9]+)\|(ASC|DESC)$/.exec(orderBy);
    if (!m || (m[1] !== "createdAt" && m[1] !== "updatedAt")) {
      throw badRequest(`Invalid order by clause provided: ${orderBy}`);
    }
    field = m[1];
    desc = m[2] === "DESC";
  }
  const all = Object.values(state.jobs)
    .filter(
      (j) =>
        (!connectionId || j.connectionId === connectionId) &&
        (workspaceIds.length === 0 || workspaceIds.includes(j.workspaceId)) &&
        (!jobType || j.jobType === jobType) &&
        (!status || j.status === status) &&
        (createdStart === undefined || j.createdAt >= createdStart) &&
        (createdEnd === undefined || j.createdAt <= createdEnd) &&
        (updatedStart === undefined || j.updatedAt >= updatedStart) &&
        (updatedEnd === undefined || j.updatedAt <= updatedEnd),
    )
    .sort((a, b) => (a[field] - b[field] || a.jobId - b.jobId) * (desc ? -1 : 1));
  const filters: [string, string][] = [];
  if (jobType) filters.push(["jobType", jobType]);
  if (connectionId) filters.push(["connectionId", connectionId]);
  if (workspaceIds.length > 0) filters.push(["workspaceIds", workspaceIds.join(",")]);
  const page = paginate(ctx, "jobs", all, filters);
  return ok({ ...page, data: page.data.map(jobResponse) });
}

/** Job routes. */
export const jobRoutes: Route[] = [
  { method: "GET", pattern: "/jobs", auth: true, handler: list },
  {
    method: "POST",
    pattern: "/jobs",
    auth: true,
    handler: (ctx) => {
      const { app } = ctx;
      const { state } = app.store;
      const body = parseBody(createBody, ctx.body);
      if (body.jobType === "refresh") throw unprocessable("Refreshes are not supported in the public API");
      const conn = getConnection(state, body.connectionId);
      app.jobs.settleAll();
      const running = Object.values(state.jobs).some(
        (j) => j.connectionId === conn.connectionId && !isTerminal(j.status),
      );
      if (running) {
        throw new ApiProblem("tryAgainLater", {
          message: `A sync is already running for: ${conn.connectionId}`,
        });
      }
      if (body.jobType === "sync" && conn.status !== "active") {
        throw new ApiProblem("stateConflict", { message: "Could not fulfill request" });
      }
      const hooks = state.jobHooks[conn.connectionId] ?? {};
      delete state.jobHooks[conn.connectionId];
      const volume = body.jobType === "sync" ? syncVolume(app, conn) : { rows: 0, bytes: 0 };
      const job = app.jobs.start(
        { connectionId: conn.connectionId, workspaceId: conn.workspaceId, jobType: body.jobType, ...volume },
        hooks,
      );
      return ok(jobResponse(job));
    },
  },
  {
    method: "GET",
    pattern: "/jobs/:jobId",
    auth: true,
    handler: (ctx) => ok(jobResponse(getJob(ctx.app, ctx.params.jobId!))),
  },
  {
    method: "DELETE",
    pattern: "/jobs/:jobId",
    auth: true,
    handler: (ctx) => {
      const job = getJob(ctx.app, ctx.params.jobId!);
      if (!ctx.app.jobs.cancel(job))
        throw new ApiProblem("stateConflict", { message: "Job is not currently running" });
      return ok(jobResponse(job));
    },
  },
];
