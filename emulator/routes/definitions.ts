/**
 * A workspace's own connector definitions, under `/workspaces/{workspaceId}/definitions/`: custom
 * docker images for sources and destinations, and declarative (low-code) sources whose manifest is
 * versioned. Reading needs the workspace-reader role; changing source and declarative definitions
 * an editor or source editor, destination definitions an editor (not a destination editor). Deleting answers with the deleted
 * definition; sources and destinations made from it keep working.
 */
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { requireWorkspaceRole } from "../authz.js";
import { liveWorkspace } from "../lookups.js";
import { badRequest, notFound } from "../problems.js";
import { parseBody, uuidParam } from "../request-input.js";
import { declarativeDefinitionResponse, definitionResponse } from "../responses.js";
import { SOURCE_EDITORS } from "../roles.js";
import { ok, type Route, type RouteContext } from "../route-contract.js";
import type { CustomDefinitionRecord } from "../store.js";

/** The image declarative sources run, as the platform records it for them. */
const DECLARATIVE_IMAGE = "airbyte/source-declarative-manifest";
const DECLARATIVE_TAG = "latest";

const manifest = z.record(z.string(), z.unknown());
const createDocker = z.object({
  name: z.string(),
  dockerRepository: z.string(),
  dockerImageTag: z.string(),
  documentationUrl: z.url().optional(),
});
const updateDocker = z.object({ name: z.string(), dockerImageTag: z.string() });
const createDeclarative = z.object({ name: z.string(), manifest });
const updateDeclarative = z.object({ manifest });

type Flavour = "sources" | "destinations" | "declarative_sources";

/** The three collections: their record kind, response, and the roles that may change them. */
const FLAVOURS = {
  sources: { kind: "source", declarative: false, editors: SOURCE_EDITORS, respond: definitionResponse },
  destinations: {
    kind: "destination",
    declarative: false,
    // The platform asks a workspace editor here: a destination editor may not add definitions.
    editors: ["workspace_editor"] as const,
    respond: definitionResponse,
  },
  declarative_sources: {
    kind: "source",
    declarative: true,
    editors: SOURCE_EDITORS,
    respond: declarativeDefinitionResponse,
  },
} as const;

function nonEmpty(field: string, v: string): string {
  if (v.trim() === "") throw badRequest(`${field} must not be empty.`);
  return v;
}

function routesFor(flavour: Flavour): Route[] {
  const f = FLAVOURS[flavour];
  const base = `/workspaces/:workspaceId/definitions/${flavour}`;
  const resourceType = f.declarative ? "declarative_source_definition" : `${f.kind}_definition`;

  /** The path's workspace, after the role check: 403 without the role, then 404 when deleted or unknown. */
  const workspace = (ctx: RouteContext, write: boolean): string => {
    const id = uuidParam(ctx, "workspaceId");
    const { state } = ctx.app.store;
    requireWorkspaceRole(ctx, state.workspaces[id]?.workspaceId, write ? f.editors : ["workspace_reader"]);
    return liveWorkspace(state, id).workspaceId;
  };
  const belongs = (d: CustomDefinitionRecord, workspaceId: string): boolean =>
    d.workspaceId === workspaceId && d.kind === f.kind && (d.manifest !== undefined) === f.declarative;
  const one = (ctx: RouteContext, write: boolean): CustomDefinitionRecord => {
    const workspaceId = workspace(ctx, write);
    const id = uuidParam(ctx, "definitionId");
    const d = ctx.app.store.state.definitions[id];
    if (!d || d.tombstone || !belongs(d, workspaceId)) throw notFound(resourceType, id);
    return d;
  };

  return [
    {
      method: "GET",
      pattern: base,
      auth: true,
      handler: (ctx) => {
        const workspaceId = workspace(ctx, false);
        const data = Object.values(ctx.app.store.state.definitions)
          .filter((d) => !d.tombstone && belongs(d, workspaceId))
          .map(f.respond);
        return ok({ data });
      },
    },
    {
      method: "POST",
      pattern: base,
      auth: true,
      handler: (ctx) => {
        const workspaceId = workspace(ctx, true);
        const common = { id: randomUUID(), kind: f.kind, workspaceId, tombstone: false };
        let d: CustomDefinitionRecord;
        if (f.declarative) {
          const b = parseBody(createDeclarative, ctx.body);
          d = {
            ...common,
            name: nonEmpty("name", b.name),
            dockerRepository: DECLARATIVE_IMAGE,
            dockerImageTag: DECLARATIVE_TAG,
            manifest: b.manifest,
            version: 1,
          };
        } else {
          const b = parseBody(createDocker, ctx.body);
          d = {
            ...common,
            name: nonEmpty("name", b.name),
            dockerRepository: nonEmpty("dockerRepository", b.dockerRepository),
            dockerImageTag: nonEmpty("dockerImageTag", b.dockerImageTag),
          };
          if (b.documentationUrl) d.documentationUrl = b.documentationUrl;
        }
        const { store } = ctx.app;
        store.state.definitions[d.id] = d;
        store.save();
        return ok(f.respond(d));
      },
    },
    {
      method: "GET",
      pattern: `${base}/:definitionId`,
      auth: true,
      handler: (ctx) => ok(f.respond(one(ctx, false))),
    },
    {
      method: "PUT",
      pattern: `${base}/:definitionId`,
      auth: true,
      handler: (ctx) => {
        const d = one(ctx, true);
        if (f.declarative) {
          const b = parseBody(updateDeclarative, ctx.body);
          d.manifest = b.manifest;
          d.version = (d.version ?? 1) + 1;
        } else {
          const b = parseBody(updateDocker, ctx.body);
          const name = nonEmpty("name", b.name);
          const tag = nonEmpty("dockerImageTag", b.dockerImageTag);
          d.name = name;
          d.dockerImageTag = tag;
        }
        ctx.app.store.save();
        return ok(f.respond(d));
      },
    },
    {
      method: "DELETE",
      pattern: `${base}/:definitionId`,
      auth: true,
      handler: (ctx) => {
        const d = one(ctx, true);
        d.tombstone = true;
        ctx.app.store.save();
        return ok(f.respond(d));
      },
    },
  ];
}

/** Custom and declarative definition routes. */
export const definitionRoutes: Route[] = [
  ...routesFor("sources"),
  ...routesFor("destinations"),
  ...routesFor("declarative_sources"),
];
