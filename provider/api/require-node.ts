/**
 * Imported first by the client and the provider's entry points for its side effect: the refusal of a Node.js too
 * old for the package, before any other module of it runs (see `node-version.ts`).
 */
import { assertSupportedNode } from "./node-version.js";

assertSupportedNode();
