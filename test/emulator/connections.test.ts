import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../emulator/index.js";
import { type Client, login } from "./helpers.js";

const PG_SRC = "decd338e-5647-4c0b-adf4-da0e75f5a750";

describe("streams and connections", () => {
  let emu: Emulator;
  let c: Client;
  let ws: string;
  let faker: string;
  let pgSrc: string;
  let pgDst: string;
  let s3Dst: string;
  beforeAll(async () => {
    emu = await startEmulator();
    c = await login(emu);
    ws = (await c.post("/workspaces", { name: "w" })).body.workspaceId;
    faker = (
      await c.post("/sources", {
        name: "Faker",
        workspaceId: ws,
        configuration: { sourceType: "faker", count: 50 },
      })
    ).body.sourceId;
    pgSrc = (
      await c.post("/sources", {
        name: "PG",
        workspaceId: ws,
        definitionId: PG_SRC,
        configuration: { host: "h", port: 5432, database: "d", username: "u" },
      })
    ).body.sourceId;
    const pgCfg = {
      destinationType: "postgres",
      host: "h",
      port: 5432,
      database: "d",
      schema: "public",
      username: "u",
    };
    pgDst = (await c.post("/destinations", { name: "Warehouse", workspaceId: ws, configuration: pgCfg })).body
      .destinationId;
    s3Dst = (
      await c.post("/destinations", {
        name: "Lake",
        workspaceId: ws,
        configuration: {
          destinationType: "s3",
          s3_bucket_name: "b",
          s3_bucket_path: "p",
          s3_bucket_region: "us-east-1",
          format: { format_type: "JSONL" },
        },
      })
    ).body.destinationId;
  });
  afterAll(() => emu.close());

  it("GET /streams returns the discovered faker catalog, syncModes only with a destination", async () => {
    const r = await c.get(`/streams?sourceId=${faker}`);
    expect(r.status).toBe(200);
    expect(r.body.map((s: { streamName: string }) => s.streamName)).toEqual([
      "users",
      "products",
      "purchases",
    ]);
    const users = r.body[0];
    expect(users).toMatchObject({
      streamName: "users",
      defaultCursorField: ["updated_at"],
      sourceDefinedCursorField: true,
      sourceDefinedPrimaryKey: [["id"]],
    });
    expect(users.syncModes).toBeUndefined();
    expect(users.streamnamespace).toBeUndefined();
    expect(users.propertyFields).toContainEqual(["address", "city"]);
    const withDst = await c.get(`/streams?sourceId=${faker}&destinationId=${pgDst}&ignoreCache=true`);
    expect(withDst.body[0].syncModes).toEqual([
      "full_refresh_overwrite",
      "full_refresh_append",
      "incremental_append",
      "incremental_deduped_history",
    ]);
    const s3 = await c.get(`/streams?sourceId=${faker}&destinationId=${s3Dst}`);
    expect(s3.body[0].syncModes).toEqual([
      "full_refresh_overwrite",
      "full_refresh_append",
      "incremental_append",
    ]);
    const pg = await c.get(`/streams?sourceId=${pgSrc}`);
    expect(new Set(pg.body.map((s: { streamnamespace: string }) => s.streamnamespace))).toEqual(
      new Set(["public"]),
    );
    expect((await c.get("/streams")).status).toBe(400);
    expect((await c.get("/streams?sourceId=33333333-3333-3333-3333-333333333333")).status).toBe(404);
  });

  it("the built-in Postgres discovers a catalog shaped by its schemas setting", async () => {
    type Stream = {
      streamName: string;
      streamnamespace: string;
      sourceDefinedCursorField: boolean;
      defaultCursorField: string[];
      sourceDefinedPrimaryKey: string[][];
      propertyFields: string[][];
    };
    const discover = async (configuration: Record<string, unknown>): Promise<Stream[]> => {
      const source = await c.post("/sources", {
        name: "PG",
        workspaceId: ws,
        definitionId: PG_SRC,
        configuration,
      });
      return (await c.get(`/streams?sourceId=${source.body.sourceId}`)).body as Stream[];
    };
    const db = { host: "h", port: 5432, database: "d", username: "u" };
    const standard = await discover(db);
    expect(standard.map((s) => s.streamName)).toEqual([
      "customers",
      "addresses",
      "categories",
      "products",
      "orders",
      "order_items",
      "payments",
      "shipments",
      "inventory",
      "reviews",
    ]);
    const items = standard.find((s) => s.streamName === "order_items");
    expect(items).toMatchObject({
      streamnamespace: "public",
      sourceDefinedCursorField: false,
      defaultCursorField: [],
      sourceDefinedPrimaryKey: [["order_id"], ["line_number"]],
    });
    expect(items?.propertyFields).toContainEqual(["updated_at"]);

    const shaped = await discover({
      ...db,
      schemas: ["billing", "app"],
      replication_method: { method: "CDC" },
    });
    const byNamespace = (ns: string) =>
      shaped.filter((s) => s.streamnamespace === ns).map((s) => s.streamName);
    expect(byNamespace("billing")).toEqual(["plans", "subscriptions", "invoices", "invoice_lines"]);
    // A schema name the emulator has no tables for gets public's, in its own namespace.
    expect(byNamespace("app")).toEqual(standard.map((s) => s.streamName));
    expect(shaped[0]).toMatchObject({ sourceDefinedCursorField: true, defaultCursorField: ["_ab_cdc_lsn"] });
    expect(shaped[0]?.propertyFields).toContainEqual(["_ab_cdc_deleted_at"]);
  });

  it("creates with the server's defaults: every stream full_refresh_overwrite, manual schedule", async () => {
    const r = await c.post("/connections", { sourceId: faker, destinationId: pgDst });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      name: "Faker <> Warehouse",
      sourceId: faker,
      destinationId: pgDst,
      workspaceId: ws,
      status: "active",
      schedule: { scheduleType: "manual" },
      namespaceDefinition: "destination",
      nonBreakingSchemaUpdatesBehavior: "ignore",
      prefix: "",
      tags: [],
    });
    expect(r.body.namespaceFormat).toBeUndefined();
    expect(r.body.configurations.streams).toEqual([
      {
        name: "users",
        syncMode: "full_refresh_overwrite",
        cursorField: ["updated_at"],
        primaryKey: [["id"]],
      },
      {
        name: "products",
        syncMode: "full_refresh_overwrite",
        cursorField: ["updated_at"],
        primaryKey: [["id"]],
      },
      {
        name: "purchases",
        syncMode: "full_refresh_overwrite",
        cursorField: ["updated_at"],
        primaryKey: [["id"]],
      },
    ]);
    expect(typeof r.body.createdAt).toBe("number");
  });

  it("selects only the listed streams and fills cursor / primary key from source defaults", async () => {
    const r = await c.post("/connections", {
      sourceId: faker,
      destinationId: pgDst,
      name: "sel",
      configurations: {
        streams: [
          {
            name: "users",
            syncMode: "INCREMENTAL_DEDUPED_HISTORY",
            selectedFields: [{ fieldPath: ["id"] }, { fieldPath: ["updated_at"] }],
          },
          {
            name: "products",
            mappers: [
              {
                type: "hashing",
                mapperConfiguration: { targetField: "make", method: "SHA-256", fieldNameSuffix: "_h" },
              },
            ],
          },
        ],
      },
    });
    expect(r.status).toBe(200);
    const [users, products] = r.body.configurations.streams;
    expect(r.body.configurations.streams).toHaveLength(2);
    expect(users).toEqual({
      name: "users",
      syncMode: "incremental_deduped_history",
      cursorField: ["updated_at"],
      primaryKey: [["id"]],
      selectedFields: [{ fieldPath: ["id"] }, { fieldPath: ["updated_at"] }],
    });
    expect(products.mappers[0]).toMatchObject({ id: expect.any(String), type: "hashing" });
  });

  it("rejects catalog violations with 400 bad-request", async () => {
    const bad = async (streams: unknown[], dst = pgDst) => {
      const r = await c.post("/connections", {
        sourceId: faker,
        destinationId: dst,
        configurations: { streams },
      });
      expect(r.status).toBe(400);
      expect(r.body.title).toBe("bad-request");
      return r.body.data.message as string;
    };
    expect(await bad([{ name: "nope" }])).toMatch(/^No streams found with name \[nope\]/);
    expect(await bad([{ name: "users" }, { name: "users" }])).toMatch(/Duplicate stream/);
    expect(await bad([{ name: "users", syncMode: "incremental_deduped_history" }], s3Dst)).toBe(
      "Cannot set sync mode to incremental_deduped_history for stream users. Valid sync modes are: [full_refresh_overwrite, full_refresh_append, incremental_append]",
    );
    expect(
      await bad([{ name: "users", syncMode: "incremental_append", cursorField: ["created_at"] }]),
    ).toMatch(/source defined/);
    expect(
      await bad([{ name: "users", syncMode: "incremental_deduped_history", primaryKey: [["email"]] }]),
    ).toMatch(/pre-defined/);
    expect(
      await bad([{ name: "users", syncMode: "incremental_append", selectedFields: [{ fieldPath: ["id"] }] }]),
    ).toMatch(/Cursor field updated_at must be selected/);
    expect(await bad([{ name: "users", selectedFields: [{ fieldPath: ["address", "city"] }] }])).toMatch(
      /Nested/,
    );
  });

  it("needs a cursor and a primary key where the source defines none", async () => {
    const mk = (streams: unknown[]) =>
      c.post("/connections", { sourceId: pgSrc, destinationId: pgDst, configurations: { streams } });
    const noCursor = await mk([{ name: "orders", syncMode: "incremental_append" }]);
    expect(noCursor.status).toBe(400);
    expect(noCursor.body.data.message).toMatch(/No default cursor field/);
    const badCursor = await mk([{ name: "orders", syncMode: "incremental_append", cursorField: ["nope"] }]);
    expect(badCursor.status).toBe(400);
    const good = await mk([
      {
        name: "orders",
        namespace: "public",
        syncMode: "incremental_deduped_history",
        cursorField: ["updated_at"],
      },
    ]);
    expect(good.status).toBe(200);
    expect(good.body.configurations.streams[0]).toEqual({
      name: "orders",
      namespace: "public",
      syncMode: "incremental_deduped_history",
      cursorField: ["updated_at"],
      primaryKey: [["id"]],
    });
  });

  it("validates Quartz crons and returns them with ' UTC'", async () => {
    const mk = (schedule: unknown) =>
      c.post("/connections", { sourceId: faker, destinationId: pgDst, schedule });
    const ok1 = await mk({ scheduleType: "cron", cronExpression: "0 0 12 * * ?" });
    expect(ok1.body.schedule).toEqual({ scheduleType: "cron", cronExpression: "0 0 12 * * ? UTC" });
    const ok2 = await mk({ scheduleType: "CRON", cronExpression: "0 30 1 ? * MON-FRI UTC" });
    expect(ok2.body.schedule.cronExpression).toBe("0 30 1 ? * MON-FRI UTC");
    const missing = await mk({ scheduleType: "cron" });
    expect(missing.status).toBe(400);
    expect(missing.body.data.message).toBe("Missing cron expression in the schedule.");
    const star = await mk({ scheduleType: "cron", cronExpression: "* 0 12 * * ?" });
    expect(star.status).toBe(400);
    expect(star.body.title).toBe("bad-request");
    const invalid = await mk({ scheduleType: "cron", cronExpression: "0 0 25 * * ?" });
    expect(invalid.status).toBe(400);
    expect(invalid.body.type).toBe("error:cron-validation/invalid-expression");
    expect(invalid.body.data.cronExpression).toBe("0 0 25 * * ?");
    const both = await mk({ scheduleType: "cron", cronExpression: "0 0 12 * * MON" });
    expect(both.body.type).toBe("error:cron-validation/invalid-expression");
    const often = await mk({ scheduleType: "cron", cronExpression: "0 */15 * * * ?" });
    expect(often.status).toBe(400);
    expect(often.body.type).toBe("error:cron-validation/under-one-hour-not-allowed");
  });

  it("PATCH changes only what is sent; streams replace the selection; DELETE deprecates", async () => {
    const conn = (await c.post("/connections", { sourceId: faker, destinationId: pgDst, prefix: "raw_" }))
      .body;
    const p = await c.patch(`/connections/${conn.connectionId}`, {
      schedule: { scheduleType: "cron", cronExpression: "0 0 * * * ?" },
      configurations: { streams: [{ name: "products" }] },
    });
    expect(p.status).toBe(200);
    expect(p.body.prefix).toBe("raw_");
    expect(p.body.name).toBe(conn.name);
    expect(p.body.schedule.cronExpression).toBe("0 0 * * * ? UTC");
    expect(p.body.configurations.streams.map((s: { name: string }) => s.name)).toEqual(["products"]);
    const keep = await c.patch(`/connections/${conn.connectionId}`, {
      status: "inactive",
      configurations: { streams: [] },
    });
    expect(keep.body.status).toBe("inactive");
    expect(keep.body.configurations.streams).toHaveLength(1);
    const rejected = await c.patch(`/connections/${conn.connectionId}`, {
      name: "renamed",
      schedule: { scheduleType: "cron", cronExpression: "bad" },
    });
    expect(rejected.status).toBe(400);
    expect((await c.get(`/connections/${conn.connectionId}`)).body.name).toBe(conn.name);
    expect((await c.del(`/connections/${conn.connectionId}`)).status).toBe(204);
    const gone = await c.get(`/connections/${conn.connectionId}`);
    expect(gone.status).toBe(200);
    expect(gone.body.status).toBe("deprecated");
    const ids = async (q: string) =>
      (await c.get(`/connections?workspaceIds=${ws}&limit=100${q}`)).body.data.map(
        (x: { connectionId: string }) => x.connectionId,
      );
    expect(await ids("")).not.toContain(conn.connectionId);
    expect(await ids("&includeDeleted=true")).toContain(conn.connectionId);
  });

  it("answers 409 connection/locked to a PATCH of a locked connection", async () => {
    const conn = (await c.post("/connections", { sourceId: faker, destinationId: pgDst, status: "locked" }))
      .body;
    const r = await c.patch(`/connections/${conn.connectionId}`, { name: "x" });
    expect(r.status).toBe(409);
    expect(r.body).toMatchObject({
      type: "error:connection/locked",
      data: { connectionId: conn.connectionId },
    });
  });

  it("attaches tags by id, returns tag objects, filters by tagIds", async () => {
    const tag = (await c.post("/tags", { name: "prod", color: "FF5733", workspaceId: ws })).body;
    const conn = await c.post("/connections", {
      sourceId: faker,
      destinationId: pgDst,
      tags: [{ tagId: tag.tagId }],
    });
    expect(conn.body.tags).toEqual([tag]);
    const listed = await c.get(`/connections?tagIds=${tag.tagId}`);
    expect(listed.body.data.map((x: { connectionId: string }) => x.connectionId)).toEqual([
      conn.body.connectionId,
    ]);
    const missing = await c.post("/connections", {
      sourceId: faker,
      destinationId: pgDst,
      tags: [{ tagId: "44444444-4444-4444-4444-444444444444" }],
    });
    expect(missing.status).toBe(404);
    await c.del(`/tags/${tag.tagId}`);
    expect((await c.get(`/connections/${conn.body.connectionId}`)).body.tags).toEqual([]);
  });
});

