import { customDefinitionSpec } from "./custom-definition.js";
import { defineProvider } from "./framework/dynamic.js";

/** The dynamic provider behind `SourceDefinition`, loaded by the stub in `sdk/stub.ts`. */
export default defineProvider(customDefinitionSpec("source"));
