/**
 * Connections: create with the server's defaults, PATCH (no PUT), soft delete to `deprecated`.
 */
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { requireWorkspaceRole } from "../authz.js";
import { validateCron } from "../cron.js";
import { paginate, workspaceFilter } from "../lists.js";
import { catalogOf, getConnection, liveActor, syncModesOf, workspaceOf } from "../lookups.js";
import { ApiProblem, badRequest, notFound } from "../problems.js";
import { ciEnum, parseBody, queryUuidList, uuid } from "../request-input.js";
import { connectionResponse } from "../responses.js";
import { ANY_EDITOR, type PermissionType } from "../roles.js";
import { type App, noContent, ok, type Route, type RouteContext } from "../route-contract.js";
import { snapshotOf } from "../schema-diff.js";
import { type ConnectionRecord, nowSeconds, type State } from "../store.js";
import { buildSelection, streamConfigurationSchema } from "../streams.js";

const schedule = z.object({
  scheduleType: ciEnum(["manual", "cron"]),
  cronExpression: z.string().optional(),
});
/** A `Tag` as requests carry it: only the id counts; the other fields are what the caller saw. */
const tagRef = z.object({
  tagId: uuid,
  workspaceId: uuid.optional(),
  name: z.string().optional(),
  color: z.string().optional(),
});
const namespaceDefinition = ciEnum(["source", "destination", "custom_format"]);
const nonBreaking = ciEnum(["ignore", "disable_connection", "propagate_columns", "propagate_fully"]);
const status = ciEnum(["active", "inactive", "deprecated", "locked"]);
const configurations = z.object({ streams: z.array(streamConfigurationSchema).optional() });

// No field is nullable in the spec: a null (`tags: null`) is a body the request model cannot map.
const common = {
  name: z.string().optional(),
  configurations: configurations.optional(),
  schedule: schedule.optional(),
  // Deprecated and ignored by the server; accepted so clients that still send it do not fail.
  dataResidency: z.string().optional(),
  namespaceDefinition: namespaceDefinition.optional(),
  namespaceFormat: z.string().optional(),
  prefix: z.string().optional(),
  nonBreakingSchemaUpdatesBehavior: nonBreaking.optional(),
  status: status.optional(),
  tags: z.array(tagRef).optional(),
};
const createBody = z.object({ sourceId: uuid, destinationId: uuid, ...common });
const patchBody = z.object(common);

function toSchedule(s: z.infer<typeof schedule> | undefined): ConnectionRecord["schedule"] {
  if (!s || s.scheduleType === "manual") return { scheduleType: "manual" };
  return { scheduleType: "cron", cronExpression: validateCron(s.cronExpression) };
}

function resolveTags(state: State, workspaceId: string, tags: z.infer<typeof tagRef>[]): string[] {
  return [
    ...new Set(
      tags.map((t) => {
        const tag = state.tags[t.tagId];
        if (!tag) throw notFound("tag", t.tagId);
        if (tag.workspaceId !== workspaceId) throw badRequest(`Tag ${t.tagId} belongs to another workspace.`);
        return tag.tagId;
      }),
    ),
  ];
}

function selection(app: App, c: Pick<ConnectionRecord, "sourceId" | "destinationId">, streams: unknown) {
  const { state } = app.store;
  const source = liveActor(state, "source", c.sourceId);
  const destination = liveActor(state, "destination", c.destinationId);
  return buildSelection(
    catalogOf(app, source),
    syncModesOf(app, destination),
    streams as Parameters<typeof buildSelection>[2],
  );
}

/** The path's connection, once the caller holds one of `anyOf` on its workspace. */
function connectionFor(ctx: RouteContext, anyOf: readonly PermissionType[]): ConnectionRecord {
  const { state } = ctx.app.store;
  const id = ctx.params.connectionId!;
  requireWorkspaceRole(ctx, workspaceOf(state, "connection", id), anyOf);
  return getConnection(state, id);
}

function list(ctx: RouteContext) {
  const { state } = ctx.app.store;
  const filter = workspaceFilter(ctx);
  const tagIds = queryUuidList(ctx.query, "tagIds");
  const all = Object.values(state.connections).filter(
    (c) =>
      filter.admits(c.workspaceId, c.status === "deprecated") &&
      (tagIds.length === 0 || tagIds.some((t) => c.tagIds.includes(t))),
  );
  const filters = [...filter.echo];
  if (tagIds.length > 0) filters.push(["tagIds", tagIds.join(",")]);
  const page = paginate(ctx, "connections", all, filters);
  return ok({ ...page, data: page.data.map((c) => connectionResponse(state, c)) });
}

