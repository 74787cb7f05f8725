/**
 * The native plugin's entry point (`pulumi-resource-airbyte-native`): the engine starts it with its
 * own address and reads the port it prints.
 */
import { attachToEngine } from "../provider/framework/engine-link.js";
import { serveProvider } from "./server.js";

const args = process.argv.slice(2);
// Create records then go beside the stack's state, and the plugin ends once its engine is gone.
const engine = args.find((a) => !a.startsWith("-"));
if (engine !== undefined) attachToEngine(engine);
await serveProvider(args);
