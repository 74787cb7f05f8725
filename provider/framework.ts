import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import type { AirbyteClient } from "./api/client.js";
import {
  AirbyteConnectionError,
  AirbyteTimeoutError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
} from "./api/errors.js";
import { clearAtExit, clearIntent, fromStoppedRun, intentKey, readIntent, writeIntent } from "./intents.js";
import { log } from "./logger.js";
import { configureFrom, getClient, resolveSettings } from "./settings.js";

/**
 * The string Pulumi puts in place of a value it does not know yet (during preview). Written out
 * rather than imported so the provider modules load without the Pulumi runtime.
 */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** The property under which Pulumi stores the serialized provider; never part of a resource's data. */
const PROVIDER_KEY = "__provider";

/**
 * The state property listing the input fields the user declared. Refresh hands Pulumi the inputs
 * as read back (so `preview --diff` after a refresh shows the drift it will undo), and only the
 * declared ones: a field Airbyte computed when none was given is not an input. Pulumi hides
 * properties whose names start with "__" from every display.
 */
const DECLARED_KEY = "__declared";

/** True when the value is, or contains, a preview-time unknown. */
export function containsUnknown(value: unknown): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (value !== null && typeof value === "object") return Object.values(value).some(containsUnknown);
  return false;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): { found: boolean; unknown: boolean } {
  let current: unknown = root;
  for (const key of path) {
    if (current === UNKNOWN) return { found: true, unknown: true };
    if (current === null || typeof current !== "object") return { found: false, unknown: false };
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return { found: true, unknown: containsUnknown(current) };
}

/** One failed input check, as Pulumi reports it: the property path and what to do about it. */
export interface CheckFailure {
  readonly property: string;
  readonly reason: string;
}

/**
 * Validates inputs with a zod schema, dropping every issue that touches a value still unknown
 * at preview time: those are checked again when the value is known.
 */
export function validateInputs<T>(schema: z.ZodType<T>, inputs: Record<string, unknown>): CheckFailure[] {
  const result = schema.safeParse(inputs);
  if (result.success) return [];
  const failures: CheckFailure[] = [];
  for (const issue of result.error.issues) {
    if (valueAt(inputs, issue.path).unknown) continue;
    const property = issue.path.map(String).join(".") || "(inputs)";
    failures.push({ property, reason: issue.message });
  }
  return failures;
}

/**
 * The input naming an existing object to bring under management instead of creating one. Every
 * kind takes it; it is no field of the kind's own schema and never part of a diff, so adding,
 * changing or removing it later changes nothing.
 */
export const ADOPT_KEY = "adopt";

/** The schema of {@link ADOPT_KEY}'s value, shared with the YAML spec of `Pipelines`. */
export const AdoptSchema = z.uuid({
  error:
    "adopt must be the UUID of an existing object (the id in the Airbyte UI's URL, or from `pulumi-airbyte export`)",
});

/** Removes Pulumi's bookkeeping keys and `adopt`, leaving the resource's own inputs or state. */
export function withoutProvider(props: Record<string, unknown>): Record<string, unknown> {
  const { [PROVIDER_KEY]: _ignored, [DECLARED_KEY]: _declared, [ADOPT_KEY]: _adopt, ...rest } = props;
  return rest;
}

/**
 * Deep equality for JSON values that ignores the order of object keys and keys whose value is
 * `undefined`. Array order counts: normalisers sort the arrays whose order does not matter.
 */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a === null || b === null) return a === b;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => deepEqual(item, b[i]));
  }
  if (typeof a === "object" && typeof b === "object") {
    const ak = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
    const bk = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
    if (ak.length !== bk.length) return false;
    return ak.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return false;
}

/** How one input field takes part in diffs. */
export interface FieldRule {
  /** The field cannot change in place: a change replaces the resource. */
  readonly replace?: boolean;
  /**
   * Brings a value to the form compared in diffs (for example a cron without its " UTC" suffix,
   * or streams sorted by name), so server-side spelling never shows up as a change.
   */
  readonly normalize?: (value: unknown) => unknown;
  /**
   * Airbyte computes the value when the user gives none (a connection's default name): leaving
   * it out of the inputs is then no change, whatever state holds.
   */
  readonly computedWhenAbsent?: boolean;
}

