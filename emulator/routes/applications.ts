/**
 * Applications: a user's client credentials for `POST /applications/token`. Each user sees and
 * deletes only its own; another user's id is a 404, as on the server. The secret is returned once,
 * by the creation; every later read masks it.
 */
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { callerOf } from "../authz.js";
import { ApiProblem, badRequest } from "../problems.js";
import { parseBody } from "../request-input.js";
import { applicationResponse } from "../responses.js";
import { ok, type Route, type RouteContext } from "../route-contract.js";
import { type ApplicationRecord, newClientCredentials, nowSeconds } from "../store.js";

const createBody = z.object({ name: z.string() });

/** The caller's application with the path's id, or the server's 404. */
function ownApplication(ctx: RouteContext): ApplicationRecord {
  const a = ctx.app.store.state.applications[ctx.params.applicationId ?? ""];
  if (!a || a.userId !== callerOf(ctx)) {
    throw new ApiProblem("resourceNotFound", null, "The application with the provided id was not found.");
  }
  return a;
}

/** Application routes. */
export const applicationRoutes: Route[] = [
  {
    method: "GET",
    pattern: "/applications",
    auth: true,
    handler: (ctx) => {
      const userId = callerOf(ctx);
      const applications = Object.values(ctx.app.store.state.applications)
        .filter((a) => a.userId === userId)
        .map((a) => applicationResponse(a));
      return ok({ applications });
    },
  },
  {
    method: "POST",
    pattern: "/applications",
    auth: true,
    handler: (ctx) => {
      const body = parseBody(createBody, ctx.body);
      if (body.name.trim() === "") throw badRequest("name must not be empty: give the application a name.");
      const a: ApplicationRecord = {
        id: randomUUID(),
        name: body.name,
        userId: callerOf(ctx),
        ...newClientCredentials(),
        createdAt: nowSeconds(),
      };
      const { store } = ctx.app;
      store.state.applications[a.id] = a;
      store.save();
      return ok(applicationResponse(a, true));
    },
  },
  {
    method: "GET",
    pattern: "/applications/:applicationId",
    auth: true,
    handler: (ctx) => ok(applicationResponse(ownApplication(ctx))),
  },
  {
    method: "DELETE",
    pattern: "/applications/:applicationId",
    auth: true,
    handler: (ctx) => {
      const a = ownApplication(ctx);
      const { store } = ctx.app;
      delete store.state.applications[a.id];
      store.save();
      return ok(applicationResponse(a));
    },
  },
];
