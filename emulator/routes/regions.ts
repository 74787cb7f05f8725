/**
 * Regions (data plane groups) and their data planes. Every call needs the organization-admin role
 * of the region's organization; an organization's regions list also shows the default
 * organization's (the shared `AUTO` region among them). A region or data plane id is looked up
 * first, so an unknown one is a 404. Deleting answers with the deleted record; deleting a region
 * deletes its data planes.
 */
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { callerOf, isInstanceAdmin, organizationRoles, requireOrganizationRole } from "../authz.js";
import { ApiProblem, badRequest, notFound } from "../problems.js";
import { parseBody, queryUuidList, requiredQueryUuid, uuid, uuidParam } from "../request-input.js";
import { dataplaneResponse, regionResponse } from "../responses.js";
import { ok, type Route, type RouteContext } from "../route-contract.js";
import {
  type DataplaneRecord,
  DEFAULT_ORGANIZATION_ID,
  newClientCredentials,
  nowSeconds,
  type RegionRecord,
  type State,
} from "../store.js";

const createRegion = z.object({ name: z.string(), organizationId: uuid, enabled: z.boolean().optional() });
const patchRegion = z.object({ name: z.string().optional(), enabled: z.boolean().optional() });
const createDataplane = z.object({ regionId: uuid, name: z.string(), enabled: z.boolean().optional() });
const patchDataplane = z.object({ name: z.string().optional(), enabled: z.boolean().optional() });

function liveRegion(state: State, id: string): RegionRecord {
  const r = state.regions[id];
  if (!r || r.tombstone) throw notFound("region", id);
  return r;
}

function checkName(name: string, what: "region" | "data plane"): string {
  if (name.trim() === "") throw badRequest(`name must not be empty: give the ${what} a name.`);
  return name;
}

function checkRegionName(state: State, organizationId: string, name: string, self?: string): void {
  checkName(name, "region");
  const taken = Object.values(state.regions).some(
    (r) => !r.tombstone && r.organizationId === organizationId && r.name === name && r.regionId !== self,
  );
  if (taken) {
    throw new ApiProblem("regionNameAlreadyExists", {
      message: `Organization ${organizationId} already has a region named ${name}.`,
    });
  }
}

function checkDataplaneName(state: State, regionId: string, name: string, self?: string): void {
  checkName(name, "data plane");
  const taken = Object.values(state.dataplanes).some(
    (d) => !d.tombstone && d.regionId === regionId && d.name === name && d.dataplaneId !== self,
  );
  if (taken) {
    throw new ApiProblem("dataplaneNameAlreadyExists", {
      message: `Region ${regionId} already has a data plane named ${name}.`,
    });
  }
}

/** The path's region, once the caller administers its organization. */
function adminRegion(ctx: RouteContext): RegionRecord {
  const r = liveRegion(ctx.app.store.state, uuidParam(ctx, "regionId"));
  requireOrganizationRole(ctx, r.organizationId, "organization_admin");
  return r;
}

/** The path's data plane, once the caller administers its region's organization. */
function adminDataplane(ctx: RouteContext): DataplaneRecord {
  const { state } = ctx.app.store;
  const id = uuidParam(ctx, "dataplaneId");
  const d = state.dataplanes[id];
  if (!d || d.tombstone) throw notFound("dataplane", id);
  const region = state.regions[d.regionId];
  requireOrganizationRole(ctx, region?.organizationId, "organization_admin");
  return d;
}

