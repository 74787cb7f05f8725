import { describe, expect, it } from "vitest";
import { propertyChanges } from "../../provider/framework/property-changes.js";
import { changedFields, UNKNOWN } from "../../provider/framework/values.js";

const fields = {
  workspaceId: { replace: true },
  name: {},
  configuration: {},
  streams: { normalize: (v: unknown) => (Array.isArray(v) ? [...v].sort() : v) },
  color: { normalize: (v: unknown) => (typeof v === "string" ? v.toUpperCase() : v) },
};

const changes = (olds: Record<string, unknown>, news: Record<string, unknown>) =>
  propertyChanges(fields, changedFields(fields, olds, news), olds, news);

describe("the properties a change touches", () => {
  it("names the leaf that changed inside a nested value, a secret's included", () => {
    expect(
      changes(
        { name: "a", configuration: { host: "db", password: "old", ssl: { mode: "require" } } },
        { name: "a", configuration: { host: "db", password: "new", ssl: { mode: "disable" }, port: 5432 } },
      ),
    ).toEqual([
      { path: "configuration.password", kind: "update", replace: false },
      { path: "configuration.ssl.mode", kind: "update", replace: false },
      { path: "configuration.port", kind: "add", replace: false },
    ]);
  });

  it("marks a change of an immutable field as a replacement, and a removed field as deleted", () => {
    expect(changes({ workspaceId: "w1", name: "a" }, { workspaceId: "w2" })).toEqual([
      { path: "workspaceId", kind: "update", replace: true },
      { path: "name", kind: "delete", replace: false },
    ]);
  });

  it("shows a normalised array as one change, and a value unknown at preview as an update", () => {
    expect(changes({ streams: ["b", "a"] }, { streams: ["a", "c"] })).toEqual([
      { path: "streams", kind: "update", replace: false },
    ]);
    expect(changes({ configuration: { host: "db" } }, { configuration: { host: UNKNOWN } })).toEqual([
      { path: "configuration.host", kind: "update", replace: false },
    ]);
  });

  it("finds nothing where normalisation makes values equal", () => {
    expect(
      changes({ color: "ff5733", streams: ["a", "b"] }, { color: "FF5733", streams: ["b", "a"] }),
    ).toEqual([]);
  });
});
