/**
 * Guardrails for Airbyte pipelines as a Pulumi policy pack, enforced at `pulumi preview`:
 *
 * - `airbyte-schedule-interval`: in the stacks named as production, a connection runs at most once
 *   per `minIntervalMinutes` (default 60).
 * - `airbyte-pii-no-overwrite`: a connection tagged as personal data (`piiTags`, default `pii`)
 *   never overwrites a stream (`full_refresh_overwrite` loses its history on each sync).
 * - `airbyte-connection-owner`: every connection carries an owner tag (`owner:<team>`).
 *
 * A policy pack is a folder with `PulumiPolicy.yaml`, a `package.json` depending on
 * `@pulumi/policy` and this package, and an `index.ts`:
 *
 * ```ts
 * import { PolicyPack } from "@pulumi/policy";
 * import { airbytePolicies } from "pulumi-airbyte/policy";
 *
 * new PolicyPack("airbyte-guardrails", { policies: airbytePolicies({ prodStacks: ["prod"] }) });
 * ```
 *
 * Run it with `pulumi preview --policy-pack <folder>` or `npx pulumi-airbyte preview --policy-pack
 * <folder>`; `--policy-pack-config <file>` changes each policy's settings and enforcement level
 * per stack without touching the pack. This module imports nothing of `@pulumi/policy` at run time
 * (only its types), so the package itself does not depend on it.
 */
import type {
  EnforcementLevel,
  PolicyResource,
  ResourceValidationPolicy,
  StackValidationPolicy,
} from "@pulumi/policy";
import {
  AIRBYTE_TYPES,
  type ConnectionProps,
  connectionTagNames,
  missingOwner,
  piiOverwrite,
  scheduleTooFrequent,
  stackOfUrn,
  type TagSeen,
} from "./rules.js";

export {
  AIRBYTE_TYPES,
  type ConnectionProps,
  connectionTagNames,
  missingOwner,
  overwritingStreams,
  piiOverwrite,
  scheduleTooFrequent,
  stackOfUrn,
  type TagSeen,
} from "./rules.js";

/** Settings of {@link airbytePolicies}; each is also a policy config key of the policy using it. */
export interface AirbytePolicyOptions {
  /** The level of every policy unless the policy config says otherwise. @default "mandatory" */
  readonly enforcementLevel?: EnforcementLevel;
  /** Stacks held to the production schedule rule. @default ["prod", "production"] */
  readonly prodStacks?: readonly string[];
  /** The least time between two runs of a connection in those stacks. @default 60 */
  readonly minIntervalMinutes?: number;
  /** Tag names that mark personal data. @default ["pii"] */
  readonly piiTags?: readonly string[];
  /** The prefix of an owner tag's name. @default "owner:" */
  readonly ownerTagPrefix?: string;
}

/** Reads a value that may be unknown at preview (the policy SDK throws on those), or `undefined`. */
function known<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

const UNKNOWN = Symbol("unknown at preview");

/** A plain copy of an input (`null` when absent), or {@link UNKNOWN} when any part of it is unknown. */
function plain(read: () => unknown): unknown {
  try {
    return JSON.parse(JSON.stringify(read() ?? null)) as unknown;
  } catch {
    return UNKNOWN;
  }
}

/** A Tag resource as the rules see it, or `undefined` when its name is not known yet. */
function tagSeen(r: PolicyResource): TagSeen | undefined {
  const name = known(() => r.props.name as unknown);
  const tagId = known(() => r.props.tagId as unknown);
  return typeof name === "string"
    ? { name, tagId: typeof tagId === "string" ? tagId : undefined }
    : undefined;
}

/** The names of a connection's tags (see {@link connectionTagNames}). */
function tagNames(connection: PolicyResource, all: readonly PolicyResource[]) {
  const seen = (rs: readonly PolicyResource[]) =>
    rs.flatMap((r) => {
      const t = r.type === AIRBYTE_TYPES.tag ? tagSeen(r) : undefined;
      return t === undefined ? [] : [t];
    });
  const tags = known(() => connection.props.tags as unknown[]);
  const count = known(() => tags?.length) ?? 0;
  const entries = Array.from({ length: count }, (_, i) => known(() => tags?.[i]));
  return connectionTagNames(entries, seen(connection.propertyDependencies.tags ?? []), seen(all));
}

const connections = (resources: readonly PolicyResource[]) =>
  resources.filter((r) => r.type === AIRBYTE_TYPES.connection);

/**
 * The three Airbyte guardrails as `@pulumi/policy` policies, for a `PolicyPack`'s `policies`.
 * `options` are the defaults; a policy config file given with `--policy-pack-config` overrides them.
 */
export function airbytePolicies(
  options: AirbytePolicyOptions = {},
): Array<ResourceValidationPolicy | StackValidationPolicy> {
  const enforcementLevel = options.enforcementLevel ?? "mandatory";
  const schedule: ResourceValidationPolicy = {
    name: "airbyte-schedule-interval",
    description: "Connections in production stacks run at most once per minIntervalMinutes.",
    enforcementLevel,
    configSchema: {
      properties: {
        prodStacks: {
          type: "array",
          items: { type: "string" },
          default: options.prodStacks ?? ["prod", "production"],
        },
        minIntervalMinutes: { type: "number", minimum: 1, default: options.minIntervalMinutes ?? 60 },
      },
    },
    validateResource: (args, reportViolation) => {
      if (args.type !== AIRBYTE_TYPES.connection) return;
      const config = args.getConfig<{ prodStacks: string[]; minIntervalMinutes: number }>();
      if (!config.prodStacks.includes(stackOfUrn(args.urn))) return;
      const schedule = plain(() => args.props.schedule);
      if (schedule === UNKNOWN) return;
      const problem = scheduleTooFrequent({ schedule: schedule ?? undefined }, config.minIntervalMinutes);
      if (problem !== undefined) reportViolation(problem);
    },
  };
  const pii: StackValidationPolicy = {
    name: "airbyte-pii-no-overwrite",
    description: "Connections tagged as personal data never overwrite a stream (full_refresh_overwrite).",
    enforcementLevel,
    configSchema: {
      properties: {
        piiTags: { type: "array", items: { type: "string" }, default: options.piiTags ?? ["pii"] },
      },
    },
    validateStack: (args, reportViolation) => {
      const config = args.getConfig<{ piiTags: string[] }>();
      for (const c of connections(args.resources)) {
        // Streams computed from values known only after the update are checked by the update.
        const streams = plain(() => c.props.streams);
        if (streams === UNKNOWN) continue;
        const props: ConnectionProps = { streams: streams ?? undefined };
        const problem = piiOverwrite(props, tagNames(c, args.resources).names, config.piiTags);
        if (problem !== undefined) reportViolation(`${c.name}: ${problem}`, c.urn);
      }
    },
  };
  const owner: StackValidationPolicy = {
    name: "airbyte-connection-owner",
    description: "Every connection carries an owner tag, so a failing sync reaches a team.",
    enforcementLevel,
    configSchema: {
      properties: {
        ownerTagPrefix: { type: "string", minLength: 1, default: options.ownerTagPrefix ?? "owner:" },
      },
    },
    validateStack: (args, reportViolation) => {
      const config = args.getConfig<{ ownerTagPrefix: string }>();
      for (const c of connections(args.resources)) {
        const { names, unresolved } = tagNames(c, args.resources);
        const problem = missingOwner(names, unresolved, config.ownerTagPrefix);
        if (problem !== undefined) reportViolation(`${c.name}: ${problem}`, c.urn);
      }
    },
  };
  return [schedule, pii, owner];
}
