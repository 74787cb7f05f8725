import type * as pulumi from "@pulumi/pulumi";
import type { ResourceKind } from "../provider/kinds.js";

/** What the stub object holds before `configure` ran. */
interface Stub {
  /** The package specifier of the kind's implementation, `pulumi-airbyte/provider/<kind>`. */
  readonly specifier: string;
  configure(req: pulumi.dynamic.ConfigureRequest): Promise<void>;
}

/**
 * The stubs' one method. Its source text is what lands in state (so no comment inside, and no
 * variable of its module: it reads the specifier from the object). It loads the implementation and
 * makes it the object's prototype, so every later call on the object goes straight to it. Should the
 * package not load, every method of the object fails with why: the host keeps the object, and would
 * otherwise skip a missing `read` or `delete` as if there were nothing to do.
 */
async function configure(this: Stub, req: pulumi.dynamic.ConfigureRequest): Promise<void> {
  const impl = await import(this.specifier).then(
    (m) => m.default,
    (e: unknown) => new Proxy({}, { get: (_, k) => (k === "then" ? undefined : () => Promise.reject(e)) }),
  );
  Object.setPrototypeOf(this, impl);
  return impl.configure(req);
}

/**
 * One stub per kind, shared by every resource of the kind: Pulumi's SDK caches a provider's
 * serialized text by object identity, so a new object per resource would be serialized (a V8
 * inspector walk of its closure) once per resource.
 */
const stubs = new Map<ResourceKind, pulumi.dynamic.ResourceProvider>();

/**
 * The provider object handed to `pulumi.dynamic.Resource`. Pulumi serializes it into the inputs and
 * the outputs of every resource, so it is a package specifier and one small function: `configure`,
 * which the dynamic-provider host calls once, before any other method, on the object it
 * deserialized and then keeps for the whole run. It loads the compiled implementation from the
 * project's `node_modules`, and every later call goes straight to it. State therefore stays small
 * (about 0.6 KB a copy rather than 3 KB for seven delegating methods), holds no machine-specific
 * path (a stack created in one checkout deploys from another), and an upgraded package is picked up
 * without touching the state.
 *
 * The object has no `create` until `configure` ran: the dynamic-provider host of the
 * `@pulumi/pulumi` this package depends on configures every provider it deserializes before it
 * calls anything else (the package's credentials come through `configure` too).
 */
export function providerStub(kind: ResourceKind): pulumi.dynamic.ResourceProvider {
  let stub = stubs.get(kind);
  if (stub === undefined) {
    const installing: Stub = { specifier: `pulumi-airbyte/provider/${kind}`, configure };
    stub = installing as unknown as pulumi.dynamic.ResourceProvider;
    stubs.set(kind, stub);
  }
  return stub;
}
