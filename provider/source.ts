import { actorSpec } from "./actor.js";
import { defineProvider } from "./framework/dynamic.js";

/** The dynamic provider behind `Source`, loaded by the stub in `sdk/stub.ts`. */
export default defineProvider(actorSpec("source"));
