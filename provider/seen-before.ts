/**
 * Creates that stay safe to repeat for kinds Airbyte records no creation time for (permissions,
 * groups, applications, custom connector definitions): the like objects that exist just before
 * the create are noted, in this process and in an intent record on this machine until the answer
 * is in, so that an object of the kind's identity that is new since then can only be the one this
 * create made, after a lost answer or a run stopped before Pulumi saved it. Nothing else is ever
 * taken: an object that existed before may be someone else's.
 */
import type { AirbyteClient } from "./api/client.js";
import { PermissionDeniedError } from "./api/errors.js";
import type { CreatedSearch } from "./framework.js";
import { clearIntent, intentKey, readIntent, writeIntent } from "./intents.js";

/** What {@link seenBefore} needs of a kind. */
export interface SeenBeforeSpec<I> {
  /** The kind, for the intent record's key. */
  readonly kind: string;
  /** What makes two creates the same (never a secret: it is hashed into a file name). */
  identity(inputs: I): unknown;
  /** The ids of the live objects of that identity. */
  list(client: AirbyteClient, inputs: I): Promise<string[]>;
}

/** The two halves of a create kept safe to repeat: around the write, and the look-up after. */
export interface SeenBefore<I> {
  /** Runs the create's write with the like objects noted before it. */
  create<T>(client: AirbyteClient, inputs: I, write: () => Promise<T>): Promise<T>;
  /** For `ResourceSpec.findCreated`: the objects of the identity that are new since the note. */
  findCreated(client: AirbyteClient, inputs: I, search: CreatedSearch): Promise<string[]>;
}

/**
 * Builds the create guard of one kind. A caller who may create but not list (a 403 on the look-up)
 * still creates; only the guard against a duplicate after a lost answer is lost.
 */
export function seenBefore<I>(spec: SeenBeforeSpec<I>): SeenBefore<I> {
  const noted = new Map<string, ReadonlySet<string>>();
  const key = (inputs: I): string => intentKey(spec.kind, spec.identity(inputs));
  const listOrUnknown = async (client: AirbyteClient, inputs: I): Promise<string[] | undefined> => {
    try {
      return await spec.list(client, inputs);
    } catch (error) {
      if (PermissionDeniedError.isInstance(error)) return undefined;
      throw error;
    }
  };
  return {
    async create(client, inputs, write) {
      const k = key(inputs);
      const before = await listOrUnknown(client, inputs);
      if (before === undefined) return write();
      noted.set(k, new Set(before));
      await writeIntent(k, { startedAt: Date.now(), before });
      const result = await write();
      await clearIntent(k);
      return result;
    },
    async findCreated(client, inputs, search) {
      const earlier = search.lostAnswer ? noted.get(key(inputs)) : (await readIntent(key(inputs)))?.before;
      if (earlier === undefined) return [];
      const existed = new Set(earlier);
      const now = (await listOrUnknown(client, inputs)) ?? [];
      return now.filter((id) => !existed.has(id));
    },
  };
}
