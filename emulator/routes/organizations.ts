/**
 * `GET /organizations`: the emulator has exactly one organization, which every workspace belongs to.
 */
import { ok, type Route } from "../routing.js";

/** Organization routes. */
export const organizationRoutes: Route[] = [
  {
    method: "GET",
    pattern: "/organizations",
    auth: true,
    handler: (ctx) => {
      const { organizationId, organizationName, email } = ctx.app.store.state.organization;
      return ok({ data: [{ organizationId, organizationName, email }] });
    },
  },
];