/** Connection routes. */
export const connectionRoutes: Route[] = [
  { method: "GET", pattern: "/connections", auth: true, handler: list },
  {
    method: "POST",
    pattern: "/connections",
    auth: true,
    handler: (ctx) => {
      const { app } = ctx;
      const { state } = app.store;
      const body = parseBody(createBody, ctx.body);
      requireWorkspaceRole(
        ctx,
        [workspaceOf(state, "source", body.sourceId), workspaceOf(state, "destination", body.destinationId)],
        ANY_EDITOR,
      );
      const source = liveActor(state, "source", body.sourceId);
      const destination = liveActor(state, "destination", body.destinationId);
      if (source.workspaceId !== destination.workspaceId) {
        throw badRequest("The source and the destination must belong to the same workspace.");
      }
      const c: ConnectionRecord = {
        connectionId: ctx.requestedId ?? randomUUID(),
        name: body.name ?? `${source.name} <> ${destination.name}`,
        sourceId: source.id,
        destinationId: destination.id,
        workspaceId: destination.workspaceId,
        status: body.status ?? "active",
        schedule: toSchedule(body.schedule),
        namespaceDefinition: body.namespaceDefinition ?? "destination",
        prefix: body.prefix ?? "",
        nonBreakingSchemaUpdatesBehavior: body.nonBreakingSchemaUpdatesBehavior ?? "ignore",
        streams: selection(
          app,
          { sourceId: source.id, destinationId: destination.id },
          body.configurations?.streams,
        ),
        tagIds: resolveTags(state, destination.workspaceId, body.tags ?? []),
        createdAt: nowSeconds(),
        catalog: snapshotOf(catalogOf(app, source)),
      };
      if (body.namespaceFormat) c.namespaceFormat = body.namespaceFormat;
      state.connections[c.connectionId] = c;
      app.store.save();
      return ok(connectionResponse(state, c));
    },
  },
  {
    method: "GET",
    pattern: "/connections/:connectionId",
    auth: true,
    handler: (ctx) => {
      const { state } = ctx.app.store;
      return ok(connectionResponse(state, connectionFor(ctx, ["workspace_reader"])));
    },
  },
  {
    method: "PATCH",
    pattern: "/connections/:connectionId",
    auth: true,
    handler: (ctx) => {
      const { app } = ctx;
      const { state } = app.store;
      const c = connectionFor(ctx, ANY_EDITOR);
      if (c.status === "locked") {
        throw new ApiProblem("connectionLocked", { connectionId: c.connectionId, statusReason: null });
      }
      const body = parseBody(patchBody, ctx.body);
      // Validate everything before changing anything, so a rejected PATCH leaves no trace.
      const next: ConnectionRecord = { ...c };
      if (typeof body.name === "string") next.name = body.name;
      if (body.schedule) next.schedule = toSchedule(body.schedule);
      if (body.namespaceDefinition) next.namespaceDefinition = body.namespaceDefinition;
      if (typeof body.namespaceFormat === "string") next.namespaceFormat = body.namespaceFormat;
      if (typeof body.prefix === "string") next.prefix = body.prefix;
      if (body.nonBreakingSchemaUpdatesBehavior)
        next.nonBreakingSchemaUpdatesBehavior = body.nonBreakingSchemaUpdatesBehavior;
      if (body.status) next.status = body.status;
      if (body.configurations?.streams && body.configurations.streams.length > 0) {
        next.streams = selection(app, c, body.configurations.streams);
        // A new selection is made against today's catalog: pending schema changes are taken in.
        next.catalog = snapshotOf(catalogOf(app, liveActor(state, "source", c.sourceId)));
      }
      if (body.tags) next.tagIds = resolveTags(state, c.workspaceId, body.tags);
      state.connections[c.connectionId] = next;
      app.store.save();
      return ok(connectionResponse(state, next));
    },
  },
  {
    method: "DELETE",
    pattern: "/connections/:connectionId",
    auth: true,
    handler: (ctx) => {
      const { store } = ctx.app;
      const c = connectionFor(ctx, ANY_EDITOR);
      c.status = "deprecated";
      store.save();
      return noContent();
    },
  },
];
