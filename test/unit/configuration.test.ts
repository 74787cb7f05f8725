import { describe, expect, it } from "vitest";
import { mergePatch, projectLive, SECRET_MASK } from "../../provider/configuration.js";

describe("mergePatch: the smallest deep-merge PATCH, or a PUT when a key must go", () => {
  it("sends only changed leaves, recursing into objects", () => {
    const before = { host: "a", port: 5432, ssl: { mode: "require", ca: "x" }, schemas: ["public"] };
    const after = { host: "b", port: 5432, ssl: { mode: "verify-full", ca: "x" }, schemas: ["public"] };
    expect(mergePatch(before, after)).toEqual({ host: "b", ssl: { mode: "verify-full" } });
  });
  it("replaces arrays whole, as Airbyte's merge does", () => {
    expect(mergePatch({ schemas: ["a", "b"] }, { schemas: ["a"] })).toEqual({ schemas: ["a"] });
  });
  it("adds new keys", () => {
    expect(mergePatch({ a: 1 }, { a: 1, b: { c: 2 } })).toEqual({ b: { c: 2 } });
  });
  it("cannot remove a key: a PUT is needed", () => {
    expect(mergePatch({ a: 1, b: 2 }, { a: 1 })).toBeUndefined();
    expect(mergePatch({ ssl: { mode: "x", ca: "y" } }, { ssl: { mode: "x" } })).toBeUndefined();
  });
  it("turning an object into a scalar is a plain replacement", () => {
    expect(mergePatch({ a: { b: 1 } }, { a: 2 })).toEqual({ a: 2 });
  });
  it("an unchanged configuration gives an empty patch", () => {
    expect(mergePatch({ a: { b: [1] } }, { a: { b: [1] } })).toEqual({});
  });
});

describe("projectLive: drift on what Airbyte reports faithfully, never on masked secrets", () => {
  const declared = { host: "db", password: "s3cret", tunnel: { method: "SSH", key: "k" }, port: 5432 };
  it("takes changed plain values from the live object", () => {
    const live = {
      host: "db2",
      password: SECRET_MASK,
      tunnel: { method: "NONE", key: SECRET_MASK },
      port: 5432,
      extra: 1,
    };
    expect(projectLive(declared, live)).toEqual({
      host: "db2",
      password: "s3cret",
      tunnel: { method: "NONE", key: "k" },
      port: 5432,
    });
  });
  it("keeps declared values the API omits, and ignores server-side defaults", () => {
    expect(projectLive(declared, { host: "db", defaults: true })).toEqual(declared);
  });
});