/**
 * What a resource kind implements; {@link defineProvider} turns it into a Pulumi dynamic provider.
 *
 * State (the resource's outputs) holds the inputs as last applied plus computed fields, so diffs
 * compare desired state with desired state and never with what the API echoes back.
 */
export interface ResourceSpec<I extends object, S extends object> {
  /** A human name for messages, e.g. "workspace". */
  readonly kind: string;
  /** Strict schema of the inputs; its messages name the field and the fix. */
  readonly inputs: z.ZodType<I>;
  /** Every input key, with its diff rule. */
  readonly fields: { readonly [K in keyof I]-?: FieldRule };
  /** Creates the object and returns its id and the state to record. */
  create(client: AirbyteClient, inputs: I): Promise<{ id: string; state: S }>;
  /** Reads the live object into state form; `undefined` means it no longer exists. */
  read(client: AirbyteClient, id: string, state: S): Promise<S | undefined>;
  /** Applies changed inputs in place (never called for a replacement) and returns the new state. */
  update(
    client: AirbyteClient,
    id: string,
    state: S,
    inputs: I,
    changed: ReadonlyArray<keyof I & string>,
  ): Promise<S>;
  /** Deletes the object; an object already gone is not an error. */
  delete(client: AirbyteClient, id: string, state: S): Promise<void>;
  /**
   * Checks that need more than the schema (across fields, or a look-up through the API). Runs
   * after the schema passed; the inputs may still hold preview-time unknowns, which it must skip.
   */
  checkMore?(inputs: Record<string, unknown>, client: () => AirbyteClient): Promise<CheckFailure[]>;
  /**
   * The input fields {@link checkMore} reads. It runs only for a new resource, or when one of them
   * differs from the inputs last applied: a `preview` or `up` of an unchanged program then makes
   * no API call (one per connection and per connector look-up would otherwise start a schema
   * discovery of every source on a real Airbyte, on every pull request). Default: every field.
   */
  readonly checkMoreUses?: ReadonlyArray<keyof I & string>;
  /**
   * Adoption of an existing object (the `adopt` input), for a kind that needs more of the live
   * object than {@link read} keeps: it reads the object once itself and returns it in state form
   * (`live`, `undefined` when it does not exist), why it cannot be adopted beyond the generic rule
   * that immutable fields must equal the declared ones (checked before any write), and the state to
   * converge from (default `live`). Without it, adoption uses {@link read} through the declared
   * inputs.
   */
  adopt?(
    client: AirbyteClient,
    id: string,
    inputs: I,
  ): Promise<{
    live: S | undefined;
    problem?: string | undefined;
    from?: S | undefined;
    note?: string | undefined;
  }>;
  /**
   * The live objects that match what {@link create} sends for these inputs (name and connector,
   * source, destination and name, …), made at or after `since` (epoch seconds) when the kind
   * records that: the objects a create whose answer was lost, or an earlier run stopped before
   * Pulumi saved its state, may have made. Airbyte has no idempotency keys; this is how a create
   * stays safe to repeat. Without it, a create whose outcome is unknown fails as it is.
   */
  findCreated?(client: AirbyteClient, inputs: I, search: CreatedSearch): Promise<string[]>;
  /**
   * What makes two creates of the kind the same (never a secret: it is hashed into a file name),
   * for the record on this machine that spans each create. With it, {@link findCreated} runs
   * before a create only when a run that died left such a record, and a create is one write;
   * without it, before every create.
   */
  identity?(inputs: I): unknown;
  /**
   * For a kind Airbyte records no creation time for (workspaces, permissions, groups, applications,
   * custom definitions), instead of {@link findCreated}: the ids of the live objects of this
   * {@link identity}. They are noted just before each create, in this process and in the create's
   * record on this machine, so that an object of the identity that is new since then can only be
   * the one this create made, after a lost answer or a run stopped before Pulumi saved it. Nothing
   * else is ever taken: an object that existed before may be someone else's. That note costs one
   * read per create, the price of having no creation time to look by. A caller who may create but
   * not list (403) still creates, without the guard.
   */
  likeObjects?(client: AirbyteClient, inputs: I): Promise<string[]>;
}

