/**
 * The Airbyte data that ships with the package in `data/` (provenance and refresh
 * command in its SOURCE.md): the server's connector name → definition id tables and every
 * connector's configuration schema, so the emulator knows all of Airbyte's connectors without
 * any file beside the package.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { JsonSchema } from "./connectors/types.js";

/** Per-connector configuration schemas keyed `<kind>-<name>` (`source-github`, `destination-duckdb`). */
export type ConnectorSpecs = Readonly<Record<string, JsonSchema>>;

/**
 * `<package root>/data`. The data is not part of the TypeScript build, so it is found
 * from the package root (the nearest folder with a package.json) rather than beside this module:
 * the same rule then holds for the sources (`emulator/`), the build (`dist/emulator/`) and an
 * installed package.
 */
function shippedDataDir(): string {
  let dir = import.meta.dirname;
  while (!existsSync(join(dir, "package.json"))) {
    const up = dirname(dir);
    if (up === dir)
      throw new Error(`no package.json above ${import.meta.dirname}: cannot find the package's data/`);
    dir = up;
  }
  return join(dir, "data");
}

/** Path of the shipped `connector-definition-ids.json` (the server's name → definition id tables). */
export function shippedDefinitionIdsFile(): string {
  return join(shippedDataDir(), "connector-definition-ids.json");
}

/** Path of the shipped `connector-specs.json` (see {@link loadShippedSpecs}). */
function shippedSpecsFile(): string {
  return join(shippedDataDir(), "connector-specs.json");
}

let specs: ConnectorSpecs | undefined;

/**
 * The shipped configuration schemas: api_sdk.yaml's `<kind>-<name>-update` schema of every
 * connector, secrets marked `airbyte_secret`. About 1 MB of JSON, so it is read on first use
 * (the first connector outside the built-in ones) and then kept for the life of the process;
 * it is never modified, so emulators in one process share it.
 */
export function loadShippedSpecs(): ConnectorSpecs {
  if (specs === undefined) {
    const file = shippedSpecsFile();
    const doc: unknown = JSON.parse(readFileSync(file, "utf8"));
    if (typeof doc !== "object" || doc === null || Array.isArray(doc))
      throw new Error(`${file}: expected an object of connector schemas`);
    specs = doc as ConnectorSpecs;
  }
  return specs;
}
