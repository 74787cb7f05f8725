/**
 * Upstream schema changes: the emulator's switch changes what a source discovers, and each
 * connection of the source is disabled, propagated or left for approval as the platform does it,
 * with the workspace's schema-change webhook notified in Airbyte's Slack payload.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../emulator/index.js";
import { type Client, call, type Json, login } from "./helpers.js";

const DEV_NULL = "a7bcc9d8-13b3-4e49-b80d-d020b90045e3";
const SILENT = { test_destination: { test_destination_type: "SILENT" } };

describe("schema changes", () => {
  let emu: Emulator;
  let c: Client;
  let receiver: Server;
  let hookUrl: string;
  const received: { path: string; body: Json }[] = [];
  let ws: string;
  let dst: string;

  /** A fresh faker source with one connection of the given preference, incremental on users. */
  const pipeline = async (pref: string, streams?: unknown[]) => {
    const src = (
      await c.post("/sources", {
        name: `src-${pref}`,
        workspaceId: ws,
        configuration: { sourceType: "faker" },
      })
    ).body.sourceId as string;
    const conn = await c.post("/connections", {
      name: `conn-${pref}`,
      sourceId: src,
      destinationId: dst,
      nonBreakingSchemaUpdatesBehavior: pref,
      configurations: {
        streams: streams ?? [
          {
            name: "users",
            syncMode: "incremental_append",
            selectedFields: [{ fieldPath: ["id"] }, { fieldPath: ["updated_at"] }],
          },
        ],
      },
    });
    expect(conn.status).toBe(200);
    return { src, conn: conn.body.connectionId as string };
  };

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let text = "";
      req.on("data", (d) => {
        text += String(d);
      });
      req.on("end", () => {
        received.push({ path: req.url ?? "", body: JSON.parse(text) });
        res.end("ok");
      });
    });
    await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
    hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    emu = await startEmulator();
    c = await login(emu);
    ws = (
      await c.post("/workspaces", {
        name: "schemas",
        notifications: {
          connectionUpdate: { webhook: { enabled: true, url: `${hookUrl}/update` } },
          connectionUpdateActionRequired: { webhook: { enabled: true, url: `${hookUrl}/action` } },
        },
      })
    ).body.workspaceId;
    dst = (
      await c.post("/destinations", {
        name: "sink",
        workspaceId: ws,
        definitionId: DEV_NULL,
        configuration: SILENT,
      })
    ).body.destinationId;
  });
  afterAll(async () => {
    await emu.close();
    await new Promise((r) => receiver.close(r));
  });

  it("leaves a non-breaking change for approval under `ignore`, notifying connectionUpdate", async () => {
    const { src, conn } = await pipeline("ignore");
    received.length = 0;
    const out = await emu.changeSourceSchema(src, {
      addFields: { users: ["nickname"] },
      addStreams: [{ name: "reviews", fields: ["id", "stars"] }],
    });
    expect(out).toEqual([
      {
        connectionId: conn,
        breaking: false,
        status: "active",
        propagated: false,
        notified: "connectionUpdate",
      },
    ]);
    expect(received).toHaveLength(1);
    const { path, body } = received[0]!;
    expect(path).toBe("/update");
    const header = `Airbyte detected schema changes for '<${emu.url.replace(/\/v1$/, "")}/workspaces/${ws}/connections/${conn}|conn-ignore>'.`;
    expect(body).toEqual({
      text: header,
      blocks: [
        { type: "section", text: { type: "mrkdwn", text: header } },
        {
          type: "section",
          text: {
            type: "mrkdwn",
            text: "The upstream schema of 'conn-ignore' has changed. Please review and approve the changes to reflect them in your connection.",
          },
        },
        {
          type: "section",
          fields: [
            { type: "mrkdwn", text: "*Workspace*" },
            { type: "mrkdwn", text: expect.stringMatching(/^<.*\|schemas>$/) },
            { type: "mrkdwn", text: "*Source*" },
            { type: "mrkdwn", text: expect.stringMatching(/^<.*\/source\/.*\|src-ignore>$/) },
          ],
        },
        { type: "divider" },
        {
          type: "section",
          text: {
            type: "mrkdwn",
            text: " • Streams (+1/-0/~0)\n   ＋ reviews\n • Fields (+1/~0/-0)\n   • users\n     ＋ nickname\n",
          },
        },
      ],
    });
    // The selection waits for approval; the discover shows the change already.
    const got = (await c.get(`/connections/${conn}`)).body;
    expect(got.configurations.streams[0].selectedFields).toEqual([
      { fieldPath: ["id"] },
      { fieldPath: ["updated_at"] },
    ]);
    const streams = (await c.get(`/streams?sourceId=${src}`)).body.map(
      (s: { streamName: string }) => s.streamName,
    );
    expect(streams).toContain("reviews");
  });

  it("disables a `disable_connection` connection on any change, as the real server does", async () => {
    const { src, conn } = await pipeline("disable_connection");
    received.length = 0;
    const out = await emu.changeSourceSchema(src, { addFields: { users: ["nickname"] } });
    expect(out[0]).toMatchObject({ breaking: false, status: "inactive", notified: "connectionUpdate" });
    expect((await c.get(`/connections/${conn}`)).body.status).toBe("inactive");
    expect(received[0]?.body.blocks[1].text.text).toContain(
      "Airbyte has automatically disabled your connections",
    );
    // A sync on a disabled connection is refused until it is re-enabled.
    expect((await c.post("/jobs", { connectionId: conn, jobType: "sync" })).status).toBe(409);
  });

  it("propagates columns, or streams too, when the connection asks for it", async () => {
    const cols = await pipeline("propagate_columns");
    received.length = 0;
    const out = await emu.changeSourceSchema(cols.src, {
      addFields: { users: ["nickname"] },
      addStreams: [{ name: "reviews", fields: ["id"] }],
    });
    expect(out[0]).toMatchObject({
      breaking: false,
      status: "active",
      propagated: true,
      notified: "connectionUpdate",
    });
    const streams = (await c.get(`/connections/${cols.conn}`)).body.configurations.streams;
    expect(streams.map((s: { name: string }) => s.name)).toEqual(["users"]);
    expect(streams[0].selectedFields).toContainEqual({ fieldPath: ["nickname"] });
    const header = received[0]?.body.text as string;
    expect(header).toMatch(/^The schema of '<.*\|conn-propagate_columns>' has changed\.$/);
    expect(received[0]?.body.blocks).toHaveLength(4);

    const fully = await pipeline("propagate_fully");
    await emu.changeSourceSchema(fully.src, { addStreams: [{ name: "reviews", fields: ["id"] }] });
    const all = (await c.get(`/connections/${fully.conn}`)).body.configurations.streams;
    expect(all.map((s: { name: string }) => s.name)).toEqual(["users", "reviews"]);
    // Applied: the same catalog again is no change.
    received.length = 0;
    expect((await emu.changeSourceSchema(fully.src, {}))[0]).toMatchObject({ propagated: false });
    expect(received).toEqual([]);
  });

  it("disables the connection on a breaking change (the cursor removed) and asks for action", async () => {
    const ignore = await pipeline("ignore");
    received.length = 0;
    const out = await emu.changeSourceSchema(ignore.src, { removeFields: { users: ["updated_at"] } });
    expect(out[0]).toMatchObject({
      breaking: true,
      status: "inactive",
      propagated: false,
      notified: "connectionUpdateActionRequired",
    });
    expect(received.map((r) => r.path)).toEqual(["/action"]);
    expect(received[0]?.body.blocks.at(-1).text.text).toBe(
      " • Fields (+0/~0/-1)\n   • users\n     － updated_at\n",
    );
    // Breaking changes are never propagated, and a propagating connection is then not notified.
    const cols = await pipeline("propagate_columns");
    received.length = 0;
    const again = await emu.changeSourceSchema(cols.src, { removeFields: { users: ["updated_at"] } });
    expect(again[0]).toMatchObject({ breaking: true, status: "inactive", propagated: false });
    expect(again[0]).not.toHaveProperty("notified");
    expect(received).toEqual([]);
  });

  it("is a test hook over HTTP, which refuses a malformed change and an unknown source", async () => {
    const { src, conn } = await pipeline("disable_connection");
    const root = emu.url.replace(/\/v1$/, "");
    const r = await call(root, "POST", `/_emulator/sources/${src}/schema-changes`, {
      body: { removeStreams: ["products"] },
    });
    expect(r.status).toBe(200);
    // products was not selected: a non-breaking change, which this connection disables on.
    expect(r.body.data).toEqual([
      expect.objectContaining({ connectionId: conn, breaking: false, status: "inactive" }),
    ]);
    expect(
      (await call(root, "POST", `/_emulator/sources/${src}/schema-changes`, { body: { drop: 1 } })).status,
    ).toBe(400);
    const unknown = await call(
      root,
      "POST",
      "/_emulator/sources/11111111-2222-4333-8444-555555555555/schema-changes",
      {
        body: {},
      },
    );
    expect(unknown.status).toBe(404);
  });
});
