import { actorSpec } from "./actor.js";
import { defineProvider } from "./framework/dynamic.js";

/** The dynamic provider behind `Destination`, loaded by the stub in `sdk/stub.ts`. */
export default defineProvider(actorSpec("destination"));
