import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PACKAGE_NAME, packageSchema } from "../../plugin/schema.js";
import { PLUGIN_VERSION } from "../../plugin/server.js";

const root = path.resolve(import.meta.dirname, "../..");

describe("the native plugin's schema", () => {
  it("plugin/schema.json is what the kinds, look-ups and settings generate (npm run build && npm run generate:plugin)", () => {
    const committed = JSON.parse(readFileSync(path.join(root, "plugin/schema.json"), "utf8"));
    expect(committed).toEqual(packageSchema(PLUGIN_VERSION));
  });

  it("uses a name and type tokens that cannot collide with the Registry's bridged airbyte package", () => {
    const schema = packageSchema("0.0.0") as { name: string; resources: Record<string, unknown> };
    expect(schema.name).toBe(PACKAGE_NAME);
    expect(PACKAGE_NAME).not.toBe("airbyte");
    for (const type of Object.keys(schema.resources)) expect(type).toMatch(/^airbyte-native:index:[A-Z]\w+$/);
  });

  it("keeps the provider's credentials and an application's client secret secret", () => {
    const schema = packageSchema("0.0.0") as {
      config: { variables: Record<string, { secret?: boolean }> };
      resources: Record<string, { properties: Record<string, { secret?: boolean }> }>;
    };
    expect(schema.config.variables.clientSecret?.secret).toBe(true);
    expect(schema.config.variables.bearerToken?.secret).toBe(true);
    expect(schema.resources["airbyte-native:index:Application"]?.properties.clientSecret?.secret).toBe(true);
  });
});
