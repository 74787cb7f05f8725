import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../emulator/index.js";
import { loadShippedSpecs } from "../../emulator/shipped-data.js";
import { type Client, login } from "./helpers.js";

const FAKER = "dfd88b22-b603-4c3d-aad7-3701784586b1";
const PG_SRC = "decd338e-5647-4c0b-adf4-da0e75f5a750";
const PG_DST = "25c5221d-dce2-4163-ade9-739ef790f503";
const DEV_NULL = "a7bcc9d8-13b3-4e49-b80d-d020b90045e3";
// Connectors that only the shipped tables know (not built in).
const GITHUB = "ef69ef6e-aa7f-4af1-a01d-ef775033524e";
const DUCKDB = "94bd199c-2ff0-4aa2-b98e-17f0acb72610";
const MASK = "**********";

const pgConfig = {
  host: "db",
  port: 5432,
  database: "app",
  username: "u",
  password: "s3cret",
  schemas: ["public"],
};

describe("connector definitions", () => {
  let emu: Emulator;
  let c: Client;
  beforeAll(async () => {
    emu = await startEmulator();
    c = await login(emu);
  });
  afterAll(() => emu.close());

  it("knows, out of the box, a connector only the shipped name tables have", async () => {
    const s = await c.get("/connector_definitions?type=source");
    expect(s.body.data).toContainEqual({
      id: GITHUB,
      name: "Github",
      connectorDefinitionType: "source",
      version: expect.any(String),
    });
    const ws = (await c.post("/workspaces", { name: "w" })).body.workspaceId;
    const gh = await c.post("/sources", {
      name: "gh",
      workspaceId: ws,
      configuration: {
        sourceType: "github",
        repositories: ["airbytehq/airbyte"],
        credentials: { option_title: "PAT Credentials", personal_access_token: "ghp_x" },
      },
    });
    expect(gh.status).toBe(200);
    expect(gh.body).toMatchObject({ definitionId: GITHUB, sourceType: "github" });
    const duck = await c.post("/destinations", {
      name: "duck",
      workspaceId: ws,
      configuration: { destinationType: "duckdb", destination_path: "/local/x.duckdb" },
    });
    expect(duck.status).toBe(200);
    expect(duck.body).toMatchObject({ definitionId: DUCKDB, destinationType: "duckdb" });
  });

  it("replaces the shipped tables with definitionIdsFile, keeping the built-in names", async () => {
    const dir = mkdtempSync(join(tmpdir(), "emu-ids-"));
    const file = join(dir, "ids.json");
    const custom = "0b5c8d4e-1111-4222-8333-944455556666";
    writeFileSync(file, JSON.stringify({ sourceTypeToDefinitionId: { "acme-crm": custom } }));
    const own = await startEmulator({ definitionIdsFile: file });
    try {
      const b = await login(own);
      const s = await b.get("/connector_definitions?type=source");
      const names = s.body.data.map((x: { name: string }) => x.name);
      expect(names).toContain("Sample Data (Faker)");
      expect(names).toContain("Acme CRM");
      expect(s.body.data.map((x: { id: string }) => x.id)).not.toContain(GITHUB);
      const ws = (await b.post("/workspaces", { name: "w" })).body.workspaceId;
      const create = (sourceType: string) =>
        b.post("/sources", { name: sourceType, workspaceId: ws, configuration: { sourceType } });
      expect((await create("faker")).body.definitionId).toBe(FAKER);
      expect((await create("acme-crm")).body).toMatchObject({ definitionId: custom, sourceType: "acme-crm" });
      expect((await create("github")).status).toBe(400);
    } finally {
      await own.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("lists sources and destinations with the real definition ids", async () => {
    const s = await c.get("/connector_definitions?type=source");
    expect(s.status).toBe(200);
    expect(s.body.data).toContainEqual({
      id: FAKER,
      name: "Sample Data (Faker)",
      connectorDefinitionType: "source",
      version: expect.any(String),
    });
    expect(s.body.data.length).toBeGreaterThan(290);
    const d = await c.get("/connector_definitions?type=DESTINATION");
    expect(d.body.data.map((x: { id: string }) => x.id)).toEqual(expect.arrayContaining([PG_DST, DEV_NULL]));
    expect(
      d.body.data.every(
        (x: { connectorDefinitionType: string }) => x.connectorDefinitionType === "destination",
      ),
    ).toBe(true);
    expect((await c.get("/connector_definitions")).status).toBe(400);
  });
});

describe("sources and destinations", () => {
  let emu: Emulator;
  let c: Client;
  let ws: string;
  beforeAll(async () => {
    emu = await startEmulator();
    c = await login(emu);
    ws = (await c.post("/workspaces", { name: "w" })).body.workspaceId;
  });
  afterAll(() => emu.close());

  it("creates from definitionId, masks secrets, reports sourceType and epoch-second createdAt", async () => {
    const before = Math.floor(Date.now() / 1000);
    const r = await c.post("/sources", {
      name: "pg",
      workspaceId: ws,
      definitionId: PG_SRC,
      configuration: pgConfig,
    });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      sourceId: expect.any(String),
      name: "pg",
      sourceType: "postgres",
      definitionId: PG_SRC,
      workspaceId: ws,
      configuration: { ...pgConfig, password: MASK },
      createdAt: expect.any(Number),
    });
    expect(r.body.createdAt).toBeGreaterThanOrEqual(before);
    expect(r.body.createdAt).toBeLessThan(before + 5);
    const g = await c.get(`/sources/${r.body.sourceId}`);
    expect(g.body).toEqual(r.body);
  });

  it("resolves the connector from configuration.sourceType and strips it", async () => {
    const r = await c.post("/sources", {
      name: "f",
      workspaceId: ws,
      configuration: { sourceType: "faker", count: 5 },
    });
    expect(r.status).toBe(200);
    expect(r.body.definitionId).toBe(FAKER);
    expect(r.body.sourceType).toBe("faker");
    expect(r.body.configuration).toEqual({ count: 5 });
  });

  it("answers 422 without a type, 400 value-not-found for an unknown one, 404 for an unknown definition", async () => {
    const none = await c.post("/sources", { name: "x", workspaceId: ws, configuration: { count: 1 } });
    expect(none.status).toBe(422);
    expect(none.body.title).toBe("unprocessable-entity");
    const unknown = await c.post("/sources", {
      name: "x",
      workspaceId: ws,
      configuration: { sourceType: "nope" },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ title: "value-not-found", data: { value: "nope" } });
    const def = await c.post("/sources", {
      name: "x",
      workspaceId: ws,
      definitionId: "11111111-1111-1111-1111-111111111111",
      configuration: {},
    });
    expect(def.status).toBe(404);
    const noWs = await c.post("/sources", {
      name: "x",
      workspaceId: "22222222-2222-2222-2222-222222222222",
      configuration: { sourceType: "faker" },
    });
    expect(noWs.status).toBe(404);
  });

  it("validates configuration against the connector schema with networknt-style messages", async () => {
    const r = await c.post("/sources", {
      name: "bad",
      workspaceId: ws,
      definitionId: PG_SRC,
      configuration: { port: "x", database: "d", username: "u" },
    });
    expect(r.status).toBe(422);
    expect(r.body.title).toBe("unprocessable-entity");
    expect(r.body.data.message).toBe(
      "json schema validation failed when comparing the data to the json schema. \nErrors: $: required property 'host' not found, $.port: string found, integer expected ",
    );
  });

  it("PATCH deep-merges configuration and keeps secrets sent masked", async () => {
    const s = (
      await c.post("/sources", {
        name: "pg2",
        workspaceId: ws,
        definitionId: PG_SRC,
        configuration: { ...pgConfig, ssl_mode: { mode: "verify-ca", ca_certificate: "CA" } },
      })
    ).body;
    const p = await c.patch(`/sources/${s.sourceId}`, {
      configuration: { port: 6543, password: MASK, ssl_mode: { mode: "verify-ca", ca_certificate: MASK } },
    });
    expect(p.status).toBe(200);
    expect(p.body.name).toBe("pg2");
    expect(p.body.configuration).toEqual({
      ...pgConfig,
      port: 6543,
      password: MASK,
      ssl_mode: { mode: "verify-ca", ca_certificate: MASK },
    });
    // The stored secret survives: a PUT that sends the mask again keeps it, so validation still passes.
    const bad = await c.patch(`/sources/${s.sourceId}`, { configuration: { port: "nope" } });
    expect(bad.status).toBe(422);
    expect((await c.get(`/sources/${s.sourceId}`)).body.configuration.port).toBe(6543);
  });

  it("PUT replaces name and configuration, dropping omitted fields and keeping masked secrets", async () => {
    const s = (
      await c.post("/sources", {
        name: "pg3",
        workspaceId: ws,
        definitionId: PG_SRC,
        configuration: pgConfig,
      })
    ).body;
    const p = await c.put(`/sources/${s.sourceId}`, {
      name: "pg3b",
      configuration: { host: "h2", port: 1, database: "d2", username: "u2", password: MASK },
    });
    expect(p.status).toBe(200);
    expect(p.body.name).toBe("pg3b");
    expect(p.body.configuration).toEqual({
      host: "h2",
      port: 1,
      database: "d2",
      username: "u2",
      password: MASK,
    });
    expect((await c.put(`/sources/${s.sourceId}`, { name: "x" })).status).toBe(422);
  });

  it("lists with workspaceIds/includeDeleted and soft-deletes with cascade to connections", async () => {
    const ws2 = (await c.post("/workspaces", { name: "w2" })).body.workspaceId;
    const src = (
      await c.post("/sources", { name: "f", workspaceId: ws2, configuration: { sourceType: "faker" } })
    ).body;
    const dst = (
      await c.post("/destinations", {
        name: "null",
        workspaceId: ws2,
        definitionId: DEV_NULL,
        configuration: { test_destination: { test_destination_type: "SILENT" } },
      })
    ).body;
    expect(dst.destinationType).toBe("");
    const conn = (await c.post("/connections", { sourceId: src.sourceId, destinationId: dst.destinationId }))
      .body;
    const listed = await c.get(`/sources?workspaceIds=${ws2}`);
    expect(listed.body.data.map((x: { sourceId: string }) => x.sourceId)).toEqual([src.sourceId]);
    expect(listed.body.next).toBe(
      `${emu.url}/sources?includeDeleted=false&workspaceIds=${ws2}&limit=20&offset=20`,
    );
    expect((await c.del(`/sources/${src.sourceId}`)).status).toBe(204);
    expect((await c.get(`/sources?workspaceIds=${ws2}`)).body.data).toEqual([]);
    expect((await c.get(`/sources?workspaceIds=${ws2}&includeDeleted=true`)).body.data).toHaveLength(1);
    expect((await c.get(`/connections/${conn.connectionId}`)).body.status).toBe("deprecated");
    expect((await c.patch(`/sources/${src.sourceId}`, { name: "z" })).status).toBe(404);
  });

  it("handles destinations by destinationType with oneOf secrets masked", async () => {
    const r = await c.post("/destinations", {
      name: "snow",
      workspaceId: ws,
      configuration: {
        destinationType: "snowflake",
        host: "acc.snowflakecomputing.com",
        role: "R",
        warehouse: "W",
        database: "D",
        schema: "S",
        username: "U",
        credentials: { auth_type: "Username and Password", password: "pw" },
      },
    });
    expect(r.status).toBe(200);
    expect(r.body.destinationType).toBe("snowflake");
    expect(r.body.configuration.credentials).toEqual({ auth_type: "Username and Password", password: MASK });
    expect(r.body.configuration.destinationType).toBeUndefined();
    const g = await c.get(`/destinations/${r.body.destinationId}`);
    expect(g.body.destinationId).toBe(r.body.destinationId);
    const devNullByName = await c.post("/destinations", {
      name: "n",
      workspaceId: ws,
      configuration: { destinationType: "dev-null" },
    });
    expect(devNullByName.status).toBe(400);
  });
});

describe("connector specs", () => {
  let emu: Emulator;
  let c: Client;
  let ws: string;
  beforeAll(async () => {
    emu = await startEmulator();
    c = await login(emu);
    ws = (await c.post("/workspaces", { name: "w" })).body.workspaceId;
  });
  afterAll(() => emu.close());

  it("ships every connector's schema with its secrets marked", () => {
    const specs = loadShippedSpecs();
    expect(Object.keys(specs).length).toBeGreaterThan(500);
    const pg = specs["source-postgres"] as { properties: Record<string, Record<string, unknown>> };
    expect(pg.properties.password?.airbyte_secret).toBe(true);
    expect(pg.properties.host?.airbyte_secret).toBeUndefined();
    // The stored-configuration variant: no type const, which only create requests carry.
    expect(pg.properties.sourceType).toBeUndefined();
    expect(specs["destination-snowflake"]).toBeDefined();
  });

  it("validates and masks a non-built-in connector with its shipped schema", async () => {
    const bad = await c.post("/sources", {
      name: "gh",
      workspaceId: ws,
      configuration: { sourceType: "github", repositories: ["airbytehq/airbyte"] },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.data.message).toContain("$: required property 'credentials' not found");
    const gh = await c.post("/sources", {
      name: "gh",
      workspaceId: ws,
      configuration: {
        sourceType: "github",
        repositories: ["airbytehq/airbyte"],
        credentials: { option_title: "PAT Credentials", personal_access_token: "ghp_x" },
      },
    });
    expect(gh.status).toBe(200);
    expect(gh.body.sourceType).toBe("github");
    expect(gh.body.configuration.credentials.personal_access_token).toBe(MASK);
    const streams = await c.get(`/streams?sourceId=${gh.body.sourceId}`);
    expect(streams.status).toBe(200);
    expect(streams.body.length).toBeGreaterThan(0);
    const pg = await c.post("/destinations", {
      name: "pg",
      workspaceId: ws,
      configuration: { destinationType: "postgres" },
    });
    expect(pg.status).toBe(422);
    expect(pg.body.data.message).toContain("$: required property 'host' not found");
  });

  it("takes the schemas of connectorSpecsFile (an api_sdk.yaml) over shipped and built-in ones", async () => {
    const dir = mkdtempSync(join(tmpdir(), "emu-specs-"));
    const file = join(dir, "api_sdk.yaml");
    // The two forms api_sdk.yaml has: `-update` (used as is) and the create form (type const dropped).
    writeFileSync(
      file,
      [
        "components:",
        "  schemas:",
        "    source-github-update:",
        "      type: object",
        "      required: [token]",
        "      properties:",
        "        token: { type: string, airbyte_secret: true }",
        "    source-faker:",
        "      type: object",
        "      required: [sourceType, seed]",
        "      properties:",
        "        sourceType: { type: string, const: faker }",
        "        seed: { type: integer }",
        "",
      ].join("\n"),
    );
    const own = await startEmulator({ connectorSpecsFile: file });
    try {
      const b = await login(own);
      const w = (await b.post("/workspaces", { name: "w" })).body.workspaceId;
      const gh = await b.post("/sources", {
        name: "gh",
        workspaceId: w,
        configuration: { sourceType: "github", token: "t" },
      });
      expect(gh.status).toBe(200);
      expect(gh.body.configuration).toEqual({ token: MASK });
      const faker = await b.post("/sources", {
        name: "f",
        workspaceId: w,
        configuration: { sourceType: "faker", count: 5 },
      });
      expect(faker.status).toBe(422);
      expect(faker.body.data.message).toContain("$: required property 'seed' not found");
      // A connector the file lacks falls back to the shipped schema.
      const duck = await b.post("/destinations", {
        name: "d",
        workspaceId: w,
        configuration: { destinationType: "duckdb", destination_path: "/x", motherduck_api_key: "k" },
      });
      expect(duck.body.configuration.motherduck_api_key).toBe(MASK);
    } finally {
      await own.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
