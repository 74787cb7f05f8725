/**
 * docs/emulator.md, the emulator's reference that ships in the package, says what the emulator
 * does: its seed example starts an emulator, its test hooks answer as it says, its Postgres table
 * is the catalog, and the file is in the package.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POSTGRES_SCHEMAS } from "../../emulator/connectors/postgres-catalog.js";
import { type Emulator, startEmulator } from "../../emulator/index.js";
import { call } from "./helpers.js";

const DOC = readFileSync("docs/emulator.md", "utf8");
const tmp = mkdtempSync(join(tmpdir(), "emu-docs-"));

/** The first fenced block of `lang` after the heading that starts with `heading`. */
function block(heading: string, lang: string): string {
  const from = DOC.indexOf(`\n## ${heading}`);
  const start = DOC.indexOf(`\`\`\`${lang}\n`, from);
  if (from < 0 || start < 0) throw new Error(`docs/emulator.md has no ${lang} block under "${heading}"`);
  return DOC.slice(start + lang.length + 4, DOC.indexOf("\n```", start + 3));
}

describe("docs/emulator.md", () => {
  let emu: Emulator;
  let token: string;
  beforeAll(async () => {
    const seed = join(tmp, "seed.yaml");
    writeFileSync(seed, block("Seed files", "yaml"));
    emu = await startEmulator({ seed, jobDurationMs: 100 });
    const login = await call(emu.url, "POST", "/applications/token", {
      body: { client_id: "ada-ci", client_secret: "s3cret", "grant-type": "client_credentials" },
    });
    token = (login.body as { access_token: string }).access_token;
  });
  afterAll(async () => {
    await emu?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it("its seed example starts an emulator where the seeded user logs in and sees the seeded objects", async () => {
    const workspaces = await call(emu.url, "GET", "/workspaces", { token });
    expect(workspaces.body.data.map((w: { name: string }) => w.name)).toEqual(["analytics"]);
    const sources = await call(emu.url, "GET", "/sources", { token });
    const pg = sources.body.data.find((s: { name: string }) => s.name === "orders-db");
    const streams = await call(emu.url, "GET", `/streams?sourceId=${pg.sourceId}`, { token });
    expect(new Set(streams.body.map((s: { streamnamespace: string }) => s.streamnamespace))).toEqual(
      new Set(["public", "billing"]),
    );
  });

  it("its test hooks answer as documented", async () => {
    const connections = await call(emu.url, "GET", "/connections", { token });
    const connectionId = connections.body.data[0].connectionId as string;
    const fail = await call(emu.url, "POST", "/_emulator/jobs/fail-next", {
      body: { connectionId, reason: "disk full" },
    });
    expect(fail.status).toBe(204);
    const job = await call(emu.url, "POST", "/jobs", { token, body: { connectionId, jobType: "sync" } });
    let status = "";
    for (let i = 0; i < 200 && status !== "failed"; i++) {
      status = (await call(emu.url, "GET", `/jobs/${job.body.jobId}`, { token })).body.status;
      if (status === "succeeded") break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(status).toBe("failed");

    const sources = await call(emu.url, "GET", "/sources", { token });
    const pg = sources.body.data.find((s: { name: string }) => s.name === "orders-db");
    const change = await call(emu.url, "POST", `/_emulator/sources/${pg.sourceId}/schema-changes`, {
      body: JSON.parse(block("HTTP test hooks", "json")),
    });
    expect(change.status).toBe(200);
    const streams = await call(emu.url, "GET", `/streams?sourceId=${pg.sourceId}&ignoreCache=true`, {
      token,
    });
    const names = streams.body.map((s: { streamName: string }) => s.streamName);
    expect(names).toContain("refunds");
    expect(names).not.toContain("reviews");

    const armed = await call(emu.url, "POST", "/_emulator/faults", {
      body: { spec: "POST /sources 503 times=2" },
    });
    expect(armed.body.data[0]).toMatchObject({ spec: expect.stringContaining("503"), remaining: 2 });
    expect((await call(emu.url, "DELETE", "/_emulator/faults")).status).toBe(204);
  });

  it("lists each Postgres schema's tables as the emulator discovers them", () => {
    for (const [schema, tables] of Object.entries(POSTGRES_SCHEMAS)) {
      // The table is padded by the formatter: match the cell, not its width.
      const row = DOC.split("\n").find((l) => new RegExp(`^\\|\\s*\`${schema}\`\\s*\\|`).test(l));
      expect(row, `a row for ${schema}`).toBeDefined();
      expect(row?.split("|")[2]?.trim()).toBe(Object.keys(tables).join(", "));
    }
  });

  it("ships in the package, and the README points to it", () => {
    const pkg = JSON.parse(readFileSync("package.json", "utf8")) as { files: string[] };
    expect(pkg.files).toContain("docs/emulator.md");
    expect(readFileSync("README.md", "utf8")).toContain("docs/emulator.md");
  });
});
