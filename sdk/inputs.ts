import type * as pulumi from "@pulumi/pulumi";

/**
 * Resource args derived from the provider's input schema: every top-level value may be a plain
 * value or a Pulumi `Input` (an output of another resource, a secret, a promise).
 */
export type InputsOf<T> = { [K in keyof T]: pulumi.Input<T[K]> };
