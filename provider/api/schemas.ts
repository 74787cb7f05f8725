/**
 * The wire types more than one API group uses. Each group's own types sit in its file (`workspaces.ts`,
 * `sources.ts`, …), and they all follow the same rules:
 *
 * - Responses are loose objects: unknown fields pass through, so a newer server does not break an older
 *   client. Enum-like response fields are plain strings for the same reason (Airbyte added the job status
 *   `queued` in 2026); the known values are listed in the TSDoc.
 * - The server omits nulls and absent optionals, so every field the spec does not require is optional.
 * - Request bodies are plain TypeScript types: the server is the one validating them.
 */
import { z } from "zod";

/** Worker resource requests/limits (`ResourceRequirements`); quantities are Kubernetes strings. */
export const ResourceRequirementsSchema = z.looseObject({
  cpu_request: z.string().optional(),
  cpu_limit: z.string().optional(),
  memory_request: z.string().optional(),
  memory_limit: z.string().optional(),
  ephemeral_storage_request: z.string().optional(),
  ephemeral_storage_limit: z.string().optional(),
});
/** See {@link ResourceRequirementsSchema}. */
export type ResourceRequirements = z.infer<typeof ResourceRequirementsSchema>;

/** Per-actor resource requirements (`ScopedResourceRequirements`), defaults plus per-job-type overrides. */
export const ScopedResourceRequirementsSchema = z.looseObject({
  default: ResourceRequirementsSchema.optional(),
  jobSpecific: z
    .array(z.looseObject({ jobType: z.string(), resourceRequirements: ResourceRequirementsSchema }))
    .optional(),
});
/** See {@link ScopedResourceRequirementsSchema}. */
export type ScopedResourceRequirements = z.infer<typeof ScopedResourceRequirementsSchema>;

/** A connector configuration: free-form JSON, secrets masked as `"**********"` on read. */
export const ConfigurationSchema = z.record(z.string(), z.unknown());
/** See {@link ConfigurationSchema}. */
export type Configuration = z.infer<typeof ConfigurationSchema>;
