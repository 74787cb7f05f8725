/**
 * Benchmark: prints figures, asserts nothing. `npm run bench:export` (after `npm run setup`).
 * Builds a workspace of 200 connections (20 sources, 10 destinations, 5 tags) in the emulator
 * and exports it, counting the API requests the export makes and its wall time.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { startEmulator } from "pulumi-airbyte/emulator";
import { AirbyteClient } from "pulumi-airbyte/provider/api/client";
import { exportWorkspace } from "#dist/cli/export.js";

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 200);

async function main(): Promise<void> {
  const emu = await startEmulator({});
  const client = new AirbyteClient({
    serverUrl: emu.url,
    credentials: { clientId: emu.clientId, clientSecret: emu.clientSecret },
  });
  const ws = await client.workspaces.create({ name: "bench" });
  const sources = await Promise.all(
    Array.from({ length: 20 }, (_, i) =>
      client.sources.create({
        name: `source ${i}`,
        workspaceId: ws.workspaceId,
        configuration: { sourceType: "faker", count: 10, seed: i },
      }),
    ),
  );
  const destinations = await Promise.all(
    Array.from({ length: 10 }, (_, i) =>
      client.destinations.create({
        name: `warehouse ${i}`,
        workspaceId: ws.workspaceId,
        configuration: {
          destinationType: "postgres",
          host: "dwh",
          port: 5432,
          database: "analytics",
          schema: `raw_${i}`,
          username: "loader",
          password: `pw-${i}`,
        },
      }),
    ),
  );
  for (let i = 0; i < 5; i++)
    await client.tags.create({ workspaceId: ws.workspaceId, name: `team ${i}`, color: "AA00FF" });
  for (let i = 0; i < CONNECTIONS; i++) {
    const s = sources[i % sources.length];
    const d = destinations[Math.floor(i / sources.length) % destinations.length];
    if (s === undefined || d === undefined) throw new Error("unreachable");
    await client.connections.create({
      sourceId: s.sourceId,
      destinationId: d.destinationId,
      name: `connection ${i}`,
      schedule: { scheduleType: "cron", cronExpression: `0 ${i % 60} ${i % 24} * * ?` },
      configurations: { streams: [{ name: "users", syncMode: "full_refresh_overwrite" }] },
    });
  }
  const out = await mkdtemp(path.join(tmpdir(), "pa-export-bench-"));
  emu.clearRequests();
  const start = performance.now();
  const result = await exportWorkspace(client, { workspace: ws.workspaceId, outDir: out });
  const ms = performance.now() - start;
  const calls = emu.requests.filter((r) => !r.path.startsWith("/applications/token"));
  const byPath = new Map<string, number>();
  for (const r of calls) {
    const key = `${r.method} ${r.path.split("?")[0]?.replace(/[0-9a-f-]{36}/, ":id")}`;
    byPath.set(key, (byPath.get(key) ?? 0) + 1);
  }
  console.log(
    `export of ${result.model.connections.length} connections, ${result.model.sources.length} sources, ` +
      `${result.model.destinations.length} destinations, ${result.model.tags.length} tags: ` +
      `${calls.length} API requests in ${ms.toFixed(0)} ms`,
  );
  for (const [key, n] of [...byPath].sort()) console.log(`  ${key.padEnd(36)} ${n}`);
  await rm(out, { recursive: true, force: true });
  await emu.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
