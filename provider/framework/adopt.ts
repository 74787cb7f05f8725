/**
 * Adoption: bringing an existing object under management, whether the user named it (`adopt`) or
 * a killed run made it. Refuses before any write what cannot be adopted; writes only what differs.
 */
import type { AirbyteClient } from "../api/client.js";
import { log } from "../logger.js";
import type { AdoptionRead, KindSpec } from "./contract.js";
import { changedFields, immutableMismatch } from "./values.js";

/** What adoption needs of the object: the kind's own reading, or else {@link KindSpec.read} through the inputs. */
export async function readAdoptable<I extends object, S extends object>(
  spec: KindSpec<I, S>,
  client: AirbyteClient,
  id: string,
  inputs: I,
): Promise<AdoptionRead<S>> {
  return spec.readAdoptable !== undefined
    ? spec.readAdoptable(client, id, inputs)
    : { live: await spec.read(client, id, inputs as unknown as S) };
}

/**
 * Brings an existing object under management: reads it (unless the caller already did, `seen`),
 * refuses (before any write) an object that does not exist or whose immutable fields differ from
 * the declared ones (another workspace, another connector), then converges it with the kind's own
 * update, which sends only what differs: adopting an object that already matches writes nothing.
 */
export async function adoptExisting<I extends object, S extends object>(
  spec: KindSpec<I, S>,
  client: AirbyteClient,
  id: string,
  inputs: I,
  seen?: AdoptionRead<S>,
): Promise<S> {
  const declared = inputs as Record<string, unknown>;
  const read = seen ?? (await readAdoptable(spec, client, id, inputs));
  const live = read.live;
  if (live === undefined) {
    throw new Error(
      `adopt: there is no ${spec.kind} ${id} (it does not exist or was deleted). Check the id in the Airbyte UI, or remove adopt to create a new ${spec.kind}.`,
    );
  }
  const has = live as Record<string, unknown>;
  const key = immutableMismatch(spec.fields, declared, has);
  if (key !== undefined) {
    throw new Error(
      `adopt: ${spec.kind} ${id} has ${key} ${JSON.stringify(has[key])}, not the declared ${JSON.stringify(declared[key])}, and ${key} cannot change in place. Adopt the right id, or declare ${key}: ${JSON.stringify(has[key])}.`,
    );
  }
  if (read.problem !== undefined) throw new Error(`adopt: ${spec.kind} ${id}: ${read.problem}`);
  const from = read.from ?? live;
  const changed = changedFields(spec.fields, from as Record<string, unknown>, declared);
  if (read.note !== undefined) log.info(`Adopting ${spec.kind} ${id}: ${read.note}`);
  if (changed.length === 0) return live;
  return spec.update(client, id, from, inputs, changed);
}