/** Region and data plane routes. */
export const regionRoutes: Route[] = [
  {
    method: "GET",
    pattern: "/regions",
    auth: true,
    handler: (ctx) => {
      const organizationId = requiredQueryUuid(ctx.query, "organizationId");
      requireOrganizationRole(ctx, organizationId, "organization_admin");
      const data = Object.values(ctx.app.store.state.regions)
        .filter(
          (r) =>
            !r.tombstone &&
            (r.organizationId === organizationId || r.organizationId === DEFAULT_ORGANIZATION_ID),
        )
        .map(regionResponse);
      return ok({ data });
    },
  },
  {
    method: "POST",
    pattern: "/regions",
    auth: true,
    handler: (ctx) => {
      const { store } = ctx.app;
      const body = parseBody(createRegion, ctx.body);
      requireOrganizationRole(ctx, body.organizationId, "organization_admin");
      if (!store.state.organizations[body.organizationId])
        throw notFound("organization", body.organizationId);
      checkRegionName(store.state, body.organizationId, body.name);
      const now = nowSeconds();
      const r: RegionRecord = {
        regionId: randomUUID(),
        name: body.name,
        organizationId: body.organizationId,
        enabled: body.enabled ?? true,
        createdAt: now,
        updatedAt: now,
        tombstone: false,
      };
      store.state.regions[r.regionId] = r;
      store.save();
      return ok(regionResponse(r));
    },
  },
  {
    method: "GET",
    pattern: "/regions/:regionId",
    auth: true,
    handler: (ctx) => ok(regionResponse(adminRegion(ctx))),
  },
  {
    method: "PATCH",
    pattern: "/regions/:regionId",
    auth: true,
    handler: (ctx) => {
      const { store } = ctx.app;
      const r = adminRegion(ctx);
      const body = parseBody(patchRegion, ctx.body);
      if (body.name !== undefined) checkRegionName(store.state, r.organizationId, body.name, r.regionId);
      if (body.name !== undefined) r.name = body.name;
      if (body.enabled !== undefined) r.enabled = body.enabled;
      r.updatedAt = nowSeconds();
      store.save();
      return ok(regionResponse(r));
    },
  },
  {
    method: "DELETE",
    pattern: "/regions/:regionId",
    auth: true,
    handler: (ctx) => {
      const { store } = ctx.app;
      const r = adminRegion(ctx);
      const now = nowSeconds();
      for (const d of Object.values(store.state.dataplanes)) {
        if (d.regionId === r.regionId && !d.tombstone) {
          d.tombstone = true;
          d.updatedAt = now;
        }
      }
      r.tombstone = true;
      r.updatedAt = now;
      store.save();
      return ok(regionResponse(r));
    },
  },
  {
    method: "GET",
    pattern: "/dataplanes",
    auth: true,
    handler: (ctx) => {
      const { state } = ctx.app.store;
      const regionIds = queryUuidList(ctx.query, "regionIds");
      let regions: Set<string>;
      if (regionIds.length > 0) {
        for (const id of regionIds)
          requireOrganizationRole(ctx, liveRegion(state, id).organizationId, "organization_admin");
        regions = new Set(regionIds);
      } else {
        // Without regions: every data plane for an instance admin, else those of the organizations it administers.
        const userId = callerOf(ctx);
        const all = isInstanceAdmin(state, userId);
        regions = new Set(
          Object.values(state.regions)
            .filter(
              (r) => all || organizationRoles(state, userId, r.organizationId).has("organization_admin"),
            )
            .map((r) => r.regionId),
        );
      }
      const data = Object.values(state.dataplanes)
        .filter((d) => !d.tombstone && regions.has(d.regionId))
        .map(dataplaneResponse);
      return ok({ data });
    },
  },
  {
    method: "POST",
    pattern: "/dataplanes",
    auth: true,
    handler: (ctx) => {
      const { store } = ctx.app;
      const body = parseBody(createDataplane, ctx.body);
      const region = liveRegion(store.state, body.regionId);
      requireOrganizationRole(ctx, region.organizationId, "organization_admin");
      checkDataplaneName(store.state, region.regionId, body.name);
      const now = nowSeconds();
      const d: DataplaneRecord = {
        dataplaneId: randomUUID(),
        name: body.name,
        regionId: region.regionId,
        enabled: body.enabled ?? true,
        ...newClientCredentials(),
        createdAt: now,
        updatedAt: now,
        tombstone: false,
      };
      store.state.dataplanes[d.dataplaneId] = d;
      store.save();
      // `DataplaneCreateResponseBody`: the one answer that carries the data plane's credentials.
      return ok({
        dataplaneId: d.dataplaneId,
        regionId: d.regionId,
        clientId: d.clientId,
        clientSecret: d.clientSecret,
      });
    },
  },
  {
    method: "GET",
    pattern: "/dataplanes/:dataplaneId",
    auth: true,
    handler: (ctx) => ok(dataplaneResponse(adminDataplane(ctx))),
  },
  {
    method: "PATCH",
    pattern: "/dataplanes/:dataplaneId",
    auth: true,
    handler: (ctx) => {
      const { store } = ctx.app;
      const d = adminDataplane(ctx);
      const body = parseBody(patchDataplane, ctx.body);
      if (body.name !== undefined) checkDataplaneName(store.state, d.regionId, body.name, d.dataplaneId);
      if (body.name !== undefined) d.name = body.name;
      if (body.enabled !== undefined) d.enabled = body.enabled;
      d.updatedAt = nowSeconds();
      store.save();
      return ok(dataplaneResponse(d));
    },
  },
  {
    method: "DELETE",
    pattern: "/dataplanes/:dataplaneId",
    auth: true,
    handler: (ctx) => {
      const { store } = ctx.app;
      const d = adminDataplane(ctx);
      d.tombstone = true;
      d.updatedAt = nowSeconds();
      store.save();
      return ok(dataplaneResponse(d));
    },
  },
];
