import { readFileSync } from "node:fs";
import { BUILTIN_CONNECTORS } from "./builtin-connectors.js";

/**
 * The server's hard-coded connector name → definition id tables (SOURCE_NAME_TO_DEFINITION_ID
 * and DESTINATION_NAME_TO_DEFINITION_ID), used to resolve `configuration.sourceType` /
 * `destinationType` and, reversed, to fill `sourceType` / `destinationType` in responses.
 *
 * Out of the box the emulator knows the names of its built-in connectors. The full tables (296
 * sources, 63 destinations) load from a JSON file shaped like Airbyte's own extraction
 * (`sourceTypeToDefinitionId`, `destinationTypeToDefinitionId`), e.g. `--definition-ids FILE`.
 */
export interface DefinitionIdTables {
  readonly source: Readonly<Record<string, string>>;
  readonly destination: Readonly<Record<string, string>>;
}

/** The name tables of the built-in connectors, plus those of `file` when given. */
export function loadDefinitionIds(file?: string): DefinitionIdTables {
  const source: Record<string, string> = {};
  const destination: Record<string, string> = {};
  for (const c of BUILTIN_CONNECTORS) {
    // dev-null is not in the server's table: it resolves by id only.
    if (c.slug !== "") (c.kind === "source" ? source : destination)[c.slug] = c.id;
  }
  if (file !== undefined) {
    const doc = JSON.parse(readFileSync(file, "utf8")) as {
      sourceTypeToDefinitionId?: Record<string, string>;
      destinationTypeToDefinitionId?: Record<string, string>;
    };
    Object.assign(source, doc.sourceTypeToDefinitionId ?? {});
    Object.assign(destination, doc.destinationTypeToDefinitionId ?? {});
  }
  return { source, destination };
}
