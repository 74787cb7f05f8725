#!/usr/bin/env node
// The `pulumi-airbyte` command: see dist/cli/index.js.
import { main } from "../dist/cli/index.js";

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
