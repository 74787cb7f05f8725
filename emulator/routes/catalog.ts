/**
 * `GET /connector_definitions` (the public definitions, plus a workspace's own when it is given)
 * and `GET /streams` (discovered stream properties).
 */

import { requireWorkspaceRole } from "../authz.js";
import { listedSyncModes, propertyFields } from "../catalog.js";
import {
  catalogOf,
  customConnector,
  liveActor,
  liveWorkspace,
  syncModesOf,
  workspaceOf,
} from "../lookups.js";
import { ErrorIdError } from "../problems.js";
import { queryBool, queryOne, queryUuid, requiredQueryUuid } from "../request-input.js";
import { ok, type Route } from "../route-contract.js";

/** Catalog routes. */
export const catalogRoutes: Route[] = [
  {
    method: "GET",
    pattern: "/connector_definitions",
    auth: true,
    handler: (ctx) => {
      const type = queryOne(ctx.query, "type")?.toLowerCase();
      // `type` is a required enum parameter: missing or unknown fails binding.
      if (type !== "source" && type !== "destination")
        throw new ErrorIdError(400, "type must be source or destination");
      const { state } = ctx.app.store;
      const workspaceId = queryUuid(ctx.query, "workspaceId");
      const defs = ctx.app.connectors.list(type);
      if (workspaceId) {
        requireWorkspaceRole(ctx, state.workspaces[workspaceId]?.workspaceId, ["workspace_reader"]);
        liveWorkspace(state, workspaceId);
        for (const d of Object.values(state.definitions)) {
          if (d.workspaceId === workspaceId && d.kind === type && !d.tombstone) defs.push(customConnector(d));
        }
      }
      const data = defs.map((d) => ({
        id: d.id,
        name: d.name,
        connectorDefinitionType: d.kind,
        version: d.version,
      }));
      return ok({ data });
    },
  },
  {
    method: "GET",
    pattern: "/streams",
    auth: true,
    handler: (ctx) => {
      const { app } = ctx;
      const { state } = app.store;
      const sourceId = requiredQueryUuid(ctx.query, "sourceId");
      const destinationId = queryUuid(ctx.query, "destinationId");
      // The emulator's discover is deterministic, so a cached and a fresh one agree.
      queryBool(ctx.query, "ignoreCache", false);
      requireWorkspaceRole(
        ctx,
        [
          workspaceOf(state, "source", sourceId),
          ...(destinationId ? [workspaceOf(state, "destination", destinationId)] : []),
        ],
        ["workspace_reader"],
      );
      const source = liveActor(state, "source", sourceId);
      const destModes = destinationId
        ? syncModesOf(app, liveActor(state, "destination", destinationId))
        : undefined;
      const streams = catalogOf(app, source);
      return ok(
        streams.map((s) => ({
          streamName: s.name,
          streamnamespace: s.namespace,
          syncModes: destModes ? listedSyncModes(s, destModes) : undefined,
          defaultCursorField: s.defaultCursorField,
          sourceDefinedCursorField: s.sourceDefinedCursor,
          sourceDefinedPrimaryKey: s.sourceDefinedPrimaryKey,
          propertyFields: propertyFields(s.jsonSchema),
        })),
      );
    },
  },
];