/** What {@link ResourceSpec.findCreated} looks for. */
export interface CreatedSearch {
  /** Objects made at or after this time (epoch seconds), where the kind records a creation time. */
  readonly since: number;
  /**
   * True right after a create whose answer was lost; false before a create, when looking for what
   * an interrupted earlier run made.
   */
  readonly lostAnswer: boolean;
}

/** How far back an object counts as made by an earlier, interrupted run of this deployment. */
export const INTERRUPTED_RUN_WINDOW_SECONDS = 30 * 60;

/** Slack between this machine's clock and Airbyte's when comparing `createdAt`. */
const CLOCK_SKEW_SECONDS = 120;

/** Ids this provider process created or adopted: never taken for another resource's lost object. */
const claimedHere = new Set<string>();

/** Ids of the objects this provider process created (not adopted). */
const createdHere = new Set<string>();

/**
 * A list read once per provider process (one `pulumi up`) and shared by every resource that asks
 * for it: the look-up before each create for what an interrupted earlier run made would otherwise
 * list the workspace's objects once per object. What an earlier run made is in the first read;
 * what this run makes is never taken anyway (see {@link createdByThisRun}). A failed read is
 * dropped, so the next caller tries again.
 */
export function listedOncePerRun<T>(key: string, load: () => Promise<T>): Promise<T> {
  let cached = listedThisRun.get(key) as Promise<T> | undefined;
  if (cached === undefined) {
    cached = load();
    listedThisRun.set(key, cached);
    cached.catch(() => listedThisRun.delete(key));
  }
  return cached;
}

const listedThisRun = new Map<string, Promise<unknown>>();

/**
 * True when this provider process created the object: nothing inside it can be left over from an
 * earlier run, so there is no need to look for what such a run made.
 */
export function createdByThisRun(id: string): boolean {
  return createdHere.has(id);
}

/**
 * True when a failed request may still have been applied: the connection dropped or timed out
 * after the request could have reached Airbyte, or a 5xx came back. A refused connection or a 4xx
 * means nothing was written.
 */
export function outcomeUnknown(error: unknown): boolean {
  if (AirbyteTimeoutError.isInstance(error)) return true;
  if (AirbyteConnectionError.isInstance(error)) return error.errorCode !== "ECONNREFUSED";
  return InternalServerError.isInstance(error);
}

/** The input keys whose normalised values differ between old state and new inputs. */
export function changedFields<I extends object>(
  fields: { readonly [K in keyof I]-?: FieldRule },
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
): Array<keyof I & string> {
  const changed: Array<keyof I & string> = [];
  for (const key of Object.keys(fields) as Array<keyof I & string>) {
    const rule: FieldRule = fields[key];
    const before = olds[key];
    const after = news[key];
    if (containsUnknown(after)) {
      changed.push(key);
      continue;
    }
    if (after === undefined && rule.computedWhenAbsent === true) continue;
    const norm = rule.normalize ?? ((v: unknown) => v);
    if (!deepEqual(norm(before), norm(after))) changed.push(key);
  }
  return changed;
}

/**
 * Puts each input field of `state` back in the form the user declared it (`declared`) when the
 * two mean the same after normalisation: the server's spelling (a cron's " UTC", a default it
 * filled in, streams in its own order) never reaches state. Pulumi shows a changed resource's
 * old state next to its new inputs, so state in declared form is what makes `preview --diff`
 * show only the change the user made. A field that differs keeps the live value: that is drift.
 */
