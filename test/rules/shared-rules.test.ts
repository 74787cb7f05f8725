/**
 * Facts the provider and the emulator both hold, kept apart on purpose (the emulator checks the
 * provider), decided by one table each: a case either side gets wrong fails here.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { validateCron } from "../../emulator/cron.js";
import { type Emulator, startEmulator } from "../../emulator/index.js";
import type { StreamProperties } from "../../provider/api/index.js";
import { projectLive, SECRET_MASK } from "../../provider/configuration.js";
import { cronProblem } from "../../provider/cron.js";
import { streamsCheck } from "../../provider/streams.js";
import { CRON_CASES } from "./cron-cases.js";
import { MASKING_CASES, PG_DESTINATION, SOURCES } from "./masking-cases.js";
import { STREAM_CASES } from "./stream-cases.js";

describe("cron: the provider's check and the emulator agree with the table", () => {
  it.each(CRON_CASES)("$expression ($why)", ({ expression, valid }) => {
    const provider = cronProblem(expression) === undefined;
    let emulator = true;
    try {
      validateCron(expression);
    } catch {
      emulator = false;
    }
    expect({ provider, emulator }).toEqual({ provider: valid, emulator: valid });
  });
});

describe("streams and secret masking: the provider and the emulator agree with the tables", () => {
  let emu: Emulator;
  let destinationId = "";
  const sources: Record<string, string> = {};
  const api = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${emu.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${emu.issueToken()}`, "content-type": "application/json" },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return {
      status: response.status,
      body: (text === "" ? {} : JSON.parse(text)) as Record<string, unknown>,
    };
  };

  beforeAll(async () => {
    emu = await startEmulator({});
    const ws = (await api("POST", "/workspaces", { name: "rules" })).body;
    const workspaceId = String(ws.workspaceId);
    for (const [name, configuration] of Object.entries(SOURCES)) {
      const created = await api("POST", "/sources", { name, workspaceId, configuration });
      sources[name] = String(created.body.sourceId);
    }
    const dst = await api("POST", "/destinations", {
      name: "warehouse",
      workspaceId,
      configuration: { destinationType: "postgres", ...PG_DESTINATION },
    });
    destinationId = String(dst.body.destinationId);
  });
  afterAll(async () => {
    await emu?.close();
  });

  it.each(STREAM_CASES)("$source: $why", async ({ source, streams, valid }) => {
    const sourceId = sources[source] ?? "";
    const catalog = (await api("GET", `/streams?sourceId=${sourceId}&destinationId=${destinationId}`))
      .body as unknown as StreamProperties[];
    const provider = streamsCheck(streams, catalog).length === 0;
    const created = await api("POST", "/connections", {
      sourceId,
      destinationId,
      configurations: { streams },
    });
    const emulator = created.status < 300;
    if (emulator) await api("DELETE", `/connections/${String(created.body.connectionId)}`);
    expect({ provider, emulator }).toEqual({ provider: valid, emulator: valid });
  });

  it.each(MASKING_CASES)("masking: $why", async ({ kind, configuration, secretPaths }) => {
    const ws = (await api("POST", "/workspaces", { name: `masking ${secretPaths.join(",")}` })).body;
    const created = await api("POST", `/${kind}s`, {
      name: "masked",
      workspaceId: ws.workspaceId,
      configuration,
    });
    expect(created.status).toBe(200);
    const id = String(created.body[`${kind}Id`]);
    const live = (await api("GET", `/${kind}s/${id}`)).body.configuration as Record<string, unknown>;
    // The emulator masks exactly the secret fields, with the mask the provider knows.
    const at = (obj: unknown, path: string): unknown =>
      path.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], obj);
    for (const path of secretPaths) expect(at(live, path)).toBe(SECRET_MASK);
    // And the provider reads the masked configuration back as what was declared: no drift.
    const { [`${kind}Type`]: _type, ...declared } = configuration;
    expect(projectLive(declared, live)).toEqual(declared);
  });
});
