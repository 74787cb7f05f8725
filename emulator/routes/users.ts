/**
 * `GET /users?organizationId=`: the users of an organization, for its members, optionally narrowed
 * to some ids and emails.
 */
import { z } from "zod";
import { organizationUserIds, requireOrganizationRole } from "../authz.js";
import { badParameter, queryList, queryUuidList, requiredQueryUuid } from "../request-input.js";
import { userResponse } from "../responses.js";
import { ok, type Route } from "../route-contract.js";

const Email = z.email();

/** User routes. */
export const userRoutes: Route[] = [
  {
    method: "GET",
    pattern: "/users",
    auth: true,
    handler: (ctx) => {
      const organizationId = requiredQueryUuid(ctx.query, "organizationId");
      const ids = queryUuidList(ctx.query, "ids");
      const emails = queryList(ctx.query, "emails").map((e) => e.toLowerCase());
      // The spec's items are `format: email`, which the server checks before it looks anything up.
      const bad = emails.find((e) => !Email.safeParse(e).success);
      if (bad !== undefined) throw badParameter("emails", bad, "an e-mail address");
      requireOrganizationRole(ctx, organizationId, "organization_member");
      const { state } = ctx.app.store;
      const data = [...organizationUserIds(state, organizationId)]
        .flatMap((id) => {
          const u = state.users[id];
          return u ? [u] : [];
        })
        .filter((u) => ids.length === 0 || ids.includes(u.id))
        .filter((u) => emails.length === 0 || emails.includes(u.email.toLowerCase()))
        .map(userResponse);
      return ok({ data });
    },
  },
];
