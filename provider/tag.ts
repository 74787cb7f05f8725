import { z } from "zod";
import type { AirbyteClient } from "./api/client.js";
import { ignoreNotFound } from "./api/errors.js";
import type { Tag as ApiTag } from "./api/index.js";
import type { KindSpec, PagedListing } from "./framework/contract.js";
import { defineProvider } from "./framework/dynamic.js";
import { listingOf } from "./framework/read-pages.js";

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

/** What Airbyte computes for a Tag. */
export const TagComputedSchema = z.object({ tagId: z.string().describe("The tag's id.") });

/** State of a Tag. */
export type TagState = TagInputs & z.infer<typeof TagComputedSchema>;

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

/** The state of a live tag, read by id or from its workspace's list (the same fields either way). */
function stateOf(live: ApiTag, state: TagState): TagState {
  seen.set(live.tagId, live);
  const color = live.color.toUpperCase() === state.color?.toUpperCase() ? state.color : live.color;
  return { ...state, name: live.name, color, workspaceId: live.workspaceId, tagId: live.tagId };
}

/** A workspace's tags (one call, unpaginated): what create-once looks in and refresh reads from. */
function tagsIn(client: AirbyteClient, workspaceId: string): PagedListing<ApiTag> {
  return listingOf(`tags:${workspaceId}`, async function* () {
    yield* await client.tags.list({ workspaceIds: [workspaceId] });
  });
}

/** The Tag's resource spec (exported for tests). */
export const tagSpec: KindSpec<TagInputs, TagState> = {
  kind: "tag",
  inputs: TagInputsSchema,
  computed: TagComputedSchema,
  fields: {
    workspaceId: { replace: true },
    name: {},
    color: { normalize: (c) => (typeof c === "string" ? c.toUpperCase() : c) },
  },
  createOnce: {
    strategy: "creation-time",
    identity: (inputs) => [inputs.workspaceId, inputs.name],
    within: (inputs) => [inputs.workspaceId],
    // Tags record no creation time, but a name is unique in its workspace: the tag of this name is
    // the one a lost answer made, or one an interrupted run made (then with the declared colour).
    candidates: async (client, inputs) => ({
      ...tagsIn(client, inputs.workspaceId),
      id: (t: ApiTag) => t.tagId,
      createdAt: () => undefined,
      matches: (t: ApiTag, lostAnswer) =>
        t.name === inputs.name && (lostAnswer || t.color.toUpperCase() === inputs.color.toUpperCase()),
    }),
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
    return live === undefined ? undefined : stateOf(live, state);
  },
  pages: {
    listing: (client, state) =>
      typeof state.workspaceId === "string" ? tagsIn(client, state.workspaceId) : undefined,
    id: (t: ApiTag) => t.tagId,
    stateOf: (t: ApiTag, state) => stateOf(t, state),
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
