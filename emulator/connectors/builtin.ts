/**
 * The one list of built-in connectors, which the registry serves and whose names join the server's
 * name tables. A new built-in connector is one fixture in `builtin-sources.ts` or
 * `builtin-destinations.ts`; it is listed here through them.
 */
import { BUILTIN_DESTINATIONS } from "./builtin-destinations.js";
import { BUILTIN_SOURCES } from "./builtin-sources.js";
import type { BuiltinConnector } from "./types.js";

/** The built-in connectors, sources first. */
export const BUILTIN_CONNECTORS: readonly BuiltinConnector[] = [...BUILTIN_SOURCES, ...BUILTIN_DESTINATIONS];
