/**
 * Seed files: a known starting state for a fresh emulator (`--seed FILE`, `startEmulator({ seed })`),
 * in YAML or JSON. They name organizations, regions, workspaces (with their tags, sources,
 * destinations and connections), users (with their applications' client credentials and their
 * permissions) and groups (with members and permissions). Records keep the ids the file gives and
 * get random ones otherwise; references use an id or a name (an email for users).
 *
 * Workspaces and what they hold are created through the API's own handlers, so a seeded source's
 * configuration, a connection's streams or a tag's colour pass exactly the checks a request would.
 * Every error names the entry (`workspaces[0].sources[1]`) and what to fix.
 *
 * ```yaml
 * organizations: [{ name: Acme, email: admin@acme.example }]
 * workspaces:
 *   - name: analytics
 *     organization: Acme
 *     sources: [{ name: faker, configuration: { sourceType: faker, count: 10 } }]
 *     destinations: [{ name: dev-null, definitionId: a7bcc9d8-13b3-4e49-b80d-d020b90045e3,
 *       configuration: { test_destination: { test_destination_type: SILENT } } }]
 *     connections: [{ source: faker, destination: dev-null }]
 * users:
 *   - name: Ada
 *     email: ada@acme.example
 *     applications: [{ name: ci, clientId: ada-ci, clientSecret: s3cret }]
 *     permissions: [{ type: workspace_editor, workspace: analytics }]
 * ```
 */
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { API_ROUTES } from "./api-routes.js";
import { checkTypeFitsScope } from "./authz.js";
import { ApiProblem, ErrorIdError } from "./problems.js";
import { PERMISSION_TYPES } from "./roles.js";
import type { App } from "./route-contract.js";
import { RouteTable } from "./route-table.js";
import {
  DEFAULT_ORGANIZATION_ID,
  DEFAULT_USER_ID,
  newClientCredentials,
  nowSeconds,
  type PermissionRecord,
  type State,
} from "./store.js";

const id = z.uuid({ error: "must be a UUID (8-4-4-4-12 hex digits), or leave it out for a random one" });
const ref = z
  .string({ error: "must be the id or the name of an entry" })
  .min(1, { error: "must not be empty" });
const name = z.string({ error: "must be a string" }).min(1, { error: "must not be empty" });
const json = z.record(z.string(), z.unknown(), { error: "must be an object" });

const permission = z.strictObject({
  type: z.enum(PERMISSION_TYPES, { error: `must be one of ${PERMISSION_TYPES.join(", ")}` }),
  workspace: ref.optional(),
  organization: ref.optional(),
});

const seedSchema = z.strictObject({
  organizations: z
    .array(z.strictObject({ id: id.optional(), name, email: z.email({ error: "must be an email address" }) }))
    .default([]),
  regions: z
    .array(z.strictObject({ id: id.optional(), name, organization: ref, enabled: z.boolean().optional() }))
    .default([]),
  workspaces: z
    .array(
      z.strictObject({
        id: id.optional(),
        name,
        organization: ref.optional(),
        region: ref.optional(),
        notifications: json.optional(),
        tags: z.array(z.strictObject({ id: id.optional(), name, color: z.string() })).default([]),
        sources: z.array(z.looseObject({ id: id.optional(), name })).default([]),
        destinations: z.array(z.looseObject({ id: id.optional(), name })).default([]),
        connections: z
          .array(
            z.looseObject({
              id: id.optional(),
              source: ref,
              destination: ref,
              streams: z.array(json).optional(),
              tags: z.array(ref).optional(),
            }),
          )
          .default([]),
      }),
    )
    .default([]),
  users: z
    .array(
      z.strictObject({
        id: id.optional(),
        name,
        email: z.email({ error: "must be an email address" }),
        instanceAdmin: z.boolean().optional(),
        applications: z
          .array(
            z.strictObject({
              id: id.optional(),
              name,
              clientId: name.optional(),
              clientSecret: name.optional(),
            }),
          )
          .default([]),
        permissions: z.array(permission).default([]),
      }),
    )
    .default([]),
  groups: z
    .array(
      z.strictObject({
        id: id.optional(),
        name,
        organization: ref,
        description: z.string().optional(),
        members: z.array(ref).default([]),
        permissions: z.array(permission).default([]),
      }),
    )
    .default([]),
});