export function inDeclaredForm<I extends object>(
  fields: { readonly [K in keyof I]-?: FieldRule },
  declared: Record<string, unknown>,
  state: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...state };
  for (const key of Object.keys(fields) as Array<keyof I & string>) {
    const rule: FieldRule = fields[key];
    const want = declared[key];
    if (want === undefined && rule.computedWhenAbsent === true) continue;
    const norm = rule.normalize ?? ((v: unknown) => v);
    if (!deepEqual(norm(want), norm(out[key]))) continue;
    if (want === undefined) delete out[key];
    else out[key] = want;
  }
  return out;
}

/**
 * Builds the dynamic provider for one resource kind: check with zod (skipping unknowns), diff
 * of desired state against last applied state with replacement of immutable fields, and
 * create/read/update/delete through the shared client.
 */
export function defineProvider<I extends object, S extends object>(
  spec: ResourceSpec<I, S>,
): pulumi.dynamic.ResourceProvider {
  const parse = (props: Record<string, unknown>): I => spec.inputs.parse(withoutProvider(props));
  const fieldKeys = Object.keys(spec.fields) as Array<keyof I & string>;
  // What create and update record: state in declared form, and which fields were declared.
  const recorded = (inputs: I, state: S): Record<string, unknown> => {
    const declared = inputs as Record<string, unknown>;
    return {
      ...inDeclaredForm(spec.fields, declared, state as Record<string, unknown>),
      [DECLARED_KEY]: fieldKeys.filter((k) => declared[k] !== undefined),
    };
  };
  const checkMoreUses = spec.checkMoreUses ?? fieldKeys;
  // Olds are the inputs last applied (empty for a new resource): what they already passed is not
  // looked up again.
  const checkMoreDue = (olds: Record<string, unknown>, inputs: Record<string, unknown>): boolean =>
    Object.keys(withoutProvider(olds)).length === 0 ||
    checkMoreUses.some((k) => !deepEqual(olds[k], inputs[k]));
  return {
    async configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
      configureFrom({ get: (key) => req.config.get(key) });
    },

    async check(olds: Record<string, unknown>, news: Record<string, unknown>) {
      const inputs = withoutProvider(news);
      const failures = validateInputs(spec.inputs, inputs);
      const adopt = news[ADOPT_KEY];
      if (adopt !== undefined && adopt !== UNKNOWN) {
        failures.push(...validateInputs(z.strictObject({ adopt: AdoptSchema }), { adopt }));
      }
      if (failures.length === 0 && spec.checkMore !== undefined && checkMoreDue(olds, inputs)) {
        failures.push(...(await spec.checkMore(inputs, getClient)));
      }
      return { inputs: news, failures };
    },

    async diff(_id: string, olds: Record<string, unknown>, news: Record<string, unknown>) {
      const changed = changedFields(spec.fields, olds, news);
      const replaces = changed.filter((key) => spec.fields[key].replace === true);
      const providerChanged = news[PROVIDER_KEY] !== olds[PROVIDER_KEY] && news[PROVIDER_KEY] !== UNKNOWN;
      return { changes: changed.length > 0 || providerChanged, replaces, deleteBeforeReplace: false };
    },

    async create(props: Record<string, unknown>) {
      const inputs = parse(props);
      const adopt = props[ADOPT_KEY];
      if (typeof adopt === "string") {
        const state = await adoptExisting(spec, getClient(), adopt, inputs);
        return { id: adopt, outs: { ...recorded(inputs, state), [ADOPT_KEY]: adopt } };
      }
      const { id, state } = await createOnce(spec, getClient(), inputs);
      return { id, outs: recorded(inputs, state) };
    },

    async read(id: string, props: Record<string, unknown>) {
      const before = withoutProvider(props);
      const live = await spec.read(getClient(), id, before as S);
      if (live === undefined) return { id: "", props: {} };
      const state = inDeclaredForm(spec.fields, before, live as Record<string, unknown>);
      const declared = Array.isArray(props[DECLARED_KEY])
        ? (props[DECLARED_KEY] as string[])
        : // State written before the list existed: every field with a value, computed ones aside.
          fieldKeys.filter((k) => state[k] !== undefined && spec.fields[k].computedWhenAbsent !== true);
      const inputs: Record<string, unknown> = Object.fromEntries(
        declared.filter((k) => state[k] !== undefined).map((k) => [k, state[k]]),
      );
      const adopted = props[ADOPT_KEY] !== undefined ? { [ADOPT_KEY]: props[ADOPT_KEY] } : {};
      // Nothing declared moved: the inputs Pulumi holds are these already, and it keeps them when
      // none come back; sending them anyway costs the host and the engine a conversion per resource.
      const drifted =
        !Array.isArray(props[DECLARED_KEY]) || declared.some((k) => !deepEqual(before[k], state[k]));
      return {
        id,
        props: { ...state, [DECLARED_KEY]: declared, ...adopted },
        ...(drifted && { inputs: { ...inputs, ...adopted } }),
      };
    },

    async update(id: string, olds: Record<string, unknown>, news: Record<string, unknown>) {
      const inputs = parse(news);
      const changed = changedFields(spec.fields, olds, news);
      const state = await spec
        .update(getClient(), id, withoutProvider(olds) as S, inputs, changed)
        .catch((error: unknown) => {
          if (!NotFoundError.isInstance(error)) throw error;
          throw new Error(
            `${spec.kind} ${id} no longer exists in Airbyte (it was deleted outside Pulumi): run \`pulumi refresh\`, then \`pulumi up\` creates it again`,
            { cause: error },
          );
        });
      const adopted = news[ADOPT_KEY] !== undefined ? { [ADOPT_KEY]: news[ADOPT_KEY] } : {};
      return { outs: { ...recorded(inputs, state), ...adopted } };
    },

    async delete(id: string, props: Record<string, unknown>) {
      await spec.delete(getClient(), id, withoutProvider(props) as S);
    },
  };
}

