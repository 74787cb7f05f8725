/**
 * Sources and destinations ("actors"): the two resources share every rule, parameterised by kind.
 * Connector resolution (definitionId or `configuration.sourceType`), schema validation, secret
 * masking, PATCH deep merge, PUT replacement with masked secrets kept, soft delete with cascade.
 */
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { requireWorkspaceRole } from "../authz.js";
import { ACTOR_KINDS, type ActorKindNames } from "../connectors/kinds.js";
import { type ConnectorDefinition, deepMerge, findValue } from "../connectors.js";
import { paginate, workspaceFilter } from "../lists.js";
import { definitionOf, findDefinition, getActor, liveActor, liveWorkspace, workspaceOf } from "../lookups.js";
import { ApiProblem, notFound, unprocessable } from "../problems.js";
import { ciEnum, parseBody, queryBool, uuid } from "../request-input.js";
import { actorResponse } from "../responses.js";
import { DESTINATION_EDITORS, type PermissionType, SOURCE_EDITORS } from "../roles.js";
import { type App, noContent, ok, type Route, type RouteContext } from "../route-contract.js";
import { type ActorRecord, nowSeconds } from "../store.js";

const configuration = z.record(z.string(), z.unknown());

/** Internal job types, the `jobType` of a job-specific resource limit. */
const RESOURCE_JOB_TYPES = [
  "get_spec",
  "check_connection",
  "discover_schema",
  "sync",
  "reset_connection",
  "connection_updater",
  "replicate",
] as const;

/** `ResourceRequirements`: quantities as Kubernetes spells them; other keys are ignored. */
const resourceRequirements = z.object({
  cpu_request: z.string().optional(),
  cpu_limit: z.string().optional(),
  memory_request: z.string().optional(),
  memory_limit: z.string().optional(),
  ephemeral_storage_request: z.string().optional(),
  ephemeral_storage_limit: z.string().optional(),
});

/** `ScopedResourceRequirements`, which (with its job-specific limits) admits no other keys. */
const resourceAllocation = z.strictObject({
  default: resourceRequirements.optional(),
  jobSpecific: z
    .array(z.strictObject({ jobType: ciEnum(RESOURCE_JOB_TYPES), resourceRequirements }))
    .optional(),
});

const createBody = z.object({
  name: z.string(),
  workspaceId: uuid,
  configuration,
  definitionId: uuid.optional(),
  secretId: z.string().optional(),
  resourceAllocation: resourceAllocation.optional(),
});

const patchBody = z.object({
  name: z.string().optional(),
  // Accepted and ignored, as the server ignores it: a source never changes workspace.
  workspaceId: uuid.optional(),
  configuration: configuration.optional(),
  secretId: z.string().optional(),
  resourceAllocation: resourceAllocation.optional(),
});

const putBody = z.object({
  name: z.string(),
  configuration,
  resourceAllocation: resourceAllocation.optional(),
});

/** The configuration without the top-level type key, which the server never stores. */
function withoutTypeKey(k: ActorKindNames, config: Record<string, unknown>): Record<string, unknown> {
  const { [k.typeKey]: _dropped, ...rest } = config;
  return rest;
}

function resolveDefinition(
  app: App,
  k: ActorKindNames,
  definitionId: string | undefined,
  config: Record<string, unknown>,
  workspaceId: string,
): ConnectorDefinition {
  if (definitionId) {
    const def = findDefinition(app, k.kind, definitionId, workspaceId);
    if (!def) throw notFound(`${k.kind}_definition`, definitionId);
    return def;
  }
  const name = findValue(config, k.typeKey);
  if (typeof name !== "string") {
    throw unprocessable(`${k.typeKey} must be set in the configuration when no definitionId is given.`);
  }
  const def = app.connectors.byName(k.kind, name);
  if (!def) throw new ApiProblem("valueNotFound", { value: name });
  return def;
}

