/** Pins the SDK's public surface: removing or renaming an export is a breaking change for users. */
import { expect, it } from "vitest";
import * as sdk from "../../sdk/index.js";

it("exports the resource classes, and every look-up with its …Output form", () => {
  expect(Object.keys(sdk).sort()).toEqual([
    "Application",
    "Connection",
    "DeclarativeSourceDefinition",
    "Destination",
    "DestinationDefinition",
    "Group",
    "Job",
    "Permission",
    "Pipelines",
    "PipelinesSpecError",
    "Source",
    "SourceDefinition",
    "Tag",
    "Workspace",
    "getConnectorDefinition",
    "getConnectorDefinitionOutput",
    "getStreams",
    "getStreamsOutput",
    "getTag",
    "getTagOutput",
    "getUser",
    "getUserOutput",
    "getWorkspace",
    "getWorkspaceOutput",
    "keepExistingSecret",
  ]);
  const lookups = Object.keys(sdk).filter((k) => k.startsWith("get") && !k.endsWith("Output"));
  for (const name of lookups) expect(Object.keys(sdk)).toContain(`${name}Output`);
});
