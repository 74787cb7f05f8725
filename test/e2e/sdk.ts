/**
 * The SDK as users get it: the compiled package. Engine tests must use it rather than the
 * TypeScript sources, because Pulumi serializes the provider stubs from their runtime source.
 */
export * from "../../dist/sdk/index.js";
