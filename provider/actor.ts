import { z } from "zod";
import type { AirbyteClient } from "./api/client.js";
import { ignoreNotFound } from "./api/errors.js";
import { type ActorsApi, type Destination, ResourceRequirementsSchema, type Source } from "./api/index.js";
import {
  type Configuration,
  importedConfiguration,
  KEEP_EXISTING_SECRET,
  keptSecretPaths,
  maskedPaths,
  mergePatch,
  projectLive,
  projectLiveMasked,
  withoutKeptSecrets,
} from "./configuration.js";
import { configurationProblems, configurationWarnings } from "./connector-schema.js";
import { secretFieldsOf } from "./connector-secrets.js";
import { type ConnectorKind, listDefinitions, matchDefinition } from "./definitions.js";
import type { CheckFailure, KindSpec, PagedListing } from "./framework/contract.js";
import { listedHolds, listingOf } from "./framework/read-pages.js";
import { containsUnknown, deepEqual, UNKNOWN } from "./framework/values.js";
import { log } from "./logger.js";

/**
 * Sources and destinations ("actors" in Airbyte's code) behave the same: a named connector
 * configuration in a workspace. This module implements both; `source.ts` and `destination.ts`
 * only name the kind.
 */

// The API's shape, strict: an input with a misspelt key is an error, not silently ignored.
const ResourceRequirements = z
  .strictObject(ResourceRequirementsSchema.shape)
  .meta({ id: "ResourceRequirements", description: "CPU, memory and storage requests and limits." });

/** CPU, memory and storage for the connector's jobs, as Airbyte's `ScopedResourceRequirements`. */
export const ResourceAllocationSchema = z.strictObject({
  default: ResourceRequirements.optional(),
  jobSpecific: z
    .array(z.strictObject({ jobType: z.string(), resourceRequirements: ResourceRequirements }))
    .optional(),
});

/** The schema `check` applies to a Source's or Destination's inputs. */
export function actorInputsSchema(kind: ConnectorKind) {
  return z
    .strictObject({
      workspaceId: z.uuid({ error: `workspaceId must be the UUID of the workspace that owns the ${kind}` }),
      name: z
        .string({ error: `name is required: give the ${kind} a name` })
        .min(1, { error: "name must not be empty" }),
      definition: z
        .string({ error: `definition must be a connector name, e.g. "postgres"` })
        .min(1)
        .optional(),
      definitionId: z.uuid({ error: "definitionId must be a connector definition's UUID" }).optional(),
      // Airbyte strips the type key anyway; stripping it on parse keeps it out of every call and of state.
      configuration: z
        .record(z.string(), z.unknown(), {
          error: `configuration must be an object with the connector's settings`,
        })
        .transform((c) => stripTypeKey(kind, c)),
      resourceAllocation: ResourceAllocationSchema.optional(),
    })
    .refine((v) => v.definition !== undefined || v.definitionId !== undefined, {
      message: `give the connector: definition (a name such as "postgres") or definitionId`,
      path: ["definition"],
    });
}

/** Inputs of a Source or Destination. */
export type ActorInputs = z.infer<ReturnType<typeof actorInputsSchema>>;

/**
 * State of a Source or Destination: inputs as applied plus what Airbyte computed, under the
 * API's own names: `sourceId`/`destinationId`, `sourceType`/`destinationType` ("" for connectors
 * outside Airbyte's name table), `definitionId` (resolved when `definition` named the connector).
 */
export type ActorState = ActorInputs & {
  definitionId: string;
  createdAt: number;
  [computed: string]: unknown;
};

type Live = Source | Destination;

/** The endpoints of either kind, with bodies as this module builds them. */
type ActorApi = ActorsApi<Live, Record<string, unknown>, Record<string, unknown>, Record<string, unknown>>;

function api(client: AirbyteClient, kind: ConnectorKind): ActorApi {
  return (kind === "source" ? client.sources : client.destinations) as unknown as ActorApi;
}

