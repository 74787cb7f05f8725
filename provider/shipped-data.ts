/**
 * The tables of Airbyte facts the package ships in `data/` at its root (where each comes from and
 * how to refresh it: data/SOURCE.md). The provider checks configurations against the connector
 * schemas at preview and the SDK marks secret fields from the derived table; the emulator reads
 * the same files through its own loader, since it is kept apart from the provider it checks.
 */
import { join } from "node:path";
import { findPackageRoot } from "./api/version.js";

/** The files of `data/` that code reads at run time. */
export type ShippedDataFile =
  | "connector-definition-ids.json"
  | "connector-specs.json"
  | "connector-secrets.json";

/**
 * The path of a shipped data file. The data is not part of the TypeScript build, so it is found
 * from the package root rather than beside this module: the same rule then holds for the sources,
 * the build (`dist/`) and an installed package.
 * @throws When no package root is found above this module (a broken install).
 */
export function shippedDataFile(file: ShippedDataFile): string {
  const root = findPackageRoot(import.meta.dirname);
  if (root === undefined) throw new Error(`pulumi-airbyte: no package root above ${import.meta.dirname}`);
  return join(root, "data", file);
}
