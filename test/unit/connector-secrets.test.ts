import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { secretFieldsOf } from "../../provider/connector-secrets.js";
// @ts-expect-error: a plain .mjs script without types; it exports the derivation it writes out.
import { deriveSecretFields } from "../../scripts/derive-secret-fields.mjs";
import { withSecretFields } from "../../sdk/secrets.js";

const root = path.resolve(import.meta.dirname, "../..");

describe("which configuration fields are secrets", () => {
  it("data/connector-secrets.json is what the shipped connector specs say (run scripts/derive-secret-fields.mjs)", () => {
    const shipped = JSON.parse(readFileSync(path.join(root, "data/connector-secrets.json"), "utf8"));
    expect(shipped).toEqual(deriveSecretFields());
  });

  it("knows connectors by name and by definition id, and not the ones it does not know", () => {
    expect(secretFieldsOf("source", "Postgres", undefined)).toContain("password");
    expect(secretFieldsOf("destination", undefined, "25c5221d-dce2-4163-ade9-739ef790f503")).toContain(
      "tunnel_method.tunnel_user_password",
    );
    expect(secretFieldsOf("source", "faker", undefined)?.size).toBe(0);
    expect(secretFieldsOf("source", "my-custom-connector", undefined)).toBeUndefined();
  });

  it("wraps only the secret fields, at any depth", () => {
    const marked = withSecretFields(
      { host: "db", password: "p", tunnel_method: { tunnel_host: "b", tunnel_user_password: "q" } },
      new Set(["password", "tunnel_method.tunnel_user_password"]),
    ) as Record<string, unknown> & { tunnel_method: Record<string, unknown> };
    expect(marked.host).toBe("db");
    expect(marked.tunnel_method.tunnel_host).toBe("b");
    for (const secret of [marked.password, marked.tunnel_method.tunnel_user_password]) {
      expect(typeof secret).toBe("object");
    }
    expect(withSecretFields(Promise.resolve({}), new Set(["password"]))).toBeUndefined();
  });
});
