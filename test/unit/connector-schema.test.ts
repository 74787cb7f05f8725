import { describe, expect, it } from "vitest";
import { KEEP_EXISTING_SECRET } from "../../provider/configuration.js";
import { configurationProblems } from "../../provider/connector-schema.js";
import { UNKNOWN } from "../../provider/framework/values.js";

// Definition ids of the public API's name tables (data/connector-definition-ids.json).
const FAKER = "dfd88b22-b603-4c3d-aad7-3701784586b1";
const POSTGRES = "25c5221d-dce2-4163-ade9-739ef790f503";
const WAREHOUSE = { host: "h", port: 5432, database: "d", schema: "raw", username: "u", password: "p" };

describe("configurationProblems (the connector's schema at preview)", () => {
  it("passes configurations the schema accepts", () => {
    expect(configurationProblems("source", FAKER, { count: 10, seed: 1 })).toEqual([]);
    expect(configurationProblems("destination", POSTGRES, { ...WAREHOUSE, jdbc_url_params: "a=b" })).toEqual(
      [],
    );
  });

  it("names each field that fails, with the fix", () => {
    const { username: _u, ...noUser } = WAREHOUSE;
    expect(
      configurationProblems("destination", POSTGRES, { ...noUser, port: "5432", ssl_mode: { mode: "nope" } }),
    ).toEqual([
      {
        property: "configuration.username",
        reason: "is required by the postgres connector: add it to the configuration",
      },
      { property: "configuration.port", reason: "must be integer (the postgres connector's schema)" },
      {
        property: "configuration.ssl_mode",
        reason: expect.stringMatching(
          /^must be one of the postgres connector's shapes for this field: \{ mode: "disable", … \}/,
        ),
      },
    ]);
  });

  it("lets values unknown at preview and kept secrets pass", () => {
    expect(configurationProblems("destination", POSTGRES, { ...WAREHOUSE, port: UNKNOWN })).toEqual([]);
    expect(
      configurationProblems("destination", POSTGRES, { ...WAREHOUSE, password: KEEP_EXISTING_SECRET }),
    ).toEqual([]);
    expect(configurationProblems("source", FAKER, UNKNOWN)).toEqual([]);
  });

  it("does not check a connector it has no schema for (a custom one)", () => {
    expect(configurationProblems("source", "00000000-0000-4000-8000-000000000000", { anything: 1 })).toEqual(
      [],
    );
  });
});
