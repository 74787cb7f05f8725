/**
 * OAuth credential overrides: the OAuth app (client id, secret, …) a workspace or an organization
 * uses for one connector instead of the instance's, set with PUT and removed with DELETE. The
 * connector is named as the server's name table spells it (`google-ads`); the configuration is
 * stored as given and never returned.
 */
import { z } from "zod";
import { ApiProblem, badRequest, notFound } from "./problems.js";
import { ciEnum, parseBody } from "./request-input.js";
import { noContent, type RouteContext, type RouteResult } from "./route-contract.js";
import { type OAuthOverrideRecord, oauthOverrideKey } from "./store.js";

const ACTOR_TYPES = ["source", "destination"] as const;

const putBody = z.object({
  actorType: ciEnum(ACTOR_TYPES),
  name: z.string(),
  configuration: z.record(z.string(), z.unknown()),
});

function definitionIdOf(ctx: RouteContext, actorType: "source" | "destination", name: string): string {
  const def = ctx.app.connectors.byName(actorType, name);
  if (!def) throw new ApiProblem("valueNotFound", { value: name });
  return def.id;
}

/**
 * `PUT …/oauthCredentials`: stores (or replaces) the override, 200 with no body. `scopeId` is the
 * workspace or organization once resolved; undefined (an unknown id) is a 404 naming `rawId`.
 */
export function putOAuthOverride(
  ctx: RouteContext,
  scope: OAuthOverrideRecord["scope"],
  scopeId: string | undefined,
  rawId: string,
): RouteResult {
  const body = parseBody(putBody, ctx.body);
  if (scopeId === undefined) throw notFound(scope, rawId);
  const record: OAuthOverrideRecord = {
    scope,
    scopeId,
    actorType: body.actorType,
    definitionId: definitionIdOf(ctx, body.actorType, body.name),
    name: body.name,
    configuration: body.configuration,
  };
  const { store } = ctx.app;
  store.state.oauthOverrides[oauthOverrideKey(record)] = record;
  store.save();
  return { status: 200 };
}

/** `DELETE …/oauthCredentials/{actorType}/{name}`: 204, whether or not an override was set. */
export function deleteOAuthOverride(
  ctx: RouteContext,
  scope: OAuthOverrideRecord["scope"],
  scopeId: string | undefined,
  rawId: string,
): RouteResult {
  const actorType = ctx.params.actorType?.toLowerCase();
  if (actorType !== "source" && actorType !== "destination") {
    throw badRequest(
      `Failed to convert argument [actorType] for value [${ctx.params.actorType}]: expected source or destination.`,
    );
  }
  if (scopeId === undefined) throw notFound(scope, rawId);
  const definitionId = definitionIdOf(ctx, actorType, ctx.params.name ?? "");
  const { store } = ctx.app;
  const key = oauthOverrideKey({ scope, scopeId, actorType, definitionId });
  if (store.state.oauthOverrides[key]) {
    delete store.state.oauthOverrides[key];
    store.save();
  }
  return noContent();
}
