import { z } from "zod";
import { ignoreNotFound } from "./api/errors.js";
import type { Application as ApiApplication } from "./api/index.js";
import type { KindSpec } from "./framework/contract.js";
import { defineProvider } from "./framework/dynamic.js";

/** The schema `check` applies to an Application's inputs. */
export const ApplicationInputsSchema = z.strictObject({
  name: z
    .string({ error: 'name is required: what the credentials are for, e.g. "ci-deploy"' })
    .trim()
    .min(1, { error: "name must not be empty" }),
});

/** Inputs of an Application. */
export type ApplicationInputs = z.infer<typeof ApplicationInputsSchema>;

/**
 * State of an Application. `clientSecret` is a Pulumi secret (the SDK lists it in
 * `additionalSecretOutputs`), so state holds only its ciphertext.
 */
export type ApplicationState = ApplicationInputs & z.infer<typeof ApplicationComputedSchema>;

/** What Airbyte computes for an Application. */
export const ApplicationComputedSchema = z.object({
  applicationId: z.string().describe("The application's id."),
  clientId: z.string().describe("The client id to authenticate with."),
  clientSecret: z
    .string()
    .optional()
    .describe("The client secret (a secret), as Airbyte answered it at creation."),
  createdAt: z.number().optional().describe("When it was made (epoch seconds)."),
});

const stateFrom = (
  inputs: ApplicationInputs,
  live: ApiApplication,
  secret: string | undefined,
): ApplicationState => ({
  ...inputs,
  name: live.name,
  applicationId: live.id,
  clientId: live.clientId,
  clientSecret: secret,
  createdAt: live.createdAt,
});

/** The Application's resource spec (exported for tests). */
export const applicationSpec: KindSpec<ApplicationInputs, ApplicationState> = {
  kind: "application",
  inputs: ApplicationInputsSchema,
  computed: ApplicationComputedSchema,
  // Airbyte cannot rename an application.
  fields: { name: { replace: true } },
  secretPaths: () => [["clientSecret"]],
  createOnce: {
    strategy: "new-since-noted",
    identity: (i) => i.name,
    async like(client, inputs) {
      return (await client.applications.list()).filter((a) => a.name === inputs.name).map((a) => a.id);
    },
  },

  async create(client, inputs) {
    const live = await client.applications.create({ name: inputs.name });
    return { id: live.id, state: stateFrom(inputs, live, live.clientSecret) };
  },
  async read(client, id, state) {
    const live = await ignoreNotFound(client.applications.get(id));
    // The secret Airbyte answered at creation is kept: a server may not show it again.
    return live === undefined ? undefined : stateFrom(state, live, state.clientSecret ?? live.clientSecret);
  },
  async update(_client, _id, state, inputs) {
    // The name is the only input and it replaces: only the provider's code can have changed.
    return { ...state, ...inputs };
  },
  async delete(client, id) {
    await ignoreNotFound(client.applications.delete(id));
  },
};

/** The dynamic provider behind `Application`, loaded by the stub in `sdk/stub.ts`. */
export default defineProvider(applicationSpec);
