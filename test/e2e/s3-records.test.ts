/**
 * Create records in an S3 bucket (an `s3://` backend's), against moto's S3 server: written whole,
 * listed, read, removed in one request, and a store that went away fails the write (the create
 * then fails before anything reaches Airbyte) rather than losing it quietly. Prints what each
 * operation took on loopback, for docs/reliability.md's cost of the records.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { s3Store } from "../../provider/framework/record-stores.js";
import { type ObjectStore, startObjectStore } from "./object-store.js";

describe("create records in an S3 bucket", () => {
  let store: ObjectStore;
  let query: URLSearchParams;
  const saved: Record<string, string | undefined> = {};

  beforeAll(async () => {
    store = await startObjectStore();
    query = new URL(await store.bucket("records-bucket")).searchParams;
    // The provider takes credentials from the AWS default chain: here, the environment.
    for (const [k, v] of Object.entries(store.env)) {
      saved[k] = process.env[k];
      process.env[k] = v;
    }
  }, 120_000);
  afterAll(async () => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    await store?.close();
  });

  it("writes, lists, reads and removes records under the stack's prefix only", async () => {
    const records = s3Store({
      bucket: "records-bucket",
      prefix: "team/.pulumi-airbyte/create-records/p/dev/",
      query,
    });
    const other = s3Store({
      bucket: "records-bucket",
      prefix: "team/.pulumi-airbyte/create-records/p/prod/",
      query,
    });
    const timed = async <T>(what: string, f: () => Promise<T>, into: string[]): Promise<T> => {
      const t = performance.now();
      const r = await f();
      into.push(`${what} ${(performance.now() - t).toFixed(1)} ms`);
      return r;
    };
    const times: string[] = [];
    await timed("first PUT (client loaded)", () => records.write("a.json", '{"startedAt":1}'), times);
    await timed("PUT", () => records.write("b.json", '{"startedAt":2}'), times);
    await timed("PUT (the id)", () => records.write("b.json", '{"startedAt":2,"id":"x"}'), times);
    await other.write("c.json", "{}");
    const listing = await timed("LIST", () => records.list(), times);
    expect([...listing.keys()].sort()).toEqual(["a.json", "b.json"]);
    expect(await timed("GET", () => records.read("b.json"), times)).toBe('{"startedAt":2,"id":"x"}');
    expect(await records.read("missing.json")).toBeUndefined();
    await timed("DeleteObjects (2)", () => records.remove(["a.json", "b.json"]), times);
    expect((await records.list()).size).toBe(0);
    expect([...(await other.list()).keys()]).toEqual(["c.json"]);
    console.log(`S3 record operations against moto on loopback: ${times.join(", ")}`);
  });

  it("fails a write while the store is away, and writes again once it is back", async () => {
    const records = s3Store({ bucket: "records-bucket", prefix: "away/", query });
    await store.stop();
    try {
      await expect(records.write("a.json", "{}")).rejects.toThrow();
    } finally {
      await store.start();
    }
    await records.write("a.json", "{}");
    expect([...(await records.list()).keys()]).toEqual(["a.json"]);
  }, 120_000);
});
