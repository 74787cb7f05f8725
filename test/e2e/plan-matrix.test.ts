/** The plan matrix (`plan-matrix.ts`) on the TypeScript dynamic resources, a tarball-installed project. */
import { newCliProject } from "./cli.js";
import { planMatrix, TS_PROGRAM } from "./plan-matrix.js";

planMatrix({
  label: "TypeScript (dynamic resources)",
  async open(emu, warehousePassword) {
    const project = await newCliProject("commonjs", { program: TS_PROGRAM });
    await project.pulumi(["config", "set", "airbyte:serverUrl", emu.url]);
    await project.pulumi(["config", "set", "airbyte:clientId", emu.clientId]);
    await project.pulumi(["config", "set", "--secret", "airbyte:clientSecret", emu.clientSecret]);
    await project.pulumi(["config", "set", "--secret", "warehousePassword", warehousePassword]);
    return project;
  },
  setKnobs: async (project, knobs) => {
    await project.pulumi(["config", "set", "knobs", JSON.stringify(knobs)]);
  },
});