/** What adoption reads of an object: {@link ResourceSpec.adopt}'s answer, or else {@link ResourceSpec.read}'s. */
type AdoptionRead<S extends object> = Awaited<ReturnType<NonNullable<ResourceSpec<object, S>["adopt"]>>>;

/** An object an earlier run made, with what adoption read of it when that is known already. */
interface Found<S extends object> {
  readonly id: string;
  readonly seen?: AdoptionRead<S>;
}

async function readToAdopt<I extends object, S extends object>(
  spec: ResourceSpec<I, S>,
  client: AirbyteClient,
  id: string,
  inputs: I,
): Promise<AdoptionRead<S>> {
  return spec.adopt !== undefined
    ? spec.adopt(client, id, inputs)
    : { live: await spec.read(client, id, inputs as unknown as S) };
}

/**
 * Brings an existing object under management: reads it through the declared inputs (unless the
 * caller already did, `alreadyRead`), refuses (before any write) an object that does not exist or whose
 * immutable fields differ from the declared ones (another workspace, another connector), then
 * converges it with the kind's own update, which sends only what differs: adopting an object that
 * already matches writes nothing.
 */
async function adoptExisting<I extends object, S extends object>(
  spec: ResourceSpec<I, S>,
  client: AirbyteClient,
  id: string,
  inputs: I,
  alreadyRead?: AdoptionRead<S>,
): Promise<S> {
  const declared = inputs as Record<string, unknown>;
  const extra = alreadyRead ?? (await readToAdopt(spec, client, id, inputs));
  const live = extra.live;
  if (live === undefined) {
    throw new Error(
      `adopt: there is no ${spec.kind} ${id} (it does not exist or was deleted). Check the id in the Airbyte UI, or remove adopt to create a new ${spec.kind}.`,
    );
  }
  const seen = live as Record<string, unknown>;
  for (const key of Object.keys(spec.fields) as Array<keyof I & string>) {
    const rule: FieldRule = spec.fields[key];
    if (rule.replace !== true || declared[key] === undefined || seen[key] === undefined) continue;
    const norm = rule.normalize ?? ((v: unknown) => v);
    if (!deepEqual(norm(seen[key]), norm(declared[key]))) {
      throw new Error(
        `adopt: ${spec.kind} ${id} has ${key} ${JSON.stringify(seen[key])}, not the declared ${JSON.stringify(declared[key])}, and ${key} cannot change in place. Adopt the right id, or declare ${key}: ${JSON.stringify(seen[key])}.`,
      );
    }
  }
  if (extra.problem !== undefined) throw new Error(`adopt: ${spec.kind} ${id}: ${extra.problem}`);
  const from = extra.from ?? live;
  const changed = changedFields(spec.fields, from as Record<string, unknown>, declared);
  if (extra.note !== undefined) log.info(`Adopting ${spec.kind} ${id}: ${extra.note}`);
  if (changed.length === 0) return live;
  return spec.update(client, id, from, inputs, changed);
}

