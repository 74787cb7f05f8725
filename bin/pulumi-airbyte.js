#!/usr/bin/env node
// The `pulumi-airbyte` command: see dist/cli/index.js. A Node.js too old for the package is refused
// before the command loads, in one line.
import { nodeVersionProblem } from "../dist/provider/api/node-version.js";

const problem = nodeVersionProblem();
if (problem !== undefined) {
  console.error(problem);
  process.exit(1);
}
const { main } = await import("../dist/cli/index.js");

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