function liveId(kind: ConnectorKind, live: Live): string {
  return kind === "source" ? (live as Source).sourceId : (live as Destination).destinationId;
}

function liveType(kind: ConnectorKind, live: Live): string {
  return (kind === "source" ? (live as Source).sourceType : (live as Destination).destinationType) ?? "";
}

/**
 * A workspace's sources or destinations: what create-once looks in and refresh reads from. Deleted
 * ones are left out. A list answer maps each object as its `GET` does (`SourceReadMapper`,
 * `DestinationReadMapper`), secrets masked alike.
 */
function actorsIn(client: AirbyteClient, kind: ConnectorKind, workspaceId: string): PagedListing<Live> {
  return listingOf(`${kind}s:${workspaceId}`, () => api(client, kind).list({ workspaceIds: [workspaceId] }));
}

/**
 * Airbyte soft-deletes sources and destinations: a GET by id still answers, with the
 * configuration cleared. An empty configuration is the hint; the workspace's list (which leaves
 * deleted objects out) decides. The run's list serves, so a refresh, which has read it already,
 * makes no second look.
 */
async function isDeleted(client: AirbyteClient, kind: ConnectorKind, live: Live): Promise<boolean> {
  if (Object.keys(live.configuration ?? {}).length > 0) return false;
  const id = liveId(kind, live);
  return !(await listedHolds(actorsIn(client, kind, live.workspaceId), (item) => liveId(kind, item), id));
}

/** The live object, or `undefined` when it is gone (404, or soft-deleted: see {@link isDeleted}). */
async function readLive(client: AirbyteClient, kind: ConnectorKind, id: string): Promise<Live | undefined> {
  const live = await ignoreNotFound(api(client, kind).get(id));
  return live === undefined || (await isDeleted(client, kind, live)) ? undefined : live;
}

/** The type key Airbyte strips from a configuration; users copying API examples often include it. */
function typeKey(kind: ConnectorKind): string {
  return kind === "source" ? "sourceType" : "destinationType";
}

function stripTypeKey(kind: ConnectorKind, configuration: Configuration): Configuration {
  const { [typeKey(kind)]: _ignored, ...rest } = configuration;
  return rest;
}

async function resolveDefinitionId(
  client: AirbyteClient,
  kind: ConnectorKind,
  inputs: ActorInputs,
): Promise<string> {
  if (inputs.definitionId !== undefined) return inputs.definitionId;
  const name = inputs.definition ?? "";
  const match = matchDefinition(name, kind, await listDefinitions(client, kind, inputs.workspaceId));
  if (!match.ok) throw new Error(`definition: ${match.reason}`);
  return match.definition.id;
}

/**
 * The configuration against the connector's schema: the definition's id is given, or found by the
 * name the user wrote.
 */
async function checkConfiguration(
  kind: ConnectorKind,
  inputs: Record<string, unknown>,
  client: () => AirbyteClient,
): Promise<CheckFailure[]> {
  // A key the schema does not name but lets through is kept and ignored by the connector: a
  // warning at preview, so a misspelt setting does not deploy silently.
  const againstSchema = (definitionId: string): CheckFailure[] => {
    const name = typeof inputs.name === "string" && inputs.name !== UNKNOWN ? ` "${inputs.name}"` : "";
    for (const w of configurationWarnings(kind, definitionId, inputs.configuration))
      log.warn(`${kind}${name}: ${w.property} ${w.reason}`);
    return configurationProblems(kind, definitionId, inputs.configuration);
  };
  if (typeof inputs.definitionId === "string" && inputs.definitionId !== UNKNOWN)
    return againstSchema(inputs.definitionId);
  const definition = inputs.definition;
  if (typeof definition !== "string" || definition === UNKNOWN || inputs.definitionId !== undefined)
    return [];
  const workspaceId =
    typeof inputs.workspaceId === "string" && !containsUnknown(inputs.workspaceId)
      ? inputs.workspaceId
      : undefined;
  const match = matchDefinition(definition, kind, await listDefinitions(client(), kind, workspaceId));
  return match.ok ? againstSchema(match.definition.id) : [{ property: "definition", reason: match.reason }];
}

