import type * as pulumi from "@pulumi/pulumi";
import type { ResourceKind } from "../provider/kinds.js";

/**
 * One stub per kind, shared by every resource of the kind: Pulumi's SDK caches a provider's
 * serialized text by object identity, so a new object per resource would be serialized (a V8
 * inspector walk of its closure) once per resource.
 */
const stubs = new Map<ResourceKind, pulumi.dynamic.ResourceProvider>();

/**
 * The provider object handed to `pulumi.dynamic.Resource`. Pulumi serializes it into the inputs and
 * the outputs of every resource, so it is one small function that captures nothing but a package
 * specifier: `configure`, which the dynamic-provider host calls once, before any other method, on
 * the object it deserialized and then keeps for the whole run. It loads the compiled implementation
 * from the project's `node_modules` and puts its methods on that object, so every later call goes
 * straight to the implementation. State therefore stays small (about 0.5 KB a copy rather than
 * 3 KB for seven delegating methods), holds no machine-specific path (a stack created in one
 * checkout deploys from another), and an upgraded package is picked up without touching the state.
 *
 * The object has no `create` until `configure` ran: the dynamic-provider host of the
 * `@pulumi/pulumi` this package depends on configures every provider it deserializes before it
 * calls anything else (the package's credentials come through `configure` too).
 */
export function providerStub(kind: ResourceKind): pulumi.dynamic.ResourceProvider {
  let stub = stubs.get(kind);
  if (stub === undefined) {
    const specifier = `pulumi-airbyte/provider/${kind}`;
    // No comments inside the method: its source text is what lands in state. Should the package
    // not load, every method fails with why: the host keeps this object, and would otherwise skip
    // a missing read or delete as if there were nothing to do.
    const installing = {
      async configure(this: Record<string, unknown>, req: pulumi.dynamic.ConfigureRequest): Promise<void> {
        const impl = await import(specifier).then(
          (m) => m.default,
          (error: unknown) => {
            const fail = async () => {
              throw error;
            };
            return Object.fromEntries(
              ["configure", "check", "diff", "create", "read", "update", "delete"].map((k) => [k, fail]),
            );
          },
        );
        Object.assign(this, impl);
        return impl.configure(req);
      },
    };
    stub = installing as unknown as pulumi.dynamic.ResourceProvider;
    stubs.set(kind, stub);
  }
  return stub;
}
