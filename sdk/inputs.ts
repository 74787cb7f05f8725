import type * as pulumi from "@pulumi/pulumi";

/**
 * A value in which every level may be a Pulumi `Input`: the value itself, a promise, or an output
 * of another resource, in an object's fields and an array's items too.
 */
export type DeepInput<T> = pulumi.Input<Deep<T>>;

/** {@link DeepInput} one level down: arrays and objects whose items and fields are inputs. */
export type Deep<T> = T extends readonly (infer E)[]
  ? DeepInput<E>[]
  : T extends object
    ? { [K in keyof T]: DeepInput<T[K]> }
    : T;

/**
 * Resource args derived from the provider's input schema (its `z.infer` type), the one way every
 * resource kind's args are made: the same fields, each of which may be an `Input` at any depth.
 * An SDK args interface extends this and only narrows or documents fields.
 */
export type InputsOf<T> = { [K in keyof T]: DeepInput<T[K]> };

/**
 * The props of a resource plus every arg the kind does not know (a misspelt key, which only a
 * cast or plain JavaScript lets through): passed on, so the provider's strict check refuses it
 * at `preview` by name rather than the SDK dropping it without a word.
 */
export function withUnknownArgs(props: Record<string, unknown>, args: object): Record<string, unknown> {
  const out = { ...props };
  for (const [key, value] of Object.entries(args)) if (!(key in props)) out[key] = value;
  return out;
}

/**
 * `props` without the keys of `optional` whose value is `undefined`: optional inputs the user left
 * out, which the class does not declare as outputs. Pulumi's SDK makes an Output, with promises that
 * each capture a stack trace, for every key of every resource, and the engine keeps a dependency
 * list for each: a program of hundreds of resources pays for every key it passes, set or not.
 */
export function withoutUnset(
  props: Record<string, unknown>,
  optional: readonly string[],
): Record<string, unknown> {
  const out = { ...props };
  for (const key of optional) if (out[key] === undefined) delete out[key];
  return out;
}
