import { describe, expect, it } from "vitest";
import {
  fromStruct,
  pathText,
  SECRET_SIG,
  SIG_KEY,
  toStruct,
  unwrapSecrets,
  wrapSecrets,
} from "../../plugin/wire.js";

const secret = (value: unknown) => ({ [SIG_KEY]: SECRET_SIG, value });

describe("the plugin's property values on the wire", () => {
  it("takes secret markers off, remembers where they were, and puts them back", () => {
    const wire = {
      name: "orders",
      configuration: { host: "db", password: secret("pw"), tunnel: secret({ key: secret("k") }) },
    };
    const { props, secrets } = unwrapSecrets(wire);
    expect(props).toEqual({
      name: "orders",
      configuration: { host: "db", password: "pw", tunnel: { key: "k" } },
    });
    expect(secrets).toEqual([
      ["configuration", "password"],
      ["configuration", "tunnel"],
    ]);
    expect(wrapSecrets(props, secrets)).toEqual({
      name: "orders",
      configuration: { host: "db", password: secret("pw"), tunnel: secret({ key: "k" }) },
    });
  });

  it("skips a secret path that leads nowhere and never wraps twice", () => {
    const props = { configuration: { host: "db" }, streams: [{ name: "a" }] };
    expect(wrapSecrets(props, [["configuration", "password"], ["streams", 3], ["clientSecret"]])).toEqual(
      props,
    );
    const once = wrapSecrets(props, [["configuration"]]);
    expect(wrapSecrets(once, [["configuration", "host"], ["configuration"]])).toEqual(once);
    expect(wrapSecrets(props, [["streams", 0, "name"]])).toEqual({
      configuration: { host: "db" },
      streams: [{ name: secret("a") }],
    });
  });

  it("goes through a Struct and back, leaving out undefined keys", () => {
    const props = { a: 1, b: "x", c: [true, null], d: { e: undefined, f: secret("s") } };
    expect(fromStruct(toStruct(props))).toEqual({ a: 1, b: "x", c: [true, null], d: { f: secret("s") } });
    expect(fromStruct(undefined)).toEqual({});
  });

  it("writes paths as Pulumi's detailed diffs name them", () => {
    expect(pathText(["configuration", "password"])).toBe("configuration.password");
    expect(pathText(["streams", 0, "syncMode"])).toBe("streams[0].syncMode");
    expect(pathText(["configuration", "odd.key"])).toBe('configuration["odd.key"]');
  });
});
