#!/usr/bin/env node
// Writes the native plugin's schema (plugin/schema.json) from the built package (dist/): the kind
// registry, the zod schemas, the look-ups and the settings are its one source. Run through
// `npm run generate:plugin` (scripts/generate-plugin.sh), which builds first and then generates the
// SDKs from this file.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { packageSchema } from "../dist/plugin/schema.js";
import { PLUGIN_VERSION } from "../dist/plugin/server.js";

const file = path.join(import.meta.dirname, "..", "plugin", "schema.json");
writeFileSync(file, `${JSON.stringify(packageSchema(PLUGIN_VERSION), null, 2)}\n`);
console.log(`wrote ${path.relative(process.cwd(), file)}`);