/** A seed file's content, as written (before defaults). */
export type SeedInput = z.input<typeof seedSchema>;

/** A seed file that cannot be applied: the message names the file, the entry and the fix. */
export class SeedError extends Error {
  override readonly name = "SeedError";
}

/** Reads and checks a seed file (YAML, or JSON, which YAML reads too). */
export function readSeedFile(file: string): SeedInput {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new SeedError(`seed file ${file}: cannot be read (${(e as Error).message})`);
  }
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (e) {
    throw new SeedError(`seed file ${file}: not valid YAML or JSON (${(e as Error).message})`);
  }
  return parseSeed(doc, file);
}

function parseSeed(doc: unknown, where: string): z.output<typeof seedSchema> {
  const r = seedSchema.safeParse(doc ?? {});
  if (r.success) return r.data;
  const problems = r.error.issues.map((i) => `  ${pathText(i.path) || "(top level)"}: ${i.message}`);
  throw new SeedError(`seed ${where} is not valid:\n${problems.join("\n")}`);
}

function pathText(path: readonly PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === "number" ? `[${p}]` : `${i === 0 ? "" : "."}${String(p)}`))
    .join("");
}

/** One named, id-carrying record the references may point at. */
interface Named {
  id: string;
  names: string[];
}

/** Resolves a reference by id or by one of the names, or throws naming the entry and the choices. */
function resolve(kind: string, all: readonly Named[], reference: string, at: string): string {
  const found = all.filter((x) => x.id === reference.toLowerCase() || x.names.includes(reference));
  if (found.length === 1) return found[0]!.id;
  const known = all.map((x) => x.names[0] ?? x.id).join(", ") || "none";
  if (found.length > 1) throw new SeedError(`${at}: "${reference}" names several ${kind}s; use its id`);
  throw new SeedError(`${at}: no ${kind} "${reference}" (known: ${known})`);
}

/**
 * Applies a seed to a fresh state: creates every record, in dependency order, through the API's
 * handlers where the API creates that kind of record. Throws a {@link SeedError} at the first
 * entry that does not apply.
 */
