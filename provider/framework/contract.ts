/**
 * What a resource kind declares; the framework does the rest. One required core (schema, field
 * rules, create-once, the four calls) and small named abilities a kind opts into, each checked by
 * the compiler. State holds the inputs as last applied plus computed fields, so diffs compare
 * desired state with desired state and never with what the API echoes back.
 */
import type { z } from "zod";
import type { AirbyteClient } from "../api/client.js";
import type { CreateOnce, Listing } from "./create-once-strategy.js";

/** One failed input check, as Pulumi reports it: the property path and what to do about it. */
export interface CheckFailure {
  readonly property: string;
  readonly reason: string;
}

/** How one input field takes part in diffs. */
export interface FieldRule {
  /** The field cannot change in place: a change replaces the resource. */
  readonly replace?: boolean;
  /**
   * Brings a value to the form compared in diffs (a cron without its " UTC" suffix, streams sorted
   * by name), so server-side spelling never shows up as a change.
   */
  readonly normalize?: (value: unknown) => unknown;
  /** Airbyte computes the value when the user gives none: leaving it out is then no change. */
  readonly computedWhenAbsent?: boolean;
}

/** Every input key of `I`, with its diff rule. */
export type FieldRules<I extends object> = { readonly [K in keyof I]-?: FieldRule };

/** What a create made: the object's id and the state to record. */
export interface Created<S extends object> {
  readonly id: string;
  readonly state: S;
}

/** The required core of a kind. */
export interface ResourceSpec<I extends object, S extends object> {
  /** A human name for messages, e.g. "workspace". */
  readonly kind: string;
  /** Strict schema of the inputs; its messages name the field and the fix. */
  readonly inputs: z.ZodType<I>;
  /** Every input key, with its diff rule. */
  readonly fields: FieldRules<I>;
  /** The outputs Airbyte computes, beside the inputs (ids, times, figures): the faces' output schema. */
  readonly computed: z.ZodObject;
  /** How a create stays one object across lost answers and killed runs (`create-once.ts`). */
  readonly createOnce: CreateOnce<I>;
  /** Creates the object (one write) and returns its id and the state to record. */
  create(client: AirbyteClient, inputs: I): Promise<Created<S>>;
  /**
   * Reads the live object into state form; `undefined` means it no longer exists. The state given
   * is the one last applied, seen through which the live object is read (secrets Airbyte masks keep
   * their declared values); an empty state (an import) reads the whole object as it is.
   */
  read(client: AirbyteClient, id: string, state: S): Promise<S | undefined>;
  /** Applies changed inputs in place (never called for a replacement) and returns the new state. */
  update(
    client: AirbyteClient,
    id: string,
    state: S,
    inputs: I,
    changed: ReadonlyArray<keyof I & string>,
  ): Promise<S>;
  /** Deletes the object; an object already gone is not an error. */
  delete(client: AirbyteClient, id: string, state: S): Promise<void>;
}

/**
 * Ability: checks that need more than the schema (across fields, or a look-up through the API).
 * Runs after the schema passed; the inputs may still hold preview-time unknowns, which it skips.
 */
export interface ExtraChecks<I extends object> {
  readonly checks: {
    /**
     * The input fields the checks read. They run only for a new resource or when one of these
     * differs from the inputs last applied: a `preview` of an unchanged program then makes no API
     * call (a connection's check starts a schema discovery of its source on a real Airbyte).
     */
    readonly uses: ReadonlyArray<keyof I & string>;
    run(inputs: Record<string, unknown>, client: () => AirbyteClient): Promise<CheckFailure[]>;
  };
}

/** What adoption read of an object, and what it found. */
export interface AdoptionRead<S extends object> {
  /** The object in state form; `undefined` when it does not exist. */
  readonly live: S | undefined;
  /** Why it cannot be adopted, beyond an immutable field that differs (checked generically). */
  readonly problem?: string | undefined;
  /** The state to converge from (default `live`). */
  readonly from?: S | undefined;
  /** A line for the log (which secrets are sent once, say). */
  readonly note?: string | undefined;
}

/**
 * Ability: adoption of an existing object (the `adopt` input, or what a killed run made) for a
 * kind that needs more of the live object than {@link ResourceSpec.read} keeps. Without it,
 * adoption reads through the declared inputs.
 */
export interface CustomAdoption<I extends object, S extends object> {
  readAdoptable(client: AirbyteClient, id: string, inputs: I): Promise<AdoptionRead<S>>;
}

/**
 * Ability: work that follows once the object exists, whether made now or adopted (a sync job waits
 * for its end). A failure here means the create finished badly: nothing is adopted from it later.
 */
export interface Settling<I extends object, S extends object> {
  settle(client: AirbyteClient, id: string, state: S, inputs: I): Promise<S>;
}

/**
 * Ability: properties that are secrets whatever the program says (a connector's password, an
 * application's client secret), as paths into the resource's inputs or state. A face that carries
 * secret markers keeps them secret in every answer.
 */
export interface SecretFields {
  secretPaths(props: Record<string, unknown>): ReadonlyArray<readonly string[]>;
}

/** A {@link Listing} that can also be read a page at a time (`listingOf` in `read-pages.ts` builds one). */
export interface PagedListing<L> extends Listing<L> {
  /** The list's objects, a page read when the one before is used up. */
  items(): AsyncIterable<L>;
}

/** How a kind reads its objects from a {@link PagedListing} rather than one `GET` each. */
export interface Pages<S extends object, L> {
  /**
   * The list that holds the object whose state this is (its workspace's objects of the kind), or
   * `undefined` when the state does not say where it lives: the object is then read by id.
   */
  listing(client: AirbyteClient, state: S): PagedListing<L> | undefined;
  /** A listed object's id. */
  id(live: L): string;
  /**
   * The state {@link ResourceSpec.read} makes of the same object when a `GET` returns it: the one
   * mapping both reads share, so that a refresh reports the same state whichever read it took.
   */
  stateOf(live: L, state: S): S | undefined;
}

/**
 * Ability: refresh by pages. A refresh reads each workspace's objects of the kind once, page by page
 * (100 a call), and answers every resource's read from them; only what the pages do not hold (an
 * object deleted, soft-deleted or moved, a workspace the caller may not list, an object this run
 * wrote) is read by id through {@link ResourceSpec.read} (`framework/read-pages.ts`). Only for a
 * kind whose list answers hold exactly what its `GET` does.
 */
export interface PagedReads<S extends object> {
  readonly pages: Pages<S, unknown>;
}

/** A kind: the core and the abilities it opts into. */
export type KindSpec<I extends object, S extends object> = ResourceSpec<I, S> &
  Partial<ExtraChecks<I> & CustomAdoption<I, S> & Settling<I, S> & SecretFields & PagedReads<S>>;
