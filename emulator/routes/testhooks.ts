/**
 * Test-control routes under `/_emulator` (no auth, not recorded): job outcome hooks, faults, the
 * request log and upstream schema changes, for tests that drive the emulator from another process.
 *
 * Schema changes: `POST /_emulator/sources/<id>/schema-changes` with `{addStreams, removeStreams,
 * addFields, removeFields, primaryKey}` (see `SchemaDrift`) changes what the source discovers and
 * answers `{data: [{connectionId, breaking, status, propagated, notified}]}` once the workspace's
 * webhooks are notified; 400 with a `message` when the change is malformed, 404 for an unknown source.
 *
 * Faults (the model of `fault-model.ts`, the same as `--fault` and `startEmulator({ faults })`):
 * - `POST /_emulator/faults` arms one fault or several: a fault object (`{"kind": "drop", "method":
 *   "POST", "path": "/sources"}`; a `null` field counts as absent), `{"spec": "POST /sources drop"}`
 *   in the `--fault` grammar, or an array of these. 200 with `{data: [{id, spec, kind, fired,
 *   remaining}]}`; 400 with a `message` naming the wrong part, and nothing armed, when one is
 *   invalid.
 * - `GET /_emulator/faults` lists the armed faults, `DELETE /_emulator/faults` disarms them all,
 *   `DELETE /_emulator/faults/<id>` one (404 when none has that id).
 */
import { z } from "zod";
import type { Dispatcher } from "../dispatcher.js";
import { parseFaultSpec } from "../fault-grammar.js";
import { type FaultSpec, FaultSpecError, parseFault } from "../fault-model.js";
import { parseBody } from "../request-input.js";
import { noContent, ok, type Route } from "../route-contract.js";
import { type SchemaChangeOutcome, schemaDriftSchema } from "../schema-changes.js";
import type { SchemaDrift } from "../store.js";

const failBody = z.object({ connectionId: z.string(), reason: z.string().nullish() });
const hangBody = z.object({ connectionId: z.string() });

/** Test-hook routes; `dispatcher` receives HTTP-injected faults. */
export function testHookRoutes(hooks: {
  failNextJob(connectionId: string, reason?: string): void;
  hangNextJob(connectionId: string): void;
  changeSourceSchema(sourceId: string, change: SchemaDrift): Promise<SchemaChangeOutcome[]>;
  dispatcher(): Dispatcher;
}): Route[] {
  return [
    {
      method: "POST",
      pattern: "/_emulator/sources/:sourceId/schema-changes",
      auth: false,
      handler: async (ctx) => {
        const change = schemaDriftSchema.safeParse(ctx.body);
        if (!change.success) return { status: 400, body: { message: z.prettifyError(change.error) } };
        return ok({ data: await hooks.changeSourceSchema(ctx.params.sourceId ?? "", change.data) });
      },
    },
    {
      method: "POST",
      pattern: "/_emulator/jobs/fail-next",
      auth: false,
      handler: (ctx) => {
        const b = parseBody(failBody, ctx.body);
        hooks.failNextJob(b.connectionId, b.reason ?? undefined);
        return noContent();
      },
    },
    {
      method: "POST",
      pattern: "/_emulator/jobs/hang-next",
      auth: false,
      handler: (ctx) => {
        hooks.hangNextJob(parseBody(hangBody, ctx.body).connectionId);
        return noContent();
      },
    },
    {
      method: "POST",
      pattern: "/_emulator/faults",
      auth: false,
      handler: (ctx) => {
        const items: unknown[] = Array.isArray(ctx.body) ? ctx.body : [ctx.body];
        // All or nothing: every item is validated before any is armed.
        let specs: FaultSpec[];
        try {
          specs = items.map((item) =>
            isSpecObject(item) ? parseFaultSpec(item.spec) : parseFault(withoutNulls(item)),
          );
        } catch (e) {
          if (e instanceof FaultSpecError) return { status: 400, body: { message: e.message } };
          throw e;
        }
        const faults = hooks.dispatcher().faults;
        return ok({ data: specs.map((f) => faults.add(f)) });
      },
    },
    {
      method: "GET",
      pattern: "/_emulator/faults",
      auth: false,
      handler: () => ok({ data: hooks.dispatcher().faults.list() }),
    },
    {
      method: "DELETE",
      pattern: "/_emulator/faults",
      auth: false,
      handler: () => {
        hooks.dispatcher().faults.clear();
        return noContent();
      },
    },
    {
      method: "DELETE",
      pattern: "/_emulator/faults/:id",
      auth: false,
      handler: (ctx) =>
        hooks.dispatcher().faults.remove(ctx.params.id ?? "")
          ? noContent()
          : { status: 404, body: { message: `no armed fault has id ${ctx.params.id}` } },
    },
    {
      method: "GET",
      pattern: "/_emulator/requests",
      auth: false,
      handler: () => ok({ data: hooks.dispatcher().requests }),
    },
  ];
}

/** A JSON object without its `null` fields: JSON callers send them for "absent". */
function withoutNulls(v: unknown): unknown {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return v;
  return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== null));
}

/** `{"spec": "…"}`: a fault in the `--fault` grammar. */
function isSpecObject(v: unknown): v is { spec: string } {
  return (
    typeof v === "object" &&
    v !== null &&
    Object.keys(v).length === 1 &&
    typeof (v as { spec?: unknown }).spec === "string"
  );
}
