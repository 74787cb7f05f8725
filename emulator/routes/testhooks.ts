/**
 * Test-control routes under `/_emulator` (no auth, not recorded): job outcome hooks and faults for
 * tests that drive the emulator from another process.
 */
import { z } from "zod";
import type { Dispatcher } from "../dispatcher.js";
import { noContent, ok, parseBody, type Route } from "../routing.js";

const failBody = z.object({ connectionId: z.string(), reason: z.string().nullish() });
const hangBody = z.object({ connectionId: z.string() });
const faultBody = z.object({
  method: z.string().nullish(),
  path: z.string().nullish(),
  /** A RegExp source, for faults that match several paths. */
  pathPattern: z.string().nullish(),
  status: z.number().int(),
  times: z.number().int().positive().nullish(),
  headers: z.record(z.string(), z.string()).nullish(),
  body: z.unknown().optional(),
});

/** Test-hook routes; `dispatcher` receives HTTP-injected faults. */
export function testHookRoutes(hooks: {
  failNextJob(connectionId: string, reason?: string): void;
  hangNextJob(connectionId: string): void;
  dispatcher(): Dispatcher;
}): Route[] {
  return [
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
        const b = parseBody(faultBody, ctx.body);
        const path = b.pathPattern ? new RegExp(b.pathPattern) : b.path;
        if (!path) return { status: 400, body: { message: "path or pathPattern is required" } };
        hooks.dispatcher().inject({
          method: b.method ?? undefined,
          path,
          status: b.status,
          times: b.times ?? undefined,
          headers: b.headers ?? undefined,
          body: b.body,
        });
        return noContent();
      },
    },
    {
      method: "DELETE",
      pattern: "/_emulator/faults",
      auth: false,
      handler: () => {
        hooks.dispatcher().clearFaults();
        return noContent();
      },
    },
    {
      method: "GET",
      pattern: "/_emulator/requests",
      auth: false,
      handler: () => ok({ data: hooks.dispatcher().requests }),
    },
  ];
}
