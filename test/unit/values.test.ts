import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  changedFields,
  deepEqual,
  inDeclaredForm,
  UNKNOWN,
  validateInputs,
} from "../../provider/framework/values.js";

describe("validateInputs", () => {
  const schema = z.strictObject({
    name: z.string().min(1, { error: "name must not be empty" }),
    port: z.number({ error: "port must be a number" }),
    nested: z.strictObject({ color: z.string().regex(/^[0-9A-F]{6}$/, { error: "bad color" }) }).optional(),
  });
  it("names the property and the reason", () => {
    expect(validateInputs(schema, { name: "", port: "x" })).toEqual([
      { property: "name", reason: "name must not be empty" },
      { property: "port", reason: "port must be a number" },
    ]);
  });
  it("skips values still unknown during preview", () => {
    expect(validateInputs(schema, { name: UNKNOWN, port: UNKNOWN, nested: UNKNOWN })).toEqual([]);
    expect(validateInputs(schema, { name: "a", port: 1, nested: { color: UNKNOWN } })).toEqual([]);
    expect(validateInputs(schema, { name: "a", port: 1, nested: { color: "nope" } })).toEqual([
      { property: "nested.color", reason: "bad color" },
    ]);
  });
});

describe("changedFields", () => {
  const fields = {
    name: {},
    cron: { normalize: (v: unknown) => (typeof v === "string" ? v.replace(/ UTC$/, "") : v) },
    label: { computedWhenAbsent: true },
  };
  it("compares normalised values", () => {
    expect(
      changedFields(fields, { name: "a", cron: "0 0 * * * ? UTC" }, { name: "a", cron: "0 0 * * * ?" }),
    ).toEqual([]);
    expect(changedFields(fields, { name: "a" }, { name: "b" })).toEqual(["name"]);
  });
  it("treats unknown values as changes and absent computed values as none", () => {
    expect(changedFields(fields, { name: "a", label: "x" }, { name: UNKNOWN })).toEqual(["name"]);
  });
  it("deepEqual ignores key order and undefined keys", () => {
    expect(deepEqual({ a: 1, b: { c: [1, 2] }, d: undefined }, { b: { c: [1, 2] }, a: 1 })).toBe(true);
    expect(deepEqual([1, 2], [2, 1])).toBe(false);
  });
});

describe("inDeclaredForm", () => {
  const fields = {
    name: { computedWhenAbsent: true },
    cron: { normalize: (v: unknown) => (typeof v === "string" ? v.replace(/ UTC$/, "") : v) },
    prefix: { normalize: (v: unknown) => v ?? "" },
    color: {},
  };
  it("keeps the user's spelling where the server's means the same", () => {
    const state = { name: "a", cron: "0 0 2 * * ? UTC", prefix: "", color: "FF0000", createdAt: 1 };
    expect(inDeclaredForm(fields, { name: "a", cron: "0 0 2 * * ?", color: "FF0000" }, state)).toEqual({
      name: "a",
      cron: "0 0 2 * * ?",
      color: "FF0000",
      createdAt: 1,
    });
  });
  it("keeps a value Airbyte computed when none was declared, and live values that differ (drift)", () => {
    const state = { name: "faker <> pg", cron: "0 0 5 * * ? UTC", prefix: "raw_", color: "00FF00" };
    expect(inDeclaredForm(fields, { cron: "0 0 2 * * ?", color: "FF0000" }, state)).toEqual(state);
  });
});
