import { describe, expect, it, vi } from "vitest";
import type { AirbyteClient } from "../../provider/api/client.js";
import { customDefinitionInputsSchema, customDefinitionSpec } from "../../provider/custom-definition.js";
import {
  DeclarativeSourceDefinitionInputsSchema,
  declarativeSourceDefinitionSpec,
  parseManifest,
} from "../../provider/declarative-source-definition.js";
import { changedFields, UNKNOWN, validateInputs } from "../../provider/framework/values.js";

const WS = "9924bcd0-99be-453d-ba47-c2c9766f7da5";

const MANIFEST_YAML = `version: 6.5.0
type: DeclarativeSource
check:
  type: CheckStream
  stream_names: [invoices]
streams:
  - type: DeclarativeStream
    name: invoices
    retriever:
      type: SimpleRetriever
      requester: { type: HttpRequester, url_base: "https://api.acme.com", path: /invoices }
`;

describe("DeclarativeSourceDefinition manifest", () => {
  it("is parsed from YAML, from JSON, or taken as an object, to the same value", () => {
    const fromYaml = parseManifest(MANIFEST_YAML);
    expect(fromYaml.type).toBe("DeclarativeSource");
    expect(parseManifest(JSON.stringify(fromYaml))).toEqual(fromYaml);
    expect(parseManifest(fromYaml)).toBe(fromYaml);
  });

  it("refuses text that is not YAML, and a document that is not a mapping", () => {
    expect(() => parseManifest("streams: [unclosed")).toThrow(/not valid YAML or JSON/);
    expect(() => parseManifest("- a\n- b\n")).toThrow(/an object, or its YAML or JSON text/);
    expect(() => parseManifest(42)).toThrow(/an object, or its YAML or JSON text/);
  });

  it("is checked by name in the inputs", () => {
    const check = (manifest: unknown) =>
      validateInputs(DeclarativeSourceDefinitionInputsSchema, { workspaceId: WS, name: "billing", manifest });
    expect(check(MANIFEST_YAML)).toEqual([]);
    expect(check({ type: "Spec" })).toEqual([
      { property: "manifest", reason: expect.stringMatching(/must be "DeclarativeSource"/) },
    ]);
    expect(check("- a")).toEqual([{ property: "manifest", reason: expect.stringMatching(/YAML or JSON/) }]);
    expect(check(UNKNOWN)).toEqual([]);
  });

  it("declared as text or as the same object is no change; a changed key is", () => {
    const fields = declarativeSourceDefinitionSpec.fields;
    const asObject = parseManifest(MANIFEST_YAML);
    expect(
      changedFields(
        fields,
        { workspaceId: WS, name: "b", manifest: asObject },
        { workspaceId: WS, name: "b", manifest: MANIFEST_YAML },
      ),
    ).toEqual([]);
    const bumped = { ...asObject, version: "6.6.0" };
    expect(
      changedFields(
        fields,
        { workspaceId: WS, name: "b", manifest: asObject },
        { workspaceId: WS, name: "b", manifest: bumped },
      ),
    ).toEqual(["manifest"]);
  });

  it("updates by PUT of the manifest only; a new name replaces (the API cannot rename one)", async () => {
    expect(declarativeSourceDefinitionSpec.fields.name.replace).toBe(true);
    const manifest = parseManifest(MANIFEST_YAML);
    const replace = vi.fn(async () => ({ id: "d1", name: "billing", manifest, version: 2 }));
    const client = { declarativeSourceDefinitions: { replace } } as unknown as AirbyteClient;
    const state = { workspaceId: WS, name: "billing", manifest: {}, definitionId: "d1", version: 1 };
    const next = await declarativeSourceDefinitionSpec.update(client, "d1", state, { ...state, manifest }, [
      "manifest",
    ]);
    expect(replace).toHaveBeenCalledWith(WS, "d1", { manifest });
    expect(next.version).toBe(2);
  });
});

describe("SourceDefinition and DestinationDefinition", () => {
  const check = (inputs: Record<string, unknown>) =>
    validateInputs(customDefinitionInputsSchema("source"), {
      workspaceId: WS,
      name: "billing",
      dockerRepository: "ghcr.io/acme/source-billing",
      dockerImageTag: "1.4.0",
      ...inputs,
    });

  it("take an image name with a registry and port, and a tag", () => {
    expect(check({})).toEqual([]);
    expect(
      check({ dockerRepository: "localhost:5000/acme/source_billing", dockerImageTag: "dev-2024.06" }),
    ).toEqual([]);
    expect(check({ dockerRepository: "airbyte/source-faker" })).toEqual([]);
  });

  it.each([
    [{ dockerRepository: "ghcr.io/acme/source-billing:1.4.0" }, "dockerRepository", /without a tag/],
    [{ dockerRepository: "Acme/Billing" }, "dockerRepository", /without a tag, e.g./],
    [{ dockerImageTag: "1.4.0 beta" }, "dockerImageTag", /a Docker tag/],
    [{ dockerImageTag: undefined }, "dockerImageTag", /required/],
    [{ documentationUrl: "docs.acme.com" }, "documentationUrl", /absolute URL/],
    [{ name: " " }, "name", /must not be empty/],
  ])("refuse %j naming %s", (inputs, property, reason) => {
    const failures = check(inputs);
    expect(failures.map((f) => f.property)).toEqual([property]);
    expect(failures[0]?.reason).toMatch(reason);
  });

  it("release a new tag in place; a new image replaces", () => {
    const { fields } = customDefinitionSpec("destination");
    expect(fields.dockerImageTag.replace).toBeUndefined();
    expect(fields.name.replace).toBeUndefined();
    expect(fields.dockerRepository.replace).toBe(true);
    expect(fields.workspaceId.replace).toBe(true);
  });

  it("send name and tag together in the PUT, to the kind's own endpoints", async () => {
    const live = {
      id: "d1",
      name: "billing",
      dockerRepository: "ghcr.io/acme/destination-lake",
      dockerImageTag: "2.0.0",
    };
    const replace = vi.fn(async () => live);
    const client = { destinationDefinitions: { replace }, sourceDefinitions: {} } as unknown as AirbyteClient;
    const state = {
      workspaceId: WS,
      name: "billing",
      dockerRepository: live.dockerRepository,
      dockerImageTag: "1.0.0",
      definitionId: "d1",
    };
    const next = await customDefinitionSpec("destination").update(
      client,
      "d1",
      state,
      { ...state, dockerImageTag: "2.0.0" },
      ["dockerImageTag"],
    );
    expect(replace).toHaveBeenCalledWith(WS, "d1", { name: "billing", dockerImageTag: "2.0.0" });
    expect(next.dockerImageTag).toBe("2.0.0");
  });
});
