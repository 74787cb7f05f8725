/**
 * The route registry: every route group of the public API, in one list. Adding an API group to the
 * emulator is one route file under `routes/` and its entry here. The test-control routes
 * (`routes/testhooks.ts`) are not part of the API and are added by `startEmulator`.
 */

import type { Route } from "./route-contract.js";
import { actorRoutes } from "./routes/actors.js";
import { applicationRoutes } from "./routes/applications.js";
import { authRoutes } from "./routes/auth.js";
import { catalogRoutes } from "./routes/catalog.js";
import { connectionRoutes } from "./routes/connections.js";
import { definitionRoutes } from "./routes/definitions.js";
import { groupRoutes } from "./routes/groups.js";
import { jobRoutes } from "./routes/jobs.js";
import { organizationRoutes } from "./routes/organizations.js";
import { permissionRoutes } from "./routes/permissions.js";
import { regionRoutes } from "./routes/regions.js";
import { tagRoutes } from "./routes/tags.js";
import { unsupportedRoutes } from "./routes/unsupported.js";
import { userRoutes } from "./routes/users.js";
import { workspaceRoutes } from "./routes/workspaces.js";

/** Every API route, in matching order. */
export const API_ROUTES: readonly Route[] = [
  ...authRoutes,
  ...applicationRoutes,
  ...organizationRoutes,
  ...userRoutes,
  ...permissionRoutes,
  ...groupRoutes,
  ...regionRoutes,
  ...workspaceRoutes,
  ...definitionRoutes,
  // Before the source routes, so that `/sources/:id` does not swallow `/sources/initiateOAuth`.
  ...unsupportedRoutes,
  ...actorRoutes,
  ...catalogRoutes,
  ...connectionRoutes,
  ...tagRoutes,
  ...jobRoutes,
];
