/**
 * The `pulumi-airbyte` command. `export` reads a live workspace and writes a Pulumi project that
 * adopts it. Credentials come from the environment (as for the provider) or from flags.
 */
import { parseArgs } from "node:util";
import { AirbyteClient } from "../provider/api/client.js";
import { resolveSettings } from "../provider/settings.js";
import { type DeployOptions, deploy } from "./deploy.js";
import { exportWorkspace } from "./export.js";
import { InstallError, vendorPackage } from "./install.js";

const USAGE = `usage: pulumi-airbyte preview|up|refresh --stack NAME [--cwd DIR] [--summary-md FILE] [--detailed-exitcode]
                                       [--policy-pack DIR [--policy-pack-config FILE]]... [--preview-only]
       pulumi-airbyte export --workspace <id|name> [--out DIR] [--format ts|yaml] [--stack NAME]
                             [--project NAME] [--server-url URL]
       pulumi-airbyte install [DIR] [--from TARBALL]

preview, up and refresh run the stack of the Pulumi project in --cwd (default .) and print a summary
for a reviewer; --summary-md writes it as Markdown for a pull-request comment. Exit codes: 0 no changes
or applied, 2 changes pending (preview with --detailed-exitcode) or drift found (refresh with
--detailed-exitcode), 1 failure (a mandatory policy violation included). --policy-pack runs a policy
pack (see pulumi-airbyte/policy) on preview and up. refresh reports what changed outside Pulumi, on
the server the stack's config names now; --preview-only leaves the stack's state as it was (a drift
check: refresh --preview-only --detailed-exitcode --summary-md drift.md).

install puts this copy of pulumi-airbyte into the project in DIR (default .) as
vendor/pulumi-airbyte-<version>.tgz, names it in package.json and runs npm install: the project then
installs offline, on every machine and CI runner (commit vendor/). --from copies a release tarball instead.

Credentials: AIRBYTE_SERVER_URL, AIRBYTE_CLIENT_ID and AIRBYTE_CLIENT_SECRET (or AIRBYTE_BEARER_TOKEN),
or the flags --server-url, --client-id, --client-secret, --bearer-token.`;

/**
 * The options of `preview|up|refresh` from their flags; throws with the problem on a flag that is
 * unknown or missing (exported so tests can check the commands CI files run).
 */
export function parseDeployArgs(command: DeployOptions["command"], argv: readonly string[]): DeployOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      stack: { type: "string" },
      cwd: { type: "string" },
      "summary-md": { type: "string" },
      "detailed-exitcode": { type: "boolean" },
      "preview-only": { type: "boolean" },
      "policy-pack": { type: "string", multiple: true },
      "policy-pack-config": { type: "string", multiple: true },
    },
  });
  if (values.stack === undefined) throw new Error(`--stack is required: the stack to ${command}`);
  if (values["preview-only"] === true && command !== "refresh") {
    throw new Error("--preview-only is for refresh: a preview changes nothing already, and up applies");
  }
  return {
    command,
    stack: values.stack,
    cwd: values.cwd ?? ".",
    ...(values["summary-md"] !== undefined && { summaryMd: values["summary-md"] }),
    ...(values["detailed-exitcode"] === true && { detailedExitCode: true }),
    ...(values["preview-only"] === true && { previewOnly: true }),
    ...(values["policy-pack"] !== undefined && { policyPacks: values["policy-pack"] }),
    ...(values["policy-pack-config"] !== undefined && { policyPackConfigs: values["policy-pack-config"] }),
  };
}

/** `install [DIR] [--from TARBALL]`. */
async function install(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    options: { from: { type: "string" } },
    allowPositionals: true,
  });
  const dir = positionals[0] ?? ".";
  try {
    const { tarball, dependency } = await vendorPackage(dir, {
      ...(values.from !== undefined && { from: values.from }),
    });
    console.log(`Installed ${tarball} into ${dir} (package.json: "pulumi-airbyte": "${dependency}").`);
    console.log(`Commit ${tarball} with the project: \`npm ci\` then installs it anywhere, offline.`);
    return 0;
  } catch (error) {
    if (!(error instanceof InstallError)) throw error;
    console.error(error.message);
    return 1;
  }
}

/** Runs the command with `argv` (without node and the script) and returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === "--help" || command === "-h" || command === "help") {
    console.log(USAGE);
    return command === undefined ? 1 : 0;
  }
  if (command === "preview" || command === "up" || command === "refresh") {
    let options: DeployOptions;
    try {
      options = parseDeployArgs(command, rest);
    } catch (error) {
      console.error(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
      return 1;
    }
    return deploy(options);
  }
  if (command === "install") return install(rest);
  if (command !== "export") {
    console.error(`unknown command "${command}"\n${USAGE}`);
    return 1;
  }
  const { values } = parseArgs({
    args: [...rest],
    options: {
      workspace: { type: "string" },
      out: { type: "string" },
      format: { type: "string" },
      stack: { type: "string" },
      project: { type: "string" },
      "server-url": { type: "string" },
      "client-id": { type: "string" },
      "client-secret": { type: "string" },
      "bearer-token": { type: "string" },
    },
  });
  if (values.workspace === undefined) {
    console.error(`--workspace is required: the id or the name of the workspace to export\n${USAGE}`);
    return 1;
  }
  if (values.format !== undefined && values.format !== "ts" && values.format !== "yaml") {
    console.error(`--format must be ts or yaml, not "${values.format}"`);
    return 1;
  }
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (values["server-url"] !== undefined) env.AIRBYTE_SERVER_URL = values["server-url"];
  if (values["client-id"] !== undefined) env.AIRBYTE_CLIENT_ID = values["client-id"];
  if (values["client-secret"] !== undefined) env.AIRBYTE_CLIENT_SECRET = values["client-secret"];
  if (values["bearer-token"] !== undefined) env.AIRBYTE_BEARER_TOKEN = values["bearer-token"];
  const settings = resolveSettings(env);
  const client = new AirbyteClient({
    serverUrl: settings.serverUrl,
    credentials: settings.credentials,
    ...(settings.allowInsecureHttp === true && { allowInsecureHttp: true }),
  });
  const started = Date.now();
  const outDir = values.out ?? ".";
  const result = await exportWorkspace(client, {
    workspace: values.workspace,
    outDir,
    ...(values.format !== undefined && { format: values.format as "ts" | "yaml" }),
    ...(values.stack !== undefined && { stack: values.stack }),
    serverUrl: settings.serverUrl,
    ...(values.project !== undefined && { project: values.project }),
    progress: (line) => console.error(`  ${line}`),
  });
  console.error(
    `Wrote ${result.files.join(", ")} to ${outDir} in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
  );
  if (result.secretCommands.length > 0) {
    console.log("Set the secrets Airbyte does not show before the first `pulumi up`:");
    for (const command of result.secretCommands) console.log(`  ${command}`);
  }
  return 0;
}
