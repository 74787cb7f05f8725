import { describe, expect, it } from "vitest";
import { KEEP_EXISTING_SECRET } from "../../provider/configuration.js";
import {
  configurationProblems,
  configurationProblemsOf,
  configurationWarnings,
} from "../../provider/connector-schema.js";
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

describe("configurationWarnings (keys the connector's schema does not name)", () => {
  const PG_SOURCE = "decd338e-5647-4c0b-adf4-da0e75f5a750";
  const ORDERS = { host: "h", port: 5432, database: "d", username: "u" };

  it("names a misspelt key and the closest known one", () => {
    expect(configurationWarnings("source", PG_SOURCE, { ...ORDERS, sslmode: { mode: "require" } })).toEqual([
      {
        property: "configuration.sslmode",
        reason: `is not a field of the postgres connector's configuration, so the connector ignores it: did you mean "ssl_mode"?`,
      },
    ]);
  });

  it("looks inside the oneOf branch the value chose, and only there", () => {
    const warnings = configurationWarnings("source", PG_SOURCE, {
      ...ORDERS,
      ssl_mode: { mode: "verify-ca", ca_certificate: "x", clientkey: "y" },
      // replication_slot belongs to the CDC branch, not to the Standard one chosen here.
      replication_method: { method: "Standard", replication_slot: "s" },
    });
    expect(warnings).toEqual([
      {
        property: "configuration.ssl_mode.clientkey",
        reason: expect.stringMatching(/did you mean "client_key"\?$/),
      },
      {
        property: "configuration.replication_method.replication_slot",
        reason: expect.stringMatching(/ignores it: remove it or check its spelling$/),
      },
    ]);
  });

  it("says nothing of a configuration whose keys are all known, or of a connector without a schema", () => {
    expect(
      configurationWarnings("source", PG_SOURCE, {
        ...ORDERS,
        ssl_mode: { mode: "require" },
        replication_method: { method: "CDC", replication_slot: "s", publication: "p" },
      }),
    ).toEqual([]);
    expect(configurationWarnings("source", "00000000-0000-4000-8000-000000000000", { anything: 1 })).toEqual(
      [],
    );
  });

  it("is an error, with the suggestion, where the schema refuses extra keys", () => {
    // The Postgres destination's ssl_mode branches allow no other keys.
    const sslMode = { mode: "verify-full", ca_certificate: "c", client_certificate: "x", clientkey: "k" };
    expect(configurationWarnings("destination", POSTGRES, { ...WAREHOUSE, ssl_mode: sslMode })).toEqual([]);
    expect(configurationProblems("destination", POSTGRES, { ...WAREHOUSE, ssl_mode: sslMode })).toEqual([
      {
        property: "configuration.ssl_mode.clientkey",
        reason: `is not a field of the postgres connector's configuration, which allows no other keys here: did you mean "client_key"?`,
      },
    ]);
    expect(
      configurationProblemsOf("destination", "postgres", { ...WAREHOUSE, ssl_mode: sslMode }),
    ).toHaveLength(1);
  });
});
