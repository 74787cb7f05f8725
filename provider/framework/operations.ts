/**
 * The six operations of a kind on plain property bags, whatever face calls them (the dynamic
 * provider, the native plugin): check with zod and the kind's extra checks, diff of desired state
 * against last applied state, and create (once), read, update and delete through the shared client.
 * State keeps the inputs in the form the user declared them, and the list of declared fields.
 */
import { z } from "zod";
import { NotFoundError } from "../api/errors.js";
import { configuredServerUrl, getClient } from "../settings.js";
import { adoptExisting } from "./adopt.js";
import { ADOPT_KEY, AdoptSchema, DECLARED_KEY, SERVER_KEY, withoutBookkeeping } from "./bookkeeping.js";
import type { CheckFailure, KindSpec } from "./contract.js";
import { createOnce } from "./create-once.js";
import { type PropertyChange, propertyChanges } from "./property-changes.js";
import { noteCreated, readState, writing } from "./read-pages.js";
import { changedFields, deepEqual, inDeclaredForm, UNKNOWN, validateInputs } from "./values.js";

/** A resource's inputs or state as Pulumi hands them over. */
export type Props = Record<string, unknown>;

/** What `check` answers: the inputs to use and every failure, each naming the field and the fix. */
export interface CheckOutcome {
  readonly inputs: Props;
  readonly failures: CheckFailure[];
}

/**
 * What `diff` answers: the input fields that change, those that force a replacement, each property
 * touched, and, when `airbyte:serverUrl` names another server than the one the resource was last
 * applied on, both (the resource then changes: `update` checks it is on the new server).
 */
export interface DiffOutcome {
  readonly changed: string[];
  readonly replaces: string[];
  readonly properties: PropertyChange[];
  readonly server?: ServerMove;
}

/** A stack's server moved: the one in state, and the one its config names now. */
export interface ServerMove {
  readonly from: string;
  readonly to: string;
}

/** The move, when state names another server than the one configured (state before the key: none). */
function serverMove(state: Props): ServerMove | undefined {
  const from = state[SERVER_KEY];
  const to = configuredServerUrl();
  return typeof from === "string" && from !== to ? { from, to } : undefined;
}

/**
 * What `read` answers. An empty `id` means the object is gone. `inputs` are the declared inputs as
 * read back, given only when something declared moved (the engine keeps the inputs it holds when
 * none come back, and sending them for every unchanged resource costs a conversion each).
 */
export interface ReadOutcome {
  readonly id: string;
  readonly props: Props;
  readonly inputs?: Props;
}

/** A kind's operations, free of any Pulumi protocol. */
export interface KindOperations {
  /** The kind's human name. */
  readonly kind: string;
  /** The schema of its inputs (the source of a face's own schema). */
  readonly inputs: z.ZodType;
  /** The schema of the outputs it computes beside the inputs. */
  readonly computed: z.ZodObject;
  /** The input fields a change of which replaces the object. */
  readonly replaceFields: readonly string[];
  /** Properties that are secrets whatever the program says (see `SecretFields`). */
  secretPaths(props: Props): ReadonlyArray<readonly string[]>;
  /** Validates new inputs; the API is asked only for a new resource or a changed field the checks read. */
  check(olds: Props, news: Props): Promise<CheckOutcome>;
  /** Compares the state last applied with the new inputs. */
  diff(olds: Props, news: Props): DiffOutcome;
  /** Creates the object once, or adopts the one `adopt` names. */
  create(news: Props): Promise<{ id: string; outs: Props }>;
  /** Reads the live object back into state in declared form. */
  read(id: string, props: Props): Promise<ReadOutcome>;
  /** Applies the changed fields in place. */
  update(id: string, olds: Props, news: Props): Promise<{ outs: Props }>;
  /** Deletes the object; one already gone is no error. */
  delete(id: string, props: Props): Promise<void>;
}

const AdoptInput = z.strictObject({ adopt: AdoptSchema });