function routesFor(k: ActorKindNames): Route[] {
  const base = `/${k.plural}`;
  const item = `${base}/:id`;
  const editors = k.kind === "source" ? SOURCE_EDITORS : DESTINATION_EDITORS;

  /** The path's actor (deleted ones only when `withDeleted`), once the caller holds one of `anyOf`. */
  const actorFor = (
    ctx: RouteContext,
    anyOf: readonly PermissionType[],
    withDeleted: boolean,
  ): ActorRecord => {
    const { state } = ctx.app.store;
    const id = ctx.params.id!;
    requireWorkspaceRole(ctx, workspaceOf(state, k.kind, id), anyOf);
    return withDeleted ? getActor(state, k.kind, id) : liveActor(state, k.kind, id);
  };

  const list = (ctx: RouteContext) => {
    const { app } = ctx;
    const filter = workspaceFilter(ctx);
    const all = Object.values(app.store.state[k.plural]).filter((a) =>
      filter.admits(a.workspaceId, a.tombstone),
    );
    const page = paginate(ctx, k.plural, all, filter.echo);
    return ok({ ...page, data: page.data.map((a) => actorResponse(app, a)) });
  };

  const create = (ctx: RouteContext) => {
    const { app } = ctx;
    const body = parseBody(createBody, ctx.body);
    requireWorkspaceRole(ctx, app.store.state.workspaces[body.workspaceId]?.workspaceId, editors);
    const def = resolveDefinition(app, k, body.definitionId, body.configuration, body.workspaceId);
    const ws = liveWorkspace(app.store.state, body.workspaceId);
    const config = withoutTypeKey(k, body.configuration);
    app.connectors.validate(def, config);
    const a: ActorRecord = {
      id: ctx.requestedId ?? randomUUID(),
      kind: k.kind,
      name: body.name,
      workspaceId: ws.workspaceId,
      definitionId: def.id,
      configuration: config,
      createdAt: nowSeconds(),
      tombstone: false,
    };
    if (body.resourceAllocation) a.resourceAllocation = body.resourceAllocation;
    if (k.kind === "source" && body.secretId) a.secretId = body.secretId;
    app.store.state[k.plural][a.id] = a;
    app.store.save();
    return ok(actorResponse(app, a));
  };

  const get = (ctx: RouteContext) => {
    // Validated though it changes nothing: the emulator's secrets stay masked (as on Cloud).
    queryBool(ctx.query, "includeSecretCoordinates", false);
    return ok(actorResponse(ctx.app, actorFor(ctx, ["workspace_reader"], true)));
  };

  const patch = (ctx: RouteContext) => {
    const { app } = ctx;
    const a = actorFor(ctx, editors, false);
    const body = parseBody(patchBody, ctx.body);
    const def = definitionOf(app, a);
    let config = a.configuration;
    if (body.configuration) {
      const merged = deepMerge(a.configuration, withoutTypeKey(k, body.configuration)) as Record<
        string,
        unknown
      >;
      config = app.connectors.restoreSecrets(def, merged, a.configuration);
      app.connectors.validate(def, config);
    }
    a.configuration = config;
    if (typeof body.name === "string") a.name = body.name;
    if (body.resourceAllocation) a.resourceAllocation = body.resourceAllocation;
    if (k.kind === "source" && body.secretId) a.secretId = body.secretId;
    app.store.save();
    return ok(actorResponse(app, a));
  };

  const put = (ctx: RouteContext) => {
    const { app } = ctx;
    const a = actorFor(ctx, editors, false);
    const body = parseBody(putBody, ctx.body);
    const def = definitionOf(app, a);
    const config = app.connectors.restoreSecrets(def, withoutTypeKey(k, body.configuration), a.configuration);
    app.connectors.validate(def, config);
    a.name = body.name;
    a.configuration = config;
    if (body.resourceAllocation) a.resourceAllocation = body.resourceAllocation;
    else delete a.resourceAllocation;
    app.store.save();
    return ok(actorResponse(app, a));
  };

  const remove = (ctx: RouteContext) => {
    const { store } = ctx.app;
    const a = actorFor(ctx, editors, true);
    for (const c of Object.values(store.state.connections)) {
      if ((k.kind === "source" ? c.sourceId : c.destinationId) === a.id) c.status = "deprecated";
    }
    // The platform deletes the secrets and clears the configuration when it tombstones an actor.
    a.configuration = {};
    a.tombstone = true;
    store.save();
    return noContent();
  };

  return [
    { method: "GET", pattern: base, auth: true, handler: list },
    { method: "POST", pattern: base, auth: true, handler: create },
    { method: "GET", pattern: item, auth: true, handler: get },
    { method: "PATCH", pattern: item, auth: true, handler: patch },
    { method: "PUT", pattern: item, auth: true, handler: put },
    { method: "DELETE", pattern: item, auth: true, handler: remove },
  ];
}

/** Source and destination routes. */
export const actorRoutes: Route[] = [...routesFor(ACTOR_KINDS.source), ...routesFor(ACTOR_KINDS.destination)];
