#!/usr/bin/env node
// Thin launcher: the CLI lives in emulator/cli.ts and is run from the build output (npm run build).
import { main } from "../dist/emulator/cli.js";

await main();
