/**
 * The native plugin's entry point (`pulumi-resource-airbyte-native`): the engine starts it with its
 * own address and reads the port it prints.
 */
import { serveProvider } from "./server.js";

await serveProvider(process.argv.slice(2));
