import { z } from "zod";
import type { AirbyteClient } from "./api/client.js";
import { ignoreNotFound } from "./api/errors.js";
import type { CustomDefinition, CustomDefinitionsApi } from "./api/index.js";
import type { ConnectorKind } from "./definitions.js";
import type { KindSpec } from "./framework/contract.js";

/**
 * A workspace's own connector, run from a Docker image: `SourceDefinition` and
 * `DestinationDefinition` behave the same, and this module implements both; `source-definition.ts`
 * and `destination-definition.ts` only name the kind.
 */

// An image name as Docker spells it, with an optional registry host and port, and no tag or digest.
const REPOSITORY =
  /^(?:[A-Za-z0-9.-]+(?::[0-9]+)?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

/** The schema `check` applies to a custom definition's inputs. */
export function customDefinitionInputsSchema(kind: ConnectorKind) {
  return z.strictObject({
    workspaceId: z.uuid({
      error: `workspaceId must be the UUID of the workspace that gets the ${kind} connector`,
    }),
    name: z
      .string({ error: `name is required: the connector's name in the workspace, e.g. "billing-api"` })
      .trim()
      .min(1, { error: "name must not be empty" }),
    dockerRepository: z
      .string({ error: `dockerRepository is required: the image, e.g. "ghcr.io/acme/${kind}-billing"` })
      .regex(REPOSITORY, {
        error: `dockerRepository must be an image name without a tag, e.g. "ghcr.io/acme/${kind}-billing": put the tag in dockerImageTag`,
      }),
    dockerImageTag: z
      .string({ error: 'dockerImageTag is required: the image\'s tag, e.g. "1.4.0"' })
      .regex(TAG, {
        error: 'dockerImageTag must be a Docker tag (letters, digits, "_", "." and "-"), e.g. "1.4.0"',
      }),
    documentationUrl: z
      .url({
        error: "documentationUrl must be an absolute URL, e.g. https://docs.acme.com/connectors/billing",
      })
      .optional(),
  });
}

/** Inputs of a `SourceDefinition` or `DestinationDefinition`. */
export type CustomDefinitionInputs = z.infer<ReturnType<typeof customDefinitionInputsSchema>>;

/** State of a custom definition: its inputs as applied, and its id (what a source's `definitionId` takes). */
export type CustomDefinitionState = CustomDefinitionInputs & z.infer<typeof CustomDefinitionComputedSchema>;

/** What Airbyte computes for a custom definition. */
export const CustomDefinitionComputedSchema = z.object({
  definitionId: z
    .string()
    .describe("The definition's id (what a source's or destination's definitionId takes)."),
});

function api(client: AirbyteClient, kind: ConnectorKind): CustomDefinitionsApi {
  return kind === "source" ? client.sourceDefinitions : client.destinationDefinitions;
}

const stateFrom = (inputs: CustomDefinitionInputs, live: CustomDefinition): CustomDefinitionState => ({
  ...inputs,
  name: live.name,
  dockerRepository: live.dockerRepository,
  dockerImageTag: live.dockerImageTag,
  ...(live.documentationUrl !== undefined && { documentationUrl: live.documentationUrl }),
  definitionId: live.id,
});

/** The resource spec of a `SourceDefinition` or `DestinationDefinition`. */
export function customDefinitionSpec(
  kind: ConnectorKind,
): KindSpec<CustomDefinitionInputs, CustomDefinitionState> {
  return {
    kind: `${kind} definition`,
    inputs: customDefinitionInputsSchema(kind),
    computed: CustomDefinitionComputedSchema,
    fields: {
      workspaceId: { replace: true },
      name: {},
      // The API's update takes a name and a tag; a new image or documentation link is a new connector.
      dockerRepository: { replace: true },
      dockerImageTag: {},
      documentationUrl: { replace: true },
    },
    createOnce: {
      strategy: "new-since-noted",
      identity: (i) => [i.workspaceId, i.name, i.dockerRepository],
      async like(client, inputs) {
        const ids: string[] = [];
        for await (const d of api(client, kind).list(inputs.workspaceId))
          if (d.name === inputs.name && d.dockerRepository === inputs.dockerRepository) ids.push(d.id);
        return ids;
      },
    },

    async create(client, inputs) {
      const live = await api(client, kind).create(inputs.workspaceId, {
        name: inputs.name,
        dockerRepository: inputs.dockerRepository,
        dockerImageTag: inputs.dockerImageTag,
        ...(inputs.documentationUrl !== undefined && { documentationUrl: inputs.documentationUrl }),
      });
      return { id: live.id, state: stateFrom(inputs, live) };
    },
    async read(client, id, state) {
      const live = await ignoreNotFound(api(client, kind).get(state.workspaceId, id));
      return live === undefined ? undefined : stateFrom(state, live);
    },
    async update(client, id, state, inputs, changed) {
      // Nothing to send when only the provider's code changed.
      if (changed.length === 0) return { ...state, ...inputs };
      // The API's PUT needs both fields, whichever changed.
      const live = await api(client, kind).replace(inputs.workspaceId, id, {
        name: inputs.name,
        dockerImageTag: inputs.dockerImageTag,
      });
      return stateFrom(inputs, live);
    },
    async delete(client, id, state) {
      await ignoreNotFound(api(client, kind).delete(state.workspaceId, id));
    },
  };
}
