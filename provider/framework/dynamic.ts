/**
 * The dynamic-provider face: a kind's operations as the `pulumi.dynamic.ResourceProvider` that
 * `sdk/stub.ts` loads in Pulumi's dynamic-provider process.
 */
import type * as pulumi from "@pulumi/pulumi";
import { configureFrom } from "../settings.js";
import { PROVIDER_KEY } from "./bookkeeping.js";
import type { KindSpec } from "./contract.js";
import { attachToEngine } from "./engine-link.js";
import { operationsOf } from "./operations.js";
import { UNKNOWN } from "./values.js";

/**
 * The dynamic provider of one kind. The dynamic protocol has no detailed diff: `changes` and
 * `replaces` are all it carries. New provider code (`__provider`) counts as a change, so that the
 * stored code is refreshed and an update is idempotent.
 */
export function defineProvider<I extends object, S extends object>(
  spec: KindSpec<I, S>,
): pulumi.dynamic.ResourceProvider {
  const ops = operationsOf(spec);
  return {
    async configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
      configureFrom({ get: (key) => req.config.get(key) });
      // Only the engine calls configure, in Pulumi's dynamic-provider process, whose one argument
      // is the engine's address.
      const engine = process.argv[2];
      if (engine !== undefined && process.argv[1]?.includes("dynamic-provider") === true)
        attachToEngine(engine);
    },
    check: (olds, news) => ops.check(olds, news),
    async diff(_id: string, olds: Record<string, unknown>, news: Record<string, unknown>) {
      const { changed, replaces } = ops.diff(olds, news);
      const providerChanged = news[PROVIDER_KEY] !== olds[PROVIDER_KEY] && news[PROVIDER_KEY] !== UNKNOWN;
      return { changes: changed.length > 0 || providerChanged, replaces, deleteBeforeReplace: false };
    },
    create: (props) => ops.create(props),
    read: (id, props) => ops.read(id, props),
    update: (id, olds, news) => ops.update(id, olds, news),
    delete: (id, props) => ops.delete(id, props),
  };
}
