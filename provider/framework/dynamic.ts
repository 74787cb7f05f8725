/**
 * The dynamic-provider face: a kind's operations as the `pulumi.dynamic.ResourceProvider` that
 * `sdk/stub.ts` loads in Pulumi's dynamic-provider process.
 */
// First: refuses a Node.js too old for the package before any other module runs.
import "../api/require-node.js";
import type * as pulumi from "@pulumi/pulumi";
import { log } from "../logger.js";
import { configureFrom } from "../settings.js";
import { PROVIDER_KEY } from "./bookkeeping.js";
import type { KindSpec } from "./contract.js";
import { appendDiffRecord } from "./diff-log.js";
import { attachToEngine } from "./engine-link.js";
import { forEngine, userFacing } from "./failures.js";
import { operationsOf, type ServerMove } from "./operations.js";
import { UNKNOWN } from "./values.js";

/**
 * The lines the dynamic-provider host would echo to stderr for errors it already hands the engine.
 * The host logs `${error}: ${error.stack}` for a failed check, diff, read or delete and then
 * reports the same error to the engine, which shows it with the resource: the echo is a second
 * copy, under the stack, with a trace. Only those exact lines of our own errors are dropped.
 */
const echoes = new Map<string, number>();
let echoFilterInstalled = false;

function installEchoFilter(): void {
  if (echoFilterInstalled) return;
  echoFilterInstalled = true;
  const write = console.error.bind(console);
  console.error = (...args: unknown[]) => {
    const line = args.length === 1 && typeof args[0] === "string" ? args[0] : undefined;
    const pending = line === undefined ? 0 : (echoes.get(line) ?? 0);
    if (line !== undefined && pending > 0) {
      if (pending === 1) echoes.delete(line);
      else echoes.set(line, pending - 1);
      return;
    }
    write(...args);
  };
}

/** Runs an operation; a failure reaches the engine as the user should read it, once. */
async function reporting<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    const shown = userFacing(error);
    if (shown !== error) {
      const line = `${String(shown)}: ${shown.stack}`;
      echoes.set(line, (echoes.get(line) ?? 0) + 1);
    }
    throw shown;
  }
}

let moveWarned = false;

/** Says once per run that the stack's server moved, and what `up` will do about it. */
function warnMove(move: ServerMove): void {
  if (moveWarned) return;
  moveWarned = true;
  log.warn(
    `airbyte:serverUrl names ${move.to}, but this stack's resources were applied on ${move.from}: ` +
      `they show as changed, and \`pulumi up\` manages them on ${move.to} from now on (after checking each is there). ` +
      "If that is not meant, set airbyte:serverUrl back.",
  );
}

/**
 * The dynamic provider of one kind. The dynamic protocol has no detailed diff: `changes` and
 * `replaces` are all it carries. New provider code (`__provider`) counts as a change, so that the
 * stored code is refreshed and an update is idempotent.
 */
export function defineProvider<I extends object, S extends object>(
  spec: KindSpec<I, S>,
): pulumi.dynamic.ResourceProvider {
  const ops = operationsOf(spec);
  installEchoFilter();
  return {
    async configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
      configureFrom({ get: (key) => req.config.get(key) });
      // Only the engine calls configure, in Pulumi's dynamic-provider process, whose one argument
      // is the engine's address.
      const engine = process.argv[2];
      if (engine !== undefined && process.argv[1]?.includes("dynamic-provider") === true)
        attachToEngine(engine);
    },
    check: (olds, news) =>
      reporting(async () => {
        const { inputs, failures } = await ops.check(olds, news);
        return { inputs, failures: forEngine(failures, news) };
      }),
    diff: (id: string, olds: Record<string, unknown>, news: Record<string, unknown>) =>
      reporting(async () => {
        const outcome = ops.diff(olds, news);
        if (outcome.server !== undefined) warnMove(outcome.server);
        if (outcome.properties.length > 0 || outcome.server !== undefined) {
          appendDiffRecord({
            id,
            kind: spec.kind,
            properties: outcome.properties,
            ...(outcome.server !== undefined && { server: outcome.server }),
          });
        }
        const providerChanged = news[PROVIDER_KEY] !== olds[PROVIDER_KEY] && news[PROVIDER_KEY] !== UNKNOWN;
        return {
          changes: outcome.changed.length > 0 || providerChanged || outcome.server !== undefined,
          replaces: outcome.replaces,
          deleteBeforeReplace: false,
        };
      }),
    create: (props) => reporting(() => ops.create(props)),
    read: (id, props) => reporting(() => ops.read(id, props)),
    update: (id, olds, news) => reporting(() => ops.update(id, olds, news)),
    delete: (id, props) => reporting(() => ops.delete(id, props)),
  };
}