/** The one object that `findCreated` names, or a clear refusal when several match. */
function single(kind: string, ids: readonly string[], why: string): string | undefined {
  const fresh = ids.filter((id) => !claimedHere.has(id));
  if (fresh.length > 1) {
    throw new Error(
      `${why}, and ${fresh.length} ${kind}s match what this resource declares (${fresh.join(", ")}): nothing was created. Delete the extra ones in Airbyte, or set adopt to the one to keep.`,
    );
  }
  return fresh[0];
}

/**
 * The key of the record on this machine that spans a create of `kind` at `serverUrl` with this
 * {@link ResourceSpec.identity} (see {@link createOnce}).
 */
export function createKey(kind: string, serverUrl: string, identity: unknown): string {
  return intentKey(kind, [serverUrl, identity]);
}

/**
 * What a run that stopped before Pulumi saved its state (killed, crashed) may have made for these
 * inputs, as the record it left on this machine says: the object whose id Airbyte answered it, if
 * that still exists (with what adoption read of it, so adoption does not read it again), or else
 * the kind's look-up for objects made since its write began. Without such a record nothing is
 * looked up, so a create costs one write.
 */
async function madeByStoppedRun<I extends object, S extends object>(
  spec: ResourceSpec<I, S>,
  client: AirbyteClient,
  inputs: I,
  key: string,
): Promise<Found<S> | undefined> {
  const record = await readIntent(key);
  if (record === undefined || !fromStoppedRun(record)) return undefined;
  if (record.id !== undefined) {
    if (claimedHere.has(record.id)) return undefined;
    const seen = await readToAdopt(spec, client, record.id, inputs);
    return seen.live === undefined ? undefined : { id: record.id, seen };
  }
  const since = Math.floor(record.startedAt / 1000) - CLOCK_SKEW_SECONDS;
  const id = single(
    spec.kind,
    await lookForCreated(spec, client, inputs, { since, lostAnswer: false }, record.before),
    `an earlier run stopped while creating this ${spec.kind}`,
  );
  return id === undefined ? undefined : { id };
}

/**
 * The ids of {@link ResourceSpec.likeObjects}, or undefined when the caller may not list them: a
 * 403 on the look-up costs only the guard, never the create.
 */
async function likeObjectsOrUnknown<I extends object, S extends object>(
  spec: ResourceSpec<I, S>,
  client: AirbyteClient,
  inputs: I,
): Promise<string[] | undefined> {
  if (spec.likeObjects === undefined) return undefined;
  try {
    return await spec.likeObjects(client, inputs);
  } catch (error) {
    if (PermissionDeniedError.isInstance(error)) return undefined;
    throw error;
  }
}

/**
 * What a create may have made: for a kind with {@link ResourceSpec.likeObjects}, the like objects
 * that are new since `before` (nothing when no note was taken); otherwise the kind's own
 * {@link ResourceSpec.findCreated}.
 */
async function lookForCreated<I extends object, S extends object>(
  spec: ResourceSpec<I, S>,
  client: AirbyteClient,
  inputs: I,
  search: CreatedSearch,
  before: readonly string[] | undefined,
): Promise<string[]> {
  if (spec.likeObjects === undefined) return (await spec.findCreated?.(client, inputs, search)) ?? [];
  if (before === undefined) return [];
  const existed = new Set(before);
  return ((await likeObjectsOrUnknown(spec, client, inputs)) ?? []).filter((id) => !existed.has(id));
}

