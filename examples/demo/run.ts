/**
 * `npm run demo`: starts the Airbyte API emulator with a data folder, deploys the demo pipeline
 * with the real Pulumi engine (Automation API, local file backend), prints what was created, and
 * leaves the stack in place. `npm run demo -- destroy` tears it down.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { LocalWorkspace, PulumiCommand } from "@pulumi/pulumi/automation/index.js";
import { startEmulator } from "../../emulator/index.js";
import { pipeline } from "./program.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const port = Number(process.env.DEMO_EMULATOR_PORT ?? 18_080);
const action = process.argv[2] ?? "up";

async function main(): Promise<void> {
  const cliRoot = process.env.PULUMI_AIRBYTE_CLI_ROOT;
  if (cliRoot === undefined) throw new Error("run the demo with `npm run demo` (scripts/demo.sh)");
  const emulator = await startEmulator({ port, dataDir: path.join(root, ".demo", "emulator") });
  console.log(`Airbyte API emulator at ${emulator.url} (state in .demo/emulator)`);
  try {
    const stack = await LocalWorkspace.createOrSelectStack(
      { stackName: "demo", projectName: "pulumi-airbyte-demo", program: async () => pipeline() },
      { workDir: root, pulumiCommand: await PulumiCommand.get({ root: cliRoot }) },
    );
    await stack.setAllConfig({
      "airbyte:serverUrl": { value: emulator.url },
      "airbyte:clientId": { value: emulator.clientId },
      "airbyte:clientSecret": { value: emulator.clientSecret, secret: true },
    });
    const onOutput = (line: string) => process.stdout.write(line.endsWith("\n") ? line : `${line}\n`);
    if (action === "destroy") {
      await stack.destroy({ onOutput });
      return;
    }
    const result = await stack.up({ onOutput });
    console.log("\nCreated (stack outputs):");
    for (const [key, output] of Object.entries(result.outputs)) {
      console.log(`  ${key}: ${output.secret ? "[secret]" : JSON.stringify(output.value)}`);
    }
    console.log(
      "\nThe stack stays deployed. Inspect it with `npm run pulumi -- stack output --stack demo`;" +
        " remove it with `npm run demo -- destroy`.",
    );
  } finally {
    await emulator.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