export async function applySeed(app: App, input: SeedInput, where = "(inline)"): Promise<void> {
  const seed = parseSeed(input, where);
  const { state } = app.store;
  const table = new RouteTable(API_ROUTES);
  const fail = (at: string, message: string): never => {
    throw new SeedError(`seed ${where}: ${at}: ${message}`);
  };
  const find = (kind: string, all: readonly Named[], reference: string, at: string): string => {
    try {
      return resolve(kind, all, reference, at);
    } catch (e) {
      if (e instanceof SeedError) throw new SeedError(`seed ${where}: ${e.message}`);
      throw e;
    }
  };
  const unused = (at: string, record: Record<string, unknown>, given: string | undefined): void => {
    if (given && record[given.toLowerCase()]) fail(at, `id ${given} is already used`);
  };
  const call = async (
    at: string,
    method: string,
    path: string,
    body: unknown,
    requestedId?: string,
  ): Promise<Record<string, unknown>> => {
    const m = table.match(method, path);
    if (!m.route) throw new Error(`seed: no route ${method} ${path}`);
    try {
      const r = await m.route.handler({
        params: m.encodedParams,
        query: {},
        body,
        baseUrl: "",
        app,
        callerId: DEFAULT_USER_ID,
        requestedId: requestedId?.toLowerCase(),
      });
      return r.body as Record<string, unknown>;
    } catch (e) {
      if (e instanceof ApiProblem) {
        const data = e.body.data;
        const detail =
          typeof data?.message === "string" ? data.message : data ? JSON.stringify(data) : e.body.detail;
        return fail(at, `${e.body.title}: ${detail.replaceAll(/\s*\n\s*/g, " ").trim()}`);
      }
      if (e instanceof ErrorIdError) return fail(at, e.message.replaceAll("\n", " "));
      throw e;
    }
  };

  const orgs = (): Named[] =>
    Object.values(state.organizations).map((o) => ({ id: o.organizationId, names: [o.organizationName] }));
  seed.organizations.forEach((o, i) => {
    const at = `organizations[${i}]`;
    unused(at, state.organizations, o.id);
    if (orgs().some((x) => x.names.includes(o.name))) fail(at, `an organization is already named ${o.name}`);
    const organizationId = o.id?.toLowerCase() ?? randomUUID();
    state.organizations[organizationId] = { organizationId, organizationName: o.name, email: o.email };
  });

  const regions = (): Named[] =>
    Object.values(state.regions).map((r) => ({ id: r.regionId, names: [r.name] }));
  seed.regions.forEach((r, i) => {
    const at = `regions[${i}]`;
    unused(at, state.regions, r.id);
    const organizationId = find("organization", orgs(), r.organization, `${at}.organization`);
    const now = nowSeconds();
    const regionId = r.id?.toLowerCase() ?? randomUUID();
    state.regions[regionId] = {
      regionId,
      name: r.name,
      organizationId,
      enabled: r.enabled ?? true,
      createdAt: now,
      updatedAt: now,
      tombstone: false,
    };
  });

  const workspaces = (): Named[] =>
    Object.values(state.workspaces).map((w) => ({ id: w.workspaceId, names: [w.name] }));
  for (const [i, w] of seed.workspaces.entries()) {
    const at = `workspaces[${i}]`;
    unused(at, state.workspaces, w.id);
    const organizationId = w.organization
      ? find("organization", orgs(), w.organization, `${at}.organization`)
      : DEFAULT_ORGANIZATION_ID;
    const regionId = w.region ? find("region", regions(), w.region, `${at}.region`) : undefined;
    const ws = await call(
      at,
      "POST",
      "/workspaces",
      { name: w.name, organizationId, regionId, notifications: w.notifications },
      w.id,
    );
    const workspaceId = String(ws.workspaceId);

    const tags: Named[] = [];
    for (const [j, t] of w.tags.entries()) {
      unused(`${at}.tags[${j}]`, state.tags, t.id);
      const r = await call(
        `${at}.tags[${j}]`,
        "POST",
        "/tags",
        { name: t.name, color: t.color, workspaceId },
        t.id,
      );
      tags.push({ id: String(r.tagId), names: [t.name] });
    }
    const actors = { sources: [] as Named[], destinations: [] as Named[] };
    for (const plural of ["sources", "destinations"] as const) {
      for (const [j, a] of w[plural].entries()) {
        const { id: given, ...body } = a;
        unused(`${at}.${plural}[${j}]`, state[plural], given);
        const r = await call(`${at}.${plural}[${j}]`, "POST", `/${plural}`, { ...body, workspaceId }, given);
        actors[plural].push({
          id: String(r[plural === "sources" ? "sourceId" : "destinationId"]),
          names: [a.name],
        });
      }
    }
    for (const [j, c] of w.connections.entries()) {
      const cat = `${at}.connections[${j}]`;
      const { id: given, source, destination, streams, tags: tagRefs, ...rest } = c;
      unused(cat, state.connections, given);
      const body = {
        ...rest,
        sourceId: find("source", actors.sources, source, `${cat}.source`),
        destinationId: resolve("destination", actors.destinations, destination, `${cat}.destination`),
        ...(streams && { configurations: { streams } }),
        ...(tagRefs && {
          tags: tagRefs.map((t, k) => ({ tagId: find("tag", tags, t, `${cat}.tags[${k}]`) })),
        }),
      };
      await call(cat, "POST", "/connections", body, given);
    }
  }

  /** A permission for a user or a group, its scope resolved and checked, not yet stored. */
  const permissionRecord = (
    at: string,
    p: z.output<typeof permission>,
    holder: Pick<PermissionRecord, "userId" | "groupId">,
  ): PermissionRecord => {
    const rec: PermissionRecord = { permissionId: randomUUID(), permissionType: p.type, ...holder };
    if (p.type === "instance_admin") {
      if (p.workspace || p.organization)
        fail(at, "instance_admin applies to the whole instance: drop the scope");
      return rec;
    }
    if ((p.workspace === undefined) === (p.organization === undefined)) {
      fail(
        at,
        "give exactly one of workspace (for a workspace_* type) and organization (for an organization_* type)",
      );
    }
    try {
      checkTypeFitsScope(p.type, p.workspace ? "workspace" : "organization");
    } catch (e) {
      if (e instanceof ApiProblem) fail(at, String(e.body.data?.message));
      throw e;
    }
    if (p.workspace) rec.workspaceId = find("workspace", workspaces(), p.workspace, `${at}.workspace`);
    if (p.organization) {
      rec.organizationId = find("organization", orgs(), p.organization, `${at}.organization`);
    }
    return rec;
  };
  const store = (rec: PermissionRecord): void => {
    state.permissions[rec.permissionId] = rec;
  };

  const users = (): Named[] => Object.values(state.users).map((u) => ({ id: u.id, names: [u.email] }));
  seed.users.forEach((u, i) => {
    const at = `users[${i}]`;
    unused(at, state.users, u.id);
    if (users().some((x) => x.names.includes(u.email))) fail(at, `a user already has the email ${u.email}`);
    const userId = u.id?.toLowerCase() ?? randomUUID();
    state.users[userId] = { id: userId, name: u.name, email: u.email };
    if (u.instanceAdmin)
      store(permissionRecord(`${at}.instanceAdmin`, { type: "instance_admin" }, { userId }));
    u.applications.forEach((a, j) => {
      const aat = `${at}.applications[${j}]`;
      unused(aat, state.applications, a.id);
      const generated = newClientCredentials();
      const clientId = a.clientId ?? generated.clientId;
      if (Object.values(state.applications).some((x) => x.clientId === clientId)) {
        fail(aat, `clientId ${clientId} is already another application's`);
      }
      const appId = a.id?.toLowerCase() ?? randomUUID();
      state.applications[appId] = {
        id: appId,
        name: a.name,
        userId,
        clientId,
        clientSecret: a.clientSecret ?? generated.clientSecret,
        createdAt: nowSeconds(),
      };
    });
    u.permissions.forEach((p, j) => {
      store(permissionRecord(`${at}.permissions[${j}]`, p, { userId }));
    });
  });

  seed.groups.forEach((g, i) => {
    const at = `groups[${i}]`;
    unused(at, state.groups, g.id);
    const organizationId = find("organization", orgs(), g.organization, `${at}.organization`);
    if (Object.values(state.groups).some((x) => x.organizationId === organizationId && x.name === g.name)) {
      fail(at, `organization ${organizationId} already has a group named ${g.name}`);
    }
    const groupId = g.id?.toLowerCase() ?? randomUUID();
    state.groups[groupId] = { groupId, name: g.name, organizationId };
    if (g.description) state.groups[groupId]!.description = g.description;
    const members = new Set<string>();
    g.members.forEach((m, j) => {
      const userId = find("user", users(), m, `${at}.members[${j}]`);
      if (members.has(userId)) fail(`${at}.members[${j}]`, `${m} is listed twice`);
      members.add(userId);
      const memberId = randomUUID();
      state.groupMembers[memberId] = { memberId, groupId, userId };
    });
    g.permissions.forEach((p, j) => {
      const pat = `${at}.permissions[${j}]`;
      if (p.type === "instance_admin") fail(pat, "a group cannot hold instance_admin");
      const rec = permissionRecord(pat, p, { groupId });
      const ws = rec.workspaceId ? state.workspaces[rec.workspaceId] : undefined;
      if (ws && ws.organizationId !== organizationId)
        fail(pat, `workspace ${ws.name} is not in the group's organization`);
      if (rec.organizationId && rec.organizationId !== organizationId) {
        fail(pat, "a group can hold roles on its own organization only");
      }
      store(rec);
    });
  });
}

/** What a seeded state holds, for the emulator's log ("2 organizations, 3 users, 1 workspaces"). */
export function seedSummary(state: State): string {
  const n = (o: object) => Object.keys(o).length;
  return `${n(state.organizations)} organizations, ${n(state.users)} users, ${n(state.workspaces)} workspaces`;
}
