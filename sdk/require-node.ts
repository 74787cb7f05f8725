/**
 * Imported first by the SDK's index for its side effect: a program on a Node.js too old for the
 * package stops at load with the versions found and needed (see `provider/api/node-version.ts`), as a
 * Pulumi `RunError`, which the CLI prints as one line without the program's stack.
 */
import * as pulumi from "@pulumi/pulumi";
import { nodeVersionProblem } from "../provider/api/node-version.js";

const problem = nodeVersionProblem();
if (problem !== undefined) throw new pulumi.RunError(problem);
