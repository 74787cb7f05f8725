/**
 * Sources and destinations ("actors"): the two resources share every rule, parameterised by kind.
 * Connector resolution (definitionId or `configuration.sourceType`), schema validation, secret
 * masking, PATCH deep merge, PUT replacement with masked secrets kept, soft delete with cascade.
 */
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { ACTOR_KINDS, type ActorKindNames } from "../connectors/kinds.js";
import { type ConnectorDefinition, deepMerge, findValue } from "../connectors.js";
import { definitionOf, getActor, liveActor, liveWorkspace } from "../lookups.js";
import { ApiProblem, notFound, unprocessable } from "../problems.js";
import { actorResponse } from "../responses.js";
import {
  type App,
  noContent,
  ok,
  paginate,
  parseBody,
  type Route,
  type RouteContext,
  workspaceFilter,
} from "../routing.js";
import { type ActorRecord, nowSeconds } from "../store.js";

const configuration = z.record(z.string(), z.unknown());
const resourceAllocation = z.record(z.string(), z.unknown());

const createBody = z.object({
  name: z.string(),
  workspaceId: z.string(),
  configuration,
  definitionId: z.string().nullish(),
  secretId: z.string().nullish(),
  resourceAllocation: resourceAllocation.nullish(),
});

const patchBody = z.object({
  name: z.string().nullish(),
  configuration: configuration.nullish(),
  secretId: z.string().nullish(),
  resourceAllocation: resourceAllocation.nullish(),
});

const putBody = z.object({
  name: z.string(),
  configuration,
  resourceAllocation: resourceAllocation.nullish(),
});

/** The configuration without the top-level type key, which the server never stores. */
function withoutTypeKey(k: ActorKindNames, config: Record<string, unknown>): Record<string, unknown> {
  const { [k.typeKey]: _dropped, ...rest } = config;
  return rest;
}

function resolveDefinition(
  app: App,
  k: ActorKindNames,
  definitionId: string | null | undefined,
  config: Record<string, unknown>,
): ConnectorDefinition {
  if (definitionId) {
    const def = app.connectors.byId(k.kind, definitionId);
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

  const list = (ctx: RouteContext) => {
    const { app } = ctx;
    const filter = workspaceFilter(ctx.query);
    const all = Object.values(app.store.state[k.plural]).filter((a) =>
      filter.admits(a.workspaceId, a.tombstone),
    );
    const page = paginate(ctx, k.plural, all, filter.echo);
    return ok({ ...page, data: page.data.map((a) => actorResponse(app, a)) });
  };

  const create = (ctx: RouteContext) => {
    const { app } = ctx;
    const body = parseBody(createBody, ctx.body);
    const def = resolveDefinition(app, k, body.definitionId, body.configuration);
    const ws = liveWorkspace(app.store.state, body.workspaceId);
    const config = withoutTypeKey(k, body.configuration);
    app.connectors.validate(def, config);
    const a: ActorRecord = {
      id: randomUUID(),
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

  const patch = (ctx: RouteContext) => {
    const { app } = ctx;
    const a = liveActor(app.store.state, k.kind, ctx.params.id!);
    const body = parseBody(patchBody, ctx.body);
    const def = definitionOf(app, a);
    if (body.configuration) {
      const merged = deepMerge(a.configuration, withoutTypeKey(k, body.configuration)) as Record<
        string,
        unknown
      >;
      const config = app.connectors.restoreSecrets(def, merged, a.configuration);
      app.connectors.validate(def, config);
      a.configuration = config;
    }
    if (typeof body.name === "string") a.name = body.name;
    if (body.resourceAllocation) a.resourceAllocation = body.resourceAllocation;
    if (k.kind === "source" && body.secretId) a.secretId = body.secretId;
    app.store.save();
    return ok(actorResponse(app, a));
  };

  const put = (ctx: RouteContext) => {
    const { app } = ctx;
    const a = liveActor(app.store.state, k.kind, ctx.params.id!);
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
    const a = getActor(store.state, k.kind, ctx.params.id!);
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
    {
      method: "GET",
      pattern: item,
      auth: true,
      handler: (ctx) => ok(actorResponse(ctx.app, getActor(ctx.app.store.state, k.kind, ctx.params.id!))),
    },
    { method: "PATCH", pattern: item, auth: true, handler: patch },
    { method: "PUT", pattern: item, auth: true, handler: put },
    { method: "DELETE", pattern: item, auth: true, handler: remove },
  ];
}

/** Source and destination routes. */
export const actorRoutes: Route[] = [...routesFor(ACTOR_KINDS.source), ...routesFor(ACTOR_KINDS.destination)];