describe("tags", () => {
  let emu: Emulator;
  let c: Client;
  let ws: string;
  beforeAll(async () => {
    emu = await startEmulator();
    c = await login(emu);
    ws = (await c.post("/workspaces", { name: "w" })).body.workspaceId;
  });
  afterAll(() => emu.close());

  it("CRUD with the TagResponse shape and an unpaged list", async () => {
    const t = await c.post("/tags", { name: "a", color: "00ff00", workspaceId: ws });
    expect(t.body).toEqual({ tagId: expect.any(String), name: "a", color: "00ff00", workspaceId: ws });
    const p = await c.patch(`/tags/${t.body.tagId}`, { name: "b", color: "0000FF" });
    expect(p.body).toMatchObject({ name: "b", color: "0000FF" });
    expect((await c.patch(`/tags/${t.body.tagId}`, { name: "only-name" })).status).toBe(422);
    const l = await c.get(`/tags?workspaceIds=${ws}`);
    expect(l.body).toEqual({ data: [p.body] });
    expect((await c.del(`/tags/${t.body.tagId}`)).status).toBe(204);
    expect((await c.get(`/tags/${t.body.tagId}`)).status).toBe(404);
  });

  it("enforces name length, hex color, uniqueness and the workspace limit", async () => {
    const long = await c.post("/tags", { name: "x".repeat(31), color: "000000", workspaceId: ws });
    expect(long.status).toBe(400);
    expect(long.body).toMatchObject({ type: "error:tag-name-too-long", title: "Tag name too long" });
    const color = await c.post("/tags", { name: "c", color: "#00000", workspaceId: ws });
    expect(color.body).toMatchObject({
      status: 400,
      type: "error:tag-invalid-hex-color",
      title: "Invalid hex color",
    });
    await c.post("/tags", { name: "dup", color: "000000", workspaceId: ws });
    const dup = await c.post("/tags", { name: "dup", color: "111111", workspaceId: ws });
    expect(dup.status).toBe(409);
    expect(dup.body).toMatchObject({ type: "error:tag-already-exists", title: "Tag already exists" });
    const ws2 = (await c.post("/workspaces", { name: "w2" })).body.workspaceId;
    for (let i = 0; i < 100; i++) {
      expect((await c.post("/tags", { name: `t${i}`, color: "ABCDEF", workspaceId: ws2 })).status).toBe(200);
    }
    const over = await c.post("/tags", { name: "t100", color: "ABCDEF", workspaceId: ws2 });
    expect(over.status).toBe(400);
    expect(over.body.type).toBe("error:tag-limit-for-workspace-reached");
  });
});
