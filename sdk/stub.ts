import type * as pulumi from "@pulumi/pulumi";
import type { ResourceKind } from "../provider/kinds.js";

/**
 * The provider object handed to `pulumi.dynamic.Resource`. Pulumi serializes it into the state of
 * every resource, so it captures nothing but a package specifier: each method loads the compiled
 * implementation from the project's `node_modules` when the engine calls it. State therefore stays
 * small, holds no machine-specific path (a stack created in one checkout deploys from another),
 * and an upgraded package is picked up without touching the state.
 */
export function providerStub(kind: ResourceKind): pulumi.dynamic.ResourceProvider {
  const specifier = `pulumi-airbyte/provider/${kind}`;
  return {
    async configure(req) {
      const m = await import(specifier);
      return m.default.configure(req);
    },
    async check(olds, news) {
      const m = await import(specifier);
      return m.default.check(olds, news);
    },
    async diff(id, olds, news) {
      const m = await import(specifier);
      return m.default.diff(id, olds, news);
    },
    async create(inputs) {
      const m = await import(specifier);
      return m.default.create(inputs);
    },
    async read(id, props) {
      const m = await import(specifier);
      return m.default.read(id, props);
    },
    async update(id, olds, news) {
      const m = await import(specifier);
      return m.default.update(id, olds, news);
    },
    async delete(id, props) {
      const m = await import(specifier);
      return m.default.delete(id, props);
    },
  };
}
