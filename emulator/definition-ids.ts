import { readFileSync } from "node:fs";
import { BUILTIN_CONNECTORS } from "./connectors/builtin.js";
import { shippedDefinitionIdsFile } from "./shipped-data.js";

/**
 * The server's hard-coded connector name → definition id tables (SOURCE_NAME_TO_DEFINITION_ID
 * and DESTINATION_NAME_TO_DEFINITION_ID), used to resolve `configuration.sourceType` /
 * `destinationType` and, reversed, to fill `sourceType` / `destinationType` in responses.
 *
 * By default the emulator uses the full tables shipped in `data/` (296 sources, 63
 * destinations). Another JSON file of the same shape (`sourceTypeToDefinitionId`,
 * `destinationTypeToDefinitionId`) replaces them, e.g. `--definition-ids FILE`.
 */
export interface DefinitionIdTables {
  readonly source: Readonly<Record<string, string>>;
  readonly destination: Readonly<Record<string, string>>;
}

/**
 * The name tables of the built-in connectors, plus those of `file` (default: the shipped
 * `connector-definition-ids.json`). Throws when `file` holds neither table, so a wrong file
 * passed as `--definition-ids` fails at start-up rather than leaving names unresolved.
 */
export function loadDefinitionIds(file: string = shippedDefinitionIdsFile()): DefinitionIdTables {
  const source: Record<string, string> = {};
  const destination: Record<string, string> = {};
  for (const c of BUILTIN_CONNECTORS) {
    // dev-null is not in the server's table: it resolves by id only.
    if (c.slug !== "") (c.kind === "source" ? source : destination)[c.slug] = c.id;
  }
  const doc = (JSON.parse(readFileSync(file, "utf8")) ?? {}) as {
    sourceTypeToDefinitionId?: Record<string, string>;
    destinationTypeToDefinitionId?: Record<string, string>;
  };
  if (doc.sourceTypeToDefinitionId === undefined && doc.destinationTypeToDefinitionId === undefined)
    throw new Error(`${file}: no sourceTypeToDefinitionId or destinationTypeToDefinitionId table`);
  Object.assign(source, doc.sourceTypeToDefinitionId ?? {});
  Object.assign(destination, doc.destinationTypeToDefinitionId ?? {});
  return { source, destination };
}
