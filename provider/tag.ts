import { z } from "zod";
import type { AirbyteClient } from "./api/client.js";
import { ignoreNotFound } from "./api/errors.js";
import type { Tag as ApiTag } from "./api/index.js";
import { createdByThisRun, defineProvider, listedOncePerRun, type ResourceSpec } from "./framework.js";

/** The schema `check` applies to a Tag's inputs (Airbyte's limits: 30 characters, 6 hex digits). */
export const TagInputsSchema = z.strictObject({
  workspaceId: z.uuid({ error: "workspaceId must be the UUID of the workspace that owns the tag" }),
  name: z
    .string({ error: "name is required" })
    .min(1, { error: "name must not be empty" })
    .max(30, { error: "name must be at most 30 characters (Airbyte's limit)" }),
  color: z
    .string({ error: "color is required: 6 hex digits without '#', e.g. \"FF5733\"" })
    .regex(/^[0-9A-Fa-f]{6}$/, { error: "color must be 6 hex digits without '#', e.g. \"FF5733\"" }),
});

/** Inputs of a Tag. */
export type TagInputs = z.infer<typeof TagInputsSchema>;

/** State of a Tag. */
export interface TagState extends TagInputs {
  tagId: string;
}

/**
 * The tags this provider process created, read, updated or fetched, by id: a connection's create or
 * update sends whole tag objects, and a tag made earlier in the same run need not be fetched again.
 */
const seen = new Map<string, ApiTag>();

/** The tag as this run last saw it, fetched only when it has not seen it yet. */
export async function tagObject(client: AirbyteClient, id: string): Promise<ApiTag> {
  const known = seen.get(id);
  if (known !== undefined) return known;
  const live = await client.tags.get(id);
  seen.set(id, live);
  return live;
}

const stateFrom = (inputs: TagInputs, live: ApiTag): TagState => {
  seen.set(live.tagId, live);
  return {
    ...inputs,
    name: live.name,
    tagId: live.tagId,
  };
};

/** The Tag's resource spec (exported for tests). */
export const tagSpec: ResourceSpec<TagInputs, TagState> = {
  kind: "tag",
  inputs: TagInputsSchema,
  fields: {
    workspaceId: { replace: true },
    name: {},
    color: { normalize: (c) => (typeof c === "string" ? c.toUpperCase() : c) },
  },
  identity: (inputs) => [inputs.workspaceId, inputs.name],
  async findCreated(client, inputs, search) {
    if (!search.lostAnswer && createdByThisRun(inputs.workspaceId)) return [];
    // Tags record no creation time, but a name is unique in its workspace: the tag of this name is
    // the one a lost answer made, or one an interrupted run made (then with the declared colour).
    const read = () => client.tags.list({ workspaceIds: [inputs.workspaceId] });
    const tags = search.lostAnswer
      ? await read()
      : await listedOncePerRun(`tags:${inputs.workspaceId}`, read);
    return tags
      .filter((t) => t.name === inputs.name)
      .filter((t) => search.lostAnswer || t.color.toUpperCase() === inputs.color.toUpperCase())
      .map((t) => t.tagId);
  },

  async create(client, inputs) {
    const live = await client.tags.create({
      workspaceId: inputs.workspaceId,
      name: inputs.name,
      color: inputs.color,
    });
    return { id: live.tagId, state: stateFrom(inputs, live) };
  },
  async read(client, id, state) {
    const live = await ignoreNotFound(client.tags.get(id));
    if (live === undefined) return undefined;
    seen.set(id, live);
    const color = live.color.toUpperCase() === state.color?.toUpperCase() ? state.color : live.color;
    return { ...state, name: live.name, color, workspaceId: live.workspaceId, tagId: live.tagId };
  },
  async update(client, id, state, inputs, changed) {
    // Nothing to send when only the provider's code changed.
    if (changed.length === 0) return { ...state, ...inputs };
    // The API's PATCH needs both fields, whichever changed.
    const live = await client.tags.update(id, { name: inputs.name, color: inputs.color });
    return stateFrom(inputs, live);
  },
  async delete(client, id) {
    await ignoreNotFound(client.tags.delete(id));
  },
};

/** The dynamic provider behind `Tag`, loaded by the stub in `sdk/stub.ts`. */
export default defineProvider(tagSpec);