/**
 * Creates the object exactly once, across lost answers and interrupted runs: an object an earlier
 * run made but Pulumi never recorded is adopted rather than made again, and a create whose answer
 * was lost is looked for before it is tried again.
 *
 * For a kind with an {@link ResourceSpec.identity}, a record on this machine spans the create (see
 * `intents.ts`): written before the write, given the id once Airbyte answers, and removed when the
 * provider process ends in order. Only a run that died leaves one, and only then does the next run
 * look for what it made; a kind without one looks before every create (its `findCreated` decides
 * what that costs), and so does every kind when `airbyte:scanBeforeCreate` is set (for machines
 * that do not outlive a killed run).
 */
async function createOnce<I extends object, S extends object>(
  spec: ResourceSpec<I, S>,
  client: AirbyteClient,
  inputs: I,
): Promise<{ id: string; state: S }> {
  const started = Math.floor(Date.now() / 1000);
  const settings = resolveSettings();
  const key =
    spec.identity === undefined ? undefined : createKey(spec.kind, settings.serverUrl, spec.identity(inputs));
  const done = async <T extends { id: string }>(created: T): Promise<T> => {
    claimedHere.add(created.id);
    if (key !== undefined) {
      await writeIntent(key, { startedAt: started * 1000, pid: process.pid, id: created.id });
      clearAtExit(key);
    }
    return created;
  };
  const adoptFound = async (id: string, what: string, seen?: AdoptionRead<S>) => {
    log.warn(`${spec.kind} ${id}: ${what}; adopting it instead of creating a duplicate`);
    claimedHere.add(id);
    return done({ id, state: await adoptExisting(spec, client, id, inputs, seen) });
  };
  const scanAlways = key === undefined || settings.scanBeforeCreate === true;
  const scanned = async (): Promise<Found<S> | undefined> => {
    if (!scanAlways || spec.findCreated === undefined) return undefined;
    const id = single(
      spec.kind,
      await spec.findCreated(client, inputs, {
        since: started - INTERRUPTED_RUN_WINDOW_SECONDS,
        lostAnswer: false,
      }),
      `an earlier run may have been interrupted after creating this ${spec.kind}`,
    );
    return id === undefined ? undefined : { id };
  };
  const earlier =
    (key !== undefined ? await madeByStoppedRun(spec, client, inputs, key) : undefined) ?? (await scanned());
  if (earlier !== undefined) {
    return adoptFound(
      earlier.id,
      "made by an earlier run that stopped before Pulumi recorded it",
      earlier.seen,
    );
  }
  const before = await likeObjectsOrUnknown(spec, client, inputs);
  if (key !== undefined) {
    await writeIntent(key, {
      startedAt: Date.now(),
      pid: process.pid,
      ...(before !== undefined && { before }),
    });
  }
  const canLook = spec.findCreated !== undefined || spec.likeObjects !== undefined;
  for (let attempt = 1; ; attempt++) {
    try {
      const created = await spec.create(client, inputs);
      createdHere.add(created.id);
      return await done(created);
    } catch (error) {
      if (!canLook || !outcomeUnknown(error) || attempt > 2) {
        // Nothing was made: no record to leave. An unknown outcome keeps it for the next run.
        if (key !== undefined && !outcomeUnknown(error)) await clearIntent(key);
        throw error;
      }
      const search = { since: started - CLOCK_SKEW_SECONDS, lostAnswer: true };
      const lost = single(
        spec.kind,
        await lookForCreated(spec, client, inputs, search, before),
        `the answer to creating this ${spec.kind} was lost (${error instanceof Error ? error.message : String(error)})`,
      );
      if (lost !== undefined) return adoptFound(lost, "created although the answer was lost");
      log.warn(`creating the ${spec.kind} failed before Airbyte made it; trying again`);
    }
  }
}
