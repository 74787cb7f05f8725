/**
 * Jobs: start (sync/reset/clear), get, cancel, and the filtered, ordered, paginated list.
 */
import { z } from "zod";
import { requireWorkspaceRole } from "../authz.js";
import { isTerminal } from "../jobs.js";
import { paginate, workspaceIdsFilter } from "../lists.js";
import { catalogOf, getConnection, getJob, workspaceOf } from "../lookups.js";
import { ApiProblem, badRequest, unprocessable } from "../problems.js";
import {
  badParameter,
  ciEnum,
  parseBody,
  queryOne,
  queryUuid,
  queryUuidList,
  uuid,
} from "../request-input.js";
import { jobResponse } from "../responses.js";
import { ANY_EDITOR, type PermissionType } from "../roles.js";
import { type App, ok, type Route, type RouteContext } from "../route-contract.js";
import type { ConnectionRecord, JobRecord, State } from "../store.js";

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
const createBody = z.object({ connectionId: uuid, jobType: ciEnum(JOB_TYPES) });

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

/** A date-time filter: absent is none; anything but an ISO-8601 date-time (empty included) is a 400. */
function timeParam(ctx: RouteContext, name: string): number | undefined {
  const v = queryOne(ctx.query, name);
  if (v === undefined) return undefined;
  const t = /^\d{4}-\d{2}-\d{2}T/.test(v) ? Date.parse(v) : Number.NaN;
  if (Number.isNaN(t)) throw badParameter(name, v, "an ISO-8601 date-time such as 2024-01-31T00:00:00Z");
  return t;
}

function list(ctx: RouteContext) {
  const { app } = ctx;
  app.jobs.settleAll();
  const state: State = app.store.state;
  const connectionId = queryUuid(ctx.query, "connectionId");
  const jobType = queryOne(ctx.query, "jobType")?.toLowerCase();
  const status = queryOne(ctx.query, "status")?.toLowerCase();
  if (jobType !== undefined && !(JOB_TYPES as readonly string[]).includes(jobType))
    throw badParameter("jobType", jobType, `one of ${JOB_TYPES.join(", ")}`);
  if (status !== undefined && !(JOB_STATUSES as readonly string[]).includes(status))
    throw badParameter("status", status, `one of ${JOB_STATUSES.join(", ")}`);
  const createdStart = timeParam(ctx, "createdAtStart");
  const createdEnd = timeParam(ctx, "createdAtEnd");
  const updatedStart = timeParam(ctx, "updatedAtStart");
  const updatedEnd = timeParam(ctx, "updatedAtEnd");
  const orderBy = queryOne(ctx.query, "orderBy");
  // A connection needs the reader role on its workspace; otherwise the workspaces filter decides.
  let workspaces: { ids: string[]; admits(workspaceId: string): boolean };
  if (connectionId) {
    requireWorkspaceRole(ctx, workspaceOf(state, "connection", connectionId), ["workspace_reader"]);
    const ids = queryUuidList(ctx.query, "workspaceIds");
    workspaces = { ids, admits: (w) => ids.length === 0 || ids.includes(w) };
  } else {
    workspaces = workspaceIdsFilter(ctx);
  }
  const workspaceIds = workspaces.ids;
  let field: "createdAt" | "updatedAt" = "createdAt";
  let desc = false;
  // Present but empty is as wrong as a bad clause: the spec's pattern (`\w+|(ASC|DESC)`) needs a word.
  if (orderBy !== undefined) {
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
        workspaces.admits(j.workspaceId) &&
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

/** The path's job, once the caller holds one of `anyOf` on its workspace. */
function jobFor(ctx: RouteContext, anyOf: readonly PermissionType[]): JobRecord {
  const id = ctx.params.jobId!;
  requireWorkspaceRole(ctx, workspaceOf(ctx.app.store.state, "job", id), anyOf);
  return getJob(ctx.app, id);
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
      // Clearing data needs an editor; starting a sync (or reset) a runner.
      requireWorkspaceRole(
        ctx,
        workspaceOf(state, "connection", body.connectionId),
        body.jobType === "clear" ? ANY_EDITOR : ["workspace_runner"],
      );
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
    handler: (ctx) => ok(jobResponse(jobFor(ctx, ["workspace_reader"]))),
  },
  {
    method: "DELETE",
    pattern: "/jobs/:jobId",
    auth: true,
    handler: (ctx) => {
      const job = jobFor(ctx, ["workspace_runner"]);
      if (!ctx.app.jobs.cancel(job))
        throw new ApiProblem("stateConflict", { message: "Job is not currently running" });
      return ok(jobResponse(job));
    },
  },
];
