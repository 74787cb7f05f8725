import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { ignoreNotFound } from "./api/errors.js";
import type { DeclarativeSourceDefinition } from "./api/index.js";
import type { KindSpec } from "./framework/contract.js";
import { defineProvider } from "./framework/dynamic.js";

/** A low-code connector manifest: the Connector Builder's YAML, as a JSON object. */
export type Manifest = Record<string, unknown>;

/** Raised for a manifest that is not a YAML or JSON mapping; the message says where and why. */
export class ManifestError extends Error {
  override readonly name = "ManifestError";
}

/**
 * The manifest as an object: YAML or JSON text (as exported from the Connector Builder and kept in
 * the repository) is parsed, an object is taken as it is. Anything else is a {@link ManifestError}.
 */
export function parseManifest(manifest: unknown): Manifest {
  let value = manifest;
  if (typeof manifest === "string") {
    try {
      value = parseYaml(manifest);
    } catch (error) {
      throw new ManifestError(
        `manifest: the text is not valid YAML or JSON (${error instanceof Error ? error.message.split("\n")[0] : String(error)})`,
        { cause: error },
      );
    }
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new ManifestError(
      'manifest must be a low-code connector manifest: an object, or its YAML or JSON text (e.g. readFileSync("manifest.yaml", "utf8"))',
    );
  }
  return value as Manifest;
}

const ManifestSchema = z.unknown().transform((value, ctx): Manifest => {
  try {
    const manifest = parseManifest(value);
    if (manifest.type !== undefined && manifest.type !== "DeclarativeSource") {
      ctx.addIssue({
        code: "custom",
        message: `manifest.type must be "DeclarativeSource" (a Connector Builder manifest), not ${JSON.stringify(manifest.type)}`,
      });
      return z.NEVER;
    }
    return manifest;
  } catch (error) {
    if (!(error instanceof ManifestError)) throw error;
    ctx.addIssue({ code: "custom", message: error.message.replace(/^manifest:? /, "") });
    return z.NEVER;
  }
});

/** The schema `check` applies to a DeclarativeSourceDefinition's inputs. */
export const DeclarativeSourceDefinitionInputsSchema = z.strictObject({
  workspaceId: z.uuid({ error: "workspaceId must be the UUID of the workspace that gets the connector" }),
  name: z
    .string({ error: 'name is required: the connector\'s name in the workspace, e.g. "billing-api"' })
    .trim()
    .min(1, { error: "name must not be empty" }),
  manifest: ManifestSchema,
});

/** Inputs of a DeclarativeSourceDefinition. */
export type DeclarativeSourceDefinitionInputs = z.infer<typeof DeclarativeSourceDefinitionInputsSchema>;

/** State: the inputs as applied, the id (what a source's `definitionId` takes) and Airbyte's version. */
export type DeclarativeSourceDefinitionState = DeclarativeSourceDefinitionInputs &
  z.infer<typeof DeclarativeSourceDefinitionComputedSchema>;

/** What Airbyte computes for a declarative source definition. */
export const DeclarativeSourceDefinitionComputedSchema = z.object({
  definitionId: z.string().describe("The definition's id (what a source's definitionId takes)."),
  version: z.number().describe("Airbyte's version of the definition, one more with each manifest update."),
});

const stateFrom = (
  inputs: DeclarativeSourceDefinitionInputs,
  live: DeclarativeSourceDefinition,
): DeclarativeSourceDefinitionState => ({
  ...inputs,
  name: live.name,
  manifest: live.manifest,
  definitionId: live.id,
  version: live.version,
});

/** Compares manifests as objects, whether declared as text or as an object. */
function normalizeManifest(value: unknown): unknown {
  try {
    return parseManifest(value);
  } catch {
    return value;
  }
}

/** The DeclarativeSourceDefinition's resource spec (exported for tests). */
export const declarativeSourceDefinitionSpec: KindSpec<
  DeclarativeSourceDefinitionInputs,
  DeclarativeSourceDefinitionState
> = {
  kind: "declarative source definition",
  inputs: DeclarativeSourceDefinitionInputsSchema,
  computed: DeclarativeSourceDefinitionComputedSchema,
  fields: {
    workspaceId: { replace: true },
    // The API's update takes a manifest only.
    name: { replace: true },
    manifest: { normalize: normalizeManifest },
  },
  createOnce: {
    strategy: "new-since-noted",
    identity: (i) => [i.workspaceId, i.name],
    async like(client, inputs) {
      const ids: string[] = [];
      for await (const d of client.declarativeSourceDefinitions.list(inputs.workspaceId))
        if (d.name === inputs.name) ids.push(d.id);
      return ids;
    },
  },

  async create(client, inputs) {
    const live = await client.declarativeSourceDefinitions.create(inputs.workspaceId, {
      name: inputs.name,
      manifest: inputs.manifest,
    });
    return { id: live.id, state: stateFrom(inputs, live) };
  },
  async read(client, id, state) {
    const live = await ignoreNotFound(client.declarativeSourceDefinitions.get(state.workspaceId, id));
    return live === undefined ? undefined : stateFrom(state, live);
  },
  async update(client, id, state, inputs, changed) {
    // Nothing to send when only the provider's code changed.
    if (!changed.includes("manifest")) return { ...state, ...inputs };
    const live = await client.declarativeSourceDefinitions.replace(inputs.workspaceId, id, {
      manifest: inputs.manifest,
    });
    return stateFrom(inputs, live);
  },
  async delete(client, id, state) {
    await ignoreNotFound(client.declarativeSourceDefinitions.delete(state.workspaceId, id));
  },
};

/** The dynamic provider behind `DeclarativeSourceDefinition`, loaded by the stub in `sdk/stub.ts`. */
export default defineProvider(declarativeSourceDefinitionSpec);
