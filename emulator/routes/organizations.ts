/**
 * Organizations: the list of the caller's organizations, and the OAuth app credentials an
 * organization sets for a connector (`/organizations/{id}/oauthCredentials`).
 */
import { callerOf, organizationsOf, requireOrganizationRole } from "../authz.js";
import { deleteOAuthOverride, putOAuthOverride } from "../oauth-overrides.js";
import { ok, type Route } from "../route-contract.js";

/** Organization routes. */
export const organizationRoutes: Route[] = [
  {
    method: "GET",
    pattern: "/organizations",
    auth: true,
    handler: (ctx) => {
      const { state } = ctx.app.store;
      const data = organizationsOf(state, callerOf(ctx)).map((id) => {
        const { organizationId, organizationName, email } = state.organizations[id]!;
        return { organizationId, organizationName, email };
      });
      return ok({ data });
    },
  },
  {
    method: "PUT",
    pattern: "/organizations/:organizationId/oauthCredentials",
    auth: true,
    handler: (ctx) => {
      const id = ctx.params.organizationId!;
      const org = ctx.app.store.state.organizations[id];
      requireOrganizationRole(ctx, org?.organizationId, "organization_admin");
      return putOAuthOverride(ctx, "organization", org?.organizationId, id);
    },
  },
  {
    method: "DELETE",
    pattern: "/organizations/:organizationId/oauthCredentials/:actorType/:name",
    auth: true,
    handler: (ctx) => {
      const id = ctx.params.organizationId!;
      const org = ctx.app.store.state.organizations[id];
      requireOrganizationRole(ctx, org?.organizationId, "organization_admin");
      return deleteOAuthOverride(ctx, "organization", org?.organizationId, id);
    },
  },
];
