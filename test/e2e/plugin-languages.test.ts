/**
 * The native plugin from a user's YAML, Python and Go project, through the Pulumi CLI, against the
 * emulator: a workspace and a tag deployed with `pulumi up`, then destroyed. Each project is made
 * outside the repository by test/e2e/plugin-projects.ts, with the plugin installed from its archive
 * (the Python project from the single-file one, with no Node.js to run), and the SDK as a user
 * installs it. The per-language scenarios build on the same helper.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../../emulator/index.js";
import { emulator, outOfBand } from "./harness.js";
import {
  newPluginProject,
  type PluginBuild,
  type PluginLanguage,
  type PluginProject,
} from "./plugin-projects.js";

/** A workspace and a tag on it, in each language; outputs `workspaceId` and `tagId`. */
const PROGRAMS: Record<PluginLanguage, (workspace: string) => string> = {
  yaml: (workspace) => `resources:
  analytics:
    type: airbyte-native:index:Workspace
    properties:
      name: ${workspace}
  pii:
    type: airbyte-native:index:Tag
    properties:
      workspaceId: \${analytics.workspaceId}
      name: pii
      color: FF5733
outputs:
  workspaceId: \${analytics.workspaceId}
  tagId: \${pii.tagId}
`,
  python: (workspace) => `import pulumi
import pulumi_airbyte_native as airbyte

analytics = airbyte.Workspace("analytics", name="${workspace}")
pii = airbyte.Tag("pii", workspace_id=analytics.workspace_id, name="pii", color="FF5733")

pulumi.export("workspaceId", analytics.workspace_id)
pulumi.export("tagId", pii.tag_id)
`,
  go: (workspace) => `package main

import (
	"github.com/pulumi-airbyte/pulumi-airbyte/sdk-native/go/airbytenative"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		analytics, err := airbytenative.NewWorkspace(ctx, "analytics", &airbytenative.WorkspaceArgs{
			Name: pulumi.String("${workspace}"),
		})
		if err != nil {
			return err
		}
		pii, err := airbytenative.NewTag(ctx, "pii", &airbytenative.TagArgs{
			WorkspaceId: analytics.WorkspaceId,
			Name:        pulumi.String("pii"),
			Color:       pulumi.String("FF5733"),
		})
		if err != nil {
			return err
		}
		ctx.Export("workspaceId", analytics.WorkspaceId)
		ctx.Export("tagId", pii.TagId)
		return nil
	})
}
`,
};

/** Which plugin archive each language's project installs. */
const BUILDS: Record<PluginLanguage, PluginBuild> = { yaml: "node", python: "single-file", go: "node" };

describe.each<PluginLanguage>(["yaml", "python", "go"])(
  "a user's %s project on the native plugin",
  (language) => {
    let emu: Emulator;
    let project: PluginProject;
    const workspace = `smoke-${language}`;

    beforeAll(async () => {
      emu = await emulator();
      // The first run builds the language host (about a minute each) and packs the plugin.
      project = await newPluginProject(language, PROGRAMS[language](workspace), { build: BUILDS[language] });
      await project.useEmulator(emu);
    }, 900_000);

    afterAll(async () => {
      await project?.cleanup();
      await emu?.close();
    });

    it("deploys a workspace and a tag with `pulumi up`, and `pulumi destroy` removes them", async () => {
      const up = await project.pulumi(["up", "--yes"]);
      expect(up.stdout).toMatch(/3 created/);
      const outputs = JSON.parse((await project.pulumi(["stack", "output", "--json"])).stdout) as {
        workspaceId: string;
        tagId: string;
      };
      const ws = (await outOfBand(emu, "GET", `/workspaces/${outputs.workspaceId}`)) as { name: string };
      expect(ws.name).toBe(workspace);
      const tag = (await outOfBand(emu, "GET", `/tags/${outputs.tagId}`)) as { name: string; color: string };
      expect(tag).toMatchObject({ name: "pii", color: "FF5733" });

      const destroy = await project.pulumi(["destroy", "--yes"]);
      expect(destroy.stdout).toMatch(/3 deleted/);
      await expect(outOfBand(emu, "GET", `/workspaces/${outputs.workspaceId}`)).rejects.toThrow(/404/);
      await expect(outOfBand(emu, "GET", `/tags/${outputs.tagId}`)).rejects.toThrow(/404/);
    }, 600_000);
  },
);
