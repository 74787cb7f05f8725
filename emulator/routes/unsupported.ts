/**
 * Operations of the public API the emulator answers as a self-managed Airbyte without the feature
 * does: 501 with the server's not-implemented problem, after the usual auth (and, for OAuth, role
 * and body) checks, never a silent 200. `POST /sources/initiateOAuth` and `GET /oauth/callback`
 * are such: a server without OAuth apps cannot start or finish a consent flow. The embedded-widget
 * operations belong to Airbyte Embedded, which the emulator does not offer.
 */
import { z } from "zod";
import { requireWorkspaceRole } from "../authz.js";
import { ApiProblem } from "../problems.js";
import { parseBody, uuid } from "../request-input.js";
import { SOURCE_EDITORS } from "../roles.js";
import type { Route, RouteResult } from "../route-contract.js";

const initiateOAuthBody = z.object({
  redirectUrl: z.string(),
  workspaceId: uuid,
  sourceType: z.string().optional(),
  name: z.string().optional(),
  oAuthInputConfiguration: z.unknown().optional(),
  requestedScopes: z.array(z.string()).optional(),
  requestedOptionalScopes: z.array(z.string()).optional(),
});

function notImplemented(what: string): never {
  throw new ApiProblem("notImplemented", {
    message: `${what} is not available on this server: it has no OAuth apps or Embedded configured.`,
  });
}

function unsupported(method: string, pattern: string, auth: boolean, what: string): Route {
  return { method, pattern, auth, unsupported: true, handler: (): RouteResult => notImplemented(what) };
}

/**
 * The unsupported operations. `POST /sources/initiateOAuth` comes before the source routes in the
 * registry, so `/sources/:id` does not take it for a source id.
 */
export const unsupportedRoutes: Route[] = [
  {
    method: "POST",
    pattern: "/sources/initiateOAuth",
    auth: true,
    unsupported: true,
    handler: (ctx) => {
      const body = parseBody(initiateOAuthBody, ctx.body);
      requireWorkspaceRole(
        ctx,
        ctx.app.store.state.workspaces[body.workspaceId]?.workspaceId,
        SOURCE_EDITORS,
      );
      return notImplemented("Initiating an OAuth consent flow");
    },
  },
  unsupported("GET", "/oauth/callback", false, "Completing an OAuth consent flow"),
  unsupported("POST", "/embedded/widget_token", true, "The Embedded widget"),
  unsupported("POST", "/embedded/scoped_token", true, "An Embedded scoped token"),
  unsupported("GET", "/embedded/organizations", true, "Listing Embedded organizations"),
];
