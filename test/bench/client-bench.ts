/**
 * Benchmark: prints figures, asserts nothing. `npm run bench` (after `npm run setup`).
 * - the serialized provider (`__provider`) size per resource kind;
 * - client throughput against the emulator over loopback: sequential and concurrent creates,
 *   a paginated list, and how many token requests all of that cost;
 * - process memory afterwards.
 */
import * as pulumi from "@pulumi/pulumi";
import { startEmulator } from "pulumi-airbyte/emulator";
import { AirbyteClient } from "pulumi-airbyte/provider/api/client";
import { RESOURCE_KINDS } from "pulumi-airbyte/provider/kinds";
import { providerStub } from "#dist/sdk/stub.js";

const KINDS = RESOURCE_KINDS;

async function providerSizes(): Promise<void> {
  for (const kind of KINDS) {
    const stub = providerStub(kind);
    const serialized = await pulumi.runtime.serializeFunction(() => stub, { allowSecrets: false });
    console.log(`__provider ${kind.padEnd(12)} ${serialized.text.length} bytes`);
  }
}

async function timed<T>(label: string, n: number, fn: () => Promise<T>): Promise<T> {
  const start = performance.now();
  const result = await fn();
  const ms = performance.now() - start;
  console.log(`${label.padEnd(42)} ${n} calls in ${ms.toFixed(0)} ms (${((n * 1000) / ms).toFixed(0)}/s)`);
  return result;
}

async function main(): Promise<void> {
  await providerSizes();
  const emu = await startEmulator();
  try {
    const client = new AirbyteClient({
      serverUrl: emu.url,
      credentials: { clientId: emu.clientId, clientSecret: emu.clientSecret },
    });
    const N = 300;
    await timed("create workspaces, one at a time", N, async () => {
      for (let i = 0; i < N; i++) await client.workspaces.create({ name: `seq-${i}` });
    });
    await timed("create workspaces, 8 at a time", N, async () => {
      let next = 0;
      await Promise.all(
        Array.from({ length: 8 }, async () => {
          while (next < N) await client.workspaces.create({ name: `par-${next++}` });
        }),
      );
    });
    const listed = await timed(
      `list ${2 * N} workspaces (pages of 100)`,
      Math.ceil((2 * N) / 100) + 1,
      async () => {
        let count = 0;
        for await (const _ of client.workspaces.list({ limit: 100 })) count++;
        return count;
      },
    );
    const tokens = emu.requests.filter((r) => r.path === "/applications/token").length;
    console.log(
      `workspaces listed: ${listed}; token requests for ${emu.requests.length} requests: ${tokens}`,
    );
    const mem = process.memoryUsage();
    console.log(
      `memory: rss ${(mem.rss / 2 ** 20).toFixed(0)} MiB, heap used ${(mem.heapUsed / 2 ** 20).toFixed(0)} MiB`,
    );
  } finally {
    await emu.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
