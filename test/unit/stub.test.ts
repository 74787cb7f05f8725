/**
 * The provider stub Pulumi serializes into every resource: small, one shared object per kind, and
 * a `configure` that hands every later call to the implementation, or makes every call fail with
 * why when the package does not load.
 */
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
// The compiled stub, as users get it: Pulumi serializes a function from its runtime source, which
// the test runner's transform of the TypeScript would change.
import { providerStub } from "../../dist/sdk/stub.js";

/** A fresh object like the one the host deserializes, holding `specifier` and the stub's configure. */
function deserialized(
  specifier: string,
): Record<string, unknown> & { configure(req: unknown): Promise<void> } {
  const { configure } = providerStub("tag") as unknown as { configure(req: unknown): Promise<void> };
  return { specifier, configure };
}

const request = { config: { get: () => undefined } };

describe("providerStub", () => {
  it("is one object per kind, serialized to under 1 KB", async () => {
    expect(providerStub("connection")).toBe(providerStub("connection"));
    const stub = providerStub("connection");
    const text = (await pulumi.runtime.serializeFunction(() => stub, { allowSecrets: false })).text;
    expect(text).toContain("pulumi-airbyte/provider/connection");
    expect(text.length).toBeLessThanOrEqual(1024);
  });

  it("hands every call to the implementation once configured", async () => {
    const provider = deserialized("pulumi-airbyte/provider/tag");
    await provider.configure(request);
    const impl = (await import("pulumi-airbyte/provider/tag" as string)).default as Record<string, unknown>;
    for (const method of ["check", "diff", "create", "read", "update", "delete"]) {
      expect(provider[method]).toBe(impl[method]);
    }
  });

  it("makes every call fail with why when the package does not load, and stays no thenable", async () => {
    const provider = deserialized("pulumi-airbyte/provider/no-such-kind");
    await expect(provider.configure(request)).rejects.toThrow(/no-such-kind/);
    const remove = provider.delete as (id: string, props: unknown) => Promise<void>;
    await expect(remove("id", {})).rejects.toThrow(/no-such-kind/);
    expect(provider.then).toBeUndefined();
  });
});