/** What Airbyte computes for a Source or Destination, under the API's own names. */
export function actorComputedSchema(kind: ConnectorKind) {
  return z.object({
    [`${kind}Id`]: z.string().describe(`The ${kind}'s id.`),
    definitionId: z
      .string()
      .describe("The connector definition's id (resolved from definition when given by name)."),
    createdAt: z.number().describe("When it was made (epoch seconds)."),
    [typeKey(kind)]: z
      .string()
      .describe("The connector's name in Airbyte's table (empty for a custom connector)."),
  });
}

/** The resource spec of a Source or Destination. */
export function actorSpec(kind: ConnectorKind): KindSpec<ActorInputs, ActorState> {
  const computed = (live: Live) => ({
    name: live.name,
    workspaceId: live.workspaceId,
    definitionId: live.definitionId,
    createdAt: live.createdAt,
    [`${kind}Id`]: liveId(kind, live),
    [typeKey(kind)]: liveType(kind, live),
  });
  const stateFrom = (inputs: ActorInputs, live: Live): ActorState => ({
    ...inputs,
    ...computed(live),
  });
  // The live object seen through the state last applied (or the declared inputs, on adoption).
  const stateOf = (state: ActorState, live: Live): ActorState => ({
    ...state,
    ...computed(live),
    // No state: an import, which takes the whole configuration as it is.
    configuration:
      state.configuration === undefined
        ? importedConfiguration(live.configuration ?? {})
        : projectLive(state.configuration, live.configuration ?? {}),
  });
  return {
    kind,
    inputs: actorInputsSchema(kind) as unknown as z.ZodType<ActorInputs>,
    computed: actorComputedSchema(kind),
    fields: {
      workspaceId: { replace: true },
      // State records the resolved definitionId; an input left out is not a change.
      definition: { replace: true, computedWhenAbsent: true },
      definitionId: { replace: true, computedWhenAbsent: true },
      name: {},
      configuration: {
        normalize: (c) => (c && typeof c === "object" ? stripTypeKey(kind, c as Configuration) : c),
      },
      resourceAllocation: {},
    },

    // The connector's secret fields; a connector the package does not know: all of its configuration.
    secretPaths(props) {
      const fields = secretFieldsOf(kind, props.definition, props.definitionId);
      if (fields === undefined) return [["configuration"]];
      return [...fields].map((field) => ["configuration", ...field.split(".")]);
    },

    checks: {
      uses: ["workspaceId", "definition", "definitionId", "configuration"],
      run: (inputs, client) => checkConfiguration(kind, inputs, client),
    },

    async readAdoptable(client, id, inputs) {
      // One read: the state form for the generic checks, and the masks that say which secrets
      // Airbyte holds (read's projection replaces them with the declared values).
      const raw = await readLive(client, kind, id);
      if (raw === undefined) return { live: undefined };
      const live = stateOf(inputs as ActorState, raw);
      const wanted = await resolveDefinitionId(client, kind, inputs);
      if (wanted !== live.definitionId) {
        return {
          live,
          problem: `it runs connector ${live.definitionId}, not the declared ${inputs.definition ?? inputs.definitionId} (${wanted}); a connector cannot change in place. Adopt the right id, or declare definitionId: "${live.definitionId}".`,
        };
      }
      const current = raw.configuration ?? {};
      const masked = maskedPaths(current);
      const kept = new Set(keptSecretPaths(inputs.configuration));
      const sent = masked.filter((p) => !kept.has(p));
      return {
        live,
        from: { ...live, configuration: projectLiveMasked(inputs.configuration, current) },
        note:
          masked.length === 0
            ? "no secret fields"
            : `secret fields ${sent.length > 0 ? `sent once (Airbyte cannot show them to compare): ${sent.join(", ")}` : "none sent"}${kept.size > 0 ? `; kept as Airbyte holds them: ${[...kept].join(", ")}` : ""}`,
      };
    },

    createOnce: {
      strategy: "creation-time",
      // What identifies a create, secrets aside (the configuration is compared in matches).
      identity: (inputs) => [inputs.workspaceId, inputs.name, inputs.definitionId ?? inputs.definition],
      within: (inputs) => [inputs.workspaceId],
      async candidates(client, inputs) {
        const definitionId = await resolveDefinitionId(client, kind, inputs);
        return {
          ...actorsIn(client, kind, inputs.workspaceId),
          id: (live: Live) => liveId(kind, live),
          createdAt: (live: Live) => live.createdAt,
          // The same settings as declared (secrets, which Airbyte masks, aside).
          matches: (live: Live) =>
            live.name === inputs.name &&
            live.definitionId === definitionId &&
            deepEqual(projectLive(inputs.configuration, live.configuration ?? {}), inputs.configuration),
        };
      },
    },

    async create(client, inputs) {
      const kept = keptSecretPaths(inputs.configuration);
      if (kept.length > 0) {
        throw new Error(
          `configuration.${kept[0]}: ${KEEP_EXISTING_SECRET} keeps the secret an existing ${kind} already holds, so it needs adopt: give the secret to create a new ${kind}, or set adopt to the id of the existing one.`,
        );
      }
      const definitionId = await resolveDefinitionId(client, kind, inputs);
      const live = await api(client, kind).create({
        name: inputs.name,
        workspaceId: inputs.workspaceId,
        definitionId,
        configuration: inputs.configuration,
        ...(inputs.resourceAllocation !== undefined && { resourceAllocation: inputs.resourceAllocation }),
      });
      return { id: liveId(kind, live), state: stateFrom(inputs, live) };
    },

    async read(client, id, state) {
      const live = await readLive(client, kind, id);
      return live === undefined ? undefined : stateOf(state, live);
    },

    // A listed object is not deleted: what `read` makes of it once `readLive` has it.
    pages: {
      listing: (client, state) =>
        typeof state.workspaceId === "string" ? actorsIn(client, kind, state.workspaceId) : undefined,
      id: (live: Live) => liveId(kind, live),
      stateOf: (live: Live, state) => stateOf(state, live),
    },

    async update(client, id, state, inputs, changed) {
      const next = inputs.configuration;
      const body: Record<string, unknown> = {};
      let usePut = false;
      if (changed.includes("name")) body.name = inputs.name;
      if (changed.includes("resourceAllocation")) {
        if (inputs.resourceAllocation === undefined) usePut = true;
        else body.resourceAllocation = inputs.resourceAllocation;
      }
      if (changed.includes("configuration")) {
        const patch = mergePatch(state.configuration ?? {}, next);
        if (patch === undefined) usePut = true;
        else body.configuration = withoutKeptSecrets(patch);
      }
      const kept = keptSecretPaths(next);
      if (usePut && kept.length > 0) {
        throw new Error(
          `configuration: removing a key needs a full replacement of the ${kind}'s configuration, which would wipe configuration.${kept[0]} (declared ${KEEP_EXISTING_SECRET}). Give that secret's value for this change, or keep the removed key.`,
        );
      }
      const resource = api(client, kind);
      let live: Live;
      if (usePut) {
        // A key to remove cannot be expressed by a merge: replace the whole object. The full
        // declared configuration (secrets included) is sent, so no stored secret is lost.
        live = await resource.replace(id, {
          name: inputs.name,
          configuration: next,
          ...(inputs.resourceAllocation !== undefined && { resourceAllocation: inputs.resourceAllocation }),
        });
      } else if (Object.keys(body).length > 0) {
        live = await resource.update(id, body);
      } else {
        return { ...state, ...inputs, definitionId: state.definitionId, configuration: next };
      }
      return stateFrom(inputs, live);
    },

    async delete(client, id) {
      await ignoreNotFound(api(client, kind).delete(id));
    },
  };
}
