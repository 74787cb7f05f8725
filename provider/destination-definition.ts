import { customDefinitionSpec } from "./custom-definition.js";
import { defineProvider } from "./framework/dynamic.js";

/** The dynamic provider behind `DestinationDefinition`, loaded by the stub in `sdk/stub.ts`. */
export default defineProvider(customDefinitionSpec("destination"));