/** The operations of a kind. */
export function operationsOf<I extends object, S extends object>(spec: KindSpec<I, S>): KindOperations {
  const parse = (props: Props): I => spec.inputs.parse(withoutBookkeeping(props));
  const fieldKeys = Object.keys(spec.fields) as Array<keyof I & string>;
  // What create and update record: state in declared form, and which fields were declared.
  const recorded = (inputs: I, state: S, adopt: unknown): Props => {
    const declared = inputs as Props;
    return {
      ...inDeclaredForm(spec.fields, declared, state as Props),
      [DECLARED_KEY]: fieldKeys.filter((k) => declared[k] !== undefined),
      ...(adopt !== undefined && { [ADOPT_KEY]: adopt }),
      [SERVER_KEY]: configuredServerUrl(),
    };
  };
  const checksUse = spec.checks?.uses ?? fieldKeys;
  // Olds are the inputs last applied (empty for a new resource): what they already passed is not
  // looked up again.
  const checksDue = (olds: Props, inputs: Props): boolean =>
    Object.keys(withoutBookkeeping(olds)).length === 0 ||
    checksUse.some((k) => !deepEqual(olds[k], inputs[k]));

  return {
    kind: spec.kind,
    inputs: spec.inputs,
    computed: spec.computed,
    replaceFields: fieldKeys.filter((k) => spec.fields[k].replace === true),
    secretPaths: (props) => spec.secretPaths?.(props) ?? [],

    async check(olds, news) {
      const inputs = withoutBookkeeping(news);
      const failures = validateInputs(spec.inputs, inputs);
      const adopt = news[ADOPT_KEY];
      if (adopt !== undefined && adopt !== UNKNOWN) failures.push(...validateInputs(AdoptInput, { adopt }));
      if (failures.length === 0 && spec.checks !== undefined && checksDue(olds, inputs)) {
        failures.push(...(await spec.checks.run(inputs, getClient)));
      }
      return { inputs: news, failures };
    },

    diff(olds, news) {
      const changed = changedFields(spec.fields, olds, news);
      const server = serverMove(olds);
      return {
        changed,
        replaces: changed.filter((key) => spec.fields[key].replace === true),
        properties: propertyChanges(spec.fields, changed, olds, news),
        ...(server !== undefined && { server }),
      };
    },

    async create(props) {
      const inputs = parse(props);
      const adopt = props[ADOPT_KEY];
      const client = getClient();
      if (typeof adopt === "string") {
        return writing(adopt, "update", async () => {
          let state = await adoptExisting(spec, client, adopt, inputs);
          if (spec.settle !== undefined) state = await spec.settle(client, adopt, state, inputs);
          return { id: adopt, outs: recorded(inputs, state, adopt) };
        });
      }
      const { id, state } = await createOnce(spec, client, inputs);
      noteCreated(id);
      return { id, outs: recorded(inputs, state, undefined) };
    },

    async read(id, props) {
      // No list of declared fields: an import, which reads the whole object and declares all of it.
      const importing = !Array.isArray(props[DECLARED_KEY]);
      const before = withoutBookkeeping(props);
      const live = await readState(spec, getClient(), id, before as S);
      if (live === undefined) return { id: "", props: {} };
      const state = inDeclaredForm(spec.fields, before, live as Props);
      const declared = importing
        ? fieldKeys.filter((k) => state[k] !== undefined)
        : (props[DECLARED_KEY] as string[]);
      const inputs: Props = Object.fromEntries(
        declared.filter((k) => state[k] !== undefined).map((k) => [k, state[k]]),
      );
      const adopted = props[ADOPT_KEY] !== undefined ? { [ADOPT_KEY]: props[ADOPT_KEY] } : {};
      const drifted = importing || declared.some((k) => !deepEqual(before[k], state[k]));
      return {
        id,
        props: { ...state, [DECLARED_KEY]: declared, ...adopted, [SERVER_KEY]: configuredServerUrl() },
        ...(drifted && { inputs: { ...inputs, ...adopted } }),
      };
    },

    async update(id, olds, news) {
      const inputs = parse(news);
      const changed = changedFields(spec.fields, olds, news);
      const client = getClient();
      const moved = serverMove(olds);
      if (moved !== undefined && (await spec.read(client, id, withoutBookkeeping(olds) as S)) === undefined) {
        throw new Error(
          `${spec.kind} ${id} is not on ${moved.to}, the server airbyte:serverUrl now names (it was applied on ${moved.from}). ` +
            "If the server's address moved, set airbyte:serverUrl to its new address; to make the stack's objects anew on the new server, " +
            "run `pulumi refresh --run-program` (it drops from the stack what the server does not have), then `pulumi up`.",
        );
      }
      const state = await writing(id, "update", () =>
        spec.update(client, id, withoutBookkeeping(olds) as S, inputs, changed),
      ).catch((error: unknown) => {
        if (!NotFoundError.isInstance(error)) throw error;
        throw new Error(
          `${spec.kind} ${id} no longer exists in Airbyte (it was deleted outside Pulumi): run \`pulumi refresh\`, then \`pulumi up\` creates it again`,
          { cause: error },
        );
      });
      return { outs: recorded(inputs, state, news[ADOPT_KEY]) };
    },

    async delete(id, props) {
      await writing(id, "delete", () => spec.delete(getClient(), id, withoutBookkeeping(props) as S));
    },
  };
}
