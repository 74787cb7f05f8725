/**
 * `pulumi-airbyte export`: reads a live workspace and writes a ready Pulumi project that adopts
 * every object in it, with a README that lists the secrets to set and pictures the pipelines.
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { stringify } from "yaml";
import type { AirbyteClient } from "../provider/api/client.js";
import { findPackageVersion } from "../provider/api/version.js";
import { mermaid, svg } from "./diagram.js";
import { vendorPackage } from "./install.js";
import { type Progress, readWorkspace, type WorkspaceModel } from "./model.js";
import { adoptIds, allSecrets, renderTypeScript, renderYaml } from "./render.js";

/** Options of {@link exportWorkspace}. */
export interface ExportOptions {
  /** The workspace's id, or its name. */
  readonly workspace: string;
  /** The folder to write the project into (created if missing). */
  readonly outDir: string;
  /** `ts` (a Pulumi TypeScript program, the default) or `yaml` (the declarative spec). */
  readonly format?: "ts" | "yaml";
  /**
   * The stack that adopts the workspace: its `Pulumi.<stack>.yaml` gets the server's URL and the id
   * of every object to adopt (default `dev`). Other stacks of the same program create copies.
   */
  readonly stack?: string;
  /** The server URL to put in that stack file. */
  readonly serverUrl?: string;
  /** The Pulumi project's name; default `airbyte-<workspace>`. */
  readonly project?: string;
  /** Receives progress lines. */
  readonly progress?: Progress;
  /**
   * Put this copy of pulumi-airbyte into the project as `vendor/pulumi-airbyte-<version>.tgz` and
   * name it in package.json, so the project installs offline (default `true`; see `install.ts`).
   * Otherwise package.json asks the registry for `^<version>`.
   */
  readonly vendor?: boolean;
}

/** What {@link exportWorkspace} wrote. */
export interface ExportResult {
  readonly model: WorkspaceModel;
  /** The files written, relative to the output folder. */
  readonly files: readonly string[];
  /** The `pulumi config set --secret` commands the user must run before `pulumi up`. */
  readonly secretCommands: readonly string[];
}

function readme(
  model: WorkspaceModel,
  project: string,
  format: "ts" | "yaml",
  secretCommands: readonly string[],
) {
  const counts = `${model.sources.length} sources, ${model.destinations.length} destinations, ${model.connections.length} connections, ${model.tags.length} tags`;
  return `# ${project}

The Airbyte workspace "${model.workspace.name}" (\`${model.workspace.id}\`) as code: ${counts}.
Exported by \`pulumi-airbyte export\`. The stack ${
    format === "ts"
      ? "whose `Pulumi.<stack>.yaml` lists the objects' ids under `adopt`"
      : "named under `environments` in `airbyte.yaml`, where the objects' ids are listed under `adopt`,"
  } manages the objects it was read from: its first \`pulumi up\` creates nothing, and sends
each secret below once, since Airbyte never shows secrets to compare. Another stack of this program
(\`pulumi stack init staging\`, with its own \`airbyte:serverUrl\` and credentials) creates a copy.

## Before the first \`pulumi up\`

${
  secretCommands.length === 0
    ? "No connector holds a secret: nothing to set."
    : `Set the secrets (Airbyte masks them, so they are not in the export). For a secret you do not
have at hand, write \`airbyte.keepExistingSecret\` in ${format === "ts" ? "`index.ts`" : "the spec"} instead: it keeps what Airbyte holds.

\`\`\`sh
${secretCommands.join("\n")}
\`\`\``
}

Then \`npm install\` (pulumi-airbyte comes from \`vendor/\`: commit it with the project) and
\`pulumi preview\`: it lists every resource as a create, each of which adopts its object
(\`npx pulumi-airbyte preview\` says "adopt"), and nothing replaced.

## The pipelines

![pipelines](pipelines.svg)

\`\`\`mermaid
${mermaid(model)}
\`\`\`
`;
}

/** Reads the workspace and writes the project. */
export async function exportWorkspace(client: AirbyteClient, options: ExportOptions): Promise<ExportResult> {
  const progress = options.progress ?? (() => undefined);
  const model = await readWorkspace(client, options.workspace, progress);
  const format = options.format ?? "ts";
  const project = options.project ?? `airbyte-${model.workspace.resourceName}`;
  const version = findPackageVersion(import.meta.dirname);
  const header = [
    `The Airbyte workspace "${model.workspace.name}" (${model.workspace.id}), exported by pulumi-airbyte ${version}.`,
    "Each resource adopts the object it was exported from: the first `pulumi up` creates nothing.",
    "Secrets come from stack config (see README.md).",
  ].join("\n");
  const secretCommands = allSecrets(model).map(
    (s) => `pulumi config set --secret ${s.configKey} '<${s.owner}: ${s.path}>'`,
  );
  const files: Record<string, string> = {
    "Pulumi.yaml": `name: ${project}\ndescription: The Airbyte workspace "${model.workspace.name}" as code\nruntime:\n  name: nodejs\n  options:\n    packagemanager: npm\n`,
    "package.json": `${JSON.stringify(
      {
        name: project,
        private: true,
        main: "index.ts",
        devDependencies: { "@types/node": "^22.0.0", typescript: "^5.9.3" },
        dependencies: { "@pulumi/pulumi": "^3.276.0", "pulumi-airbyte": `^${version}` },
      },
      null,
      2,
    )}\n`,
    "tsconfig.json": `${JSON.stringify(
      {
        compilerOptions: {
          strict: true,
          outDir: "bin",
          target: "es2020",
          module: "commonjs",
          moduleResolution: "node",
          sourceMap: true,
          esModuleInterop: true,
          skipLibCheck: true,
          forceConsistentCasingInFileNames: true,
        },
        files: ["index.ts"],
      },
      null,
      2,
    )}\n`,
    "README.md": readme(model, project, format, secretCommands),
    "pipelines.svg": svg(model),
  };
  const stack = options.stack ?? "dev";
  if (format === "ts") files["index.ts"] = renderTypeScript(model, header);
  else {
    files["airbyte.yaml"] = renderYaml(model, header, stack);
    files["index.ts"] = [
      ...header.split("\n").map((l) => `// ${l}`),
      "// The pipelines are in airbyte.yaml; its `environments.<stack>` entry says what a stack changes.",
      'import * as airbyte from "pulumi-airbyte";',
      "",
      `const pipelines = new airbyte.Pipelines(${JSON.stringify(model.workspace.resourceName)}, { spec: "airbyte.yaml" });`,
      "",
      "export const workspaceId = pipelines.workspaceId;",
      "export const connectionIds = pipelines.connectionIds;",
      "",
    ].join("\n");
  }
  files[`Pulumi.${stack}.yaml`] = `# The stack that adopts "${model.workspace.name}": ${
    format === "ts" ? "each object below" : `each object listed under environments.${stack} in airbyte.yaml`
  } is managed, not created.\n${stringify(
    {
      config: {
        "airbyte:serverUrl": options.serverUrl ?? "https://api.airbyte.com/v1",
        ...(format === "ts" && { [`${project}:adopt`]: adoptIds(model) }),
      },
    },
    { lineWidth: 0 },
  )}`;
  await mkdir(options.outDir, { recursive: true });
  for (const [name, text] of Object.entries(files)) await writeFile(path.join(options.outDir, name), text);
  const written = Object.keys(files);
  if (options.vendor !== false) {
    progress("packing pulumi-airbyte into vendor/ so the project installs offline");
    written.push((await vendorPackage(options.outDir, { install: false })).tarball);
  }
  return { model, files: written, secretCommands };
}
