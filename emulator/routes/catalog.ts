/**
 * `GET /connector_definitions` and `GET /streams` (discovered stream properties).
 */
import { listedSyncModes, propertyFields } from "../catalog.js";
import { catalogOf, liveActor, liveWorkspace, syncModesOf } from "../lookups.js";
import { badRequest, ErrorIdError } from "../problems.js";
import { ok, queryBool, queryOne, type Route } from "../routing.js";

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
      const workspaceId = queryOne(ctx.query, "workspaceId");
      if (workspaceId) liveWorkspace(ctx.app.store.state, workspaceId);
      const data = ctx.app.connectors.list(type).map((d) => ({
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
      const sourceId = queryOne(ctx.query, "sourceId");
      if (!sourceId) throw badRequest("Required argument [UUID sourceId] not specified");
      // The emulator's discover is deterministic, so a cached and a fresh one agree.
      queryBool(ctx.query, "ignoreCache", false);
      const source = liveActor(app.store.state, "source", sourceId);
      const destinationId = queryOne(ctx.query, "destinationId");
      const destModes = destinationId
        ? syncModesOf(app, liveActor(app.store.state, "destination", destinationId))
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
