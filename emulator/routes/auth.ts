/**
 * Anonymous routes: the token endpoint (any application's client credentials, exchanged for a
 * token acting as the application's user), health, and the root's redirect to the documentation.
 */
import { timingSafeEqual } from "node:crypto";
import { ErrorIdError } from "../problems.js";
import { ok, type Route } from "../route-contract.js";

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function field(body: Record<string, unknown>, name: string): string | undefined {
  const v = body[name];
  return typeof v === "string" ? v : undefined;
}

/** `POST /applications/token`, `GET /health`, `GET /`. */
export const authRoutes: Route[] = [
  {
    method: "POST",
    pattern: "/applications/token",
    auth: false,
    handler: (ctx) => {
      if (typeof ctx.body !== "object" || ctx.body === null || Array.isArray(ctx.body)) {
        throw new ErrorIdError(422, "token request body must be an object");
      }
      const body = ctx.body as Record<string, unknown>;
      const clientId = field(body, "client_id");
      const clientSecret = field(body, "client_secret");
      if (clientId === undefined || clientSecret === undefined) {
        throw new ErrorIdError(422, "client_id and client_secret are required");
      }
      // The spec names the grant `grant_type` but the server's wire name is `grant-type`; both are optional.
      const grant = field(body, "grant-type") ?? field(body, "grant_type");
      if (grant !== undefined && grant.toLowerCase() !== "client_credentials") {
        throw new ErrorIdError(422, `unsupported grant type ${grant}`);
      }
      const { state } = ctx.app.store;
      const app = Object.values(state.applications).find(
        (a) => same(clientId, a.clientId) && same(clientSecret, a.clientSecret),
      );
      if (!app || !state.users[app.userId]) throw new ErrorIdError(401, "invalid client credentials");
      const { token, expiresIn } = ctx.app.issueToken(app.userId, ctx.tokenTtlSeconds);
      return ok({ access_token: token, token_type: "Bearer", expires_in: expiresIn });
    },
  },
  {
    method: "GET",
    pattern: "/health",
    auth: false,
    handler: () => ({ status: 200, body: "Successful operation" }),
  },
  {
    method: "GET",
    pattern: "/",
    auth: false,
    handler: () => ({
      status: 302,
      headers: { Location: "https://reference.airbyte.com/reference/getting-started" },
    }),
  },
];
