import type { AirbyteClient } from "./api/client.js";
import type { ConnectorDefinition } from "./api/index.js";
import { closest, normalizeName as normalize, wordsOf as words } from "./suggest.js";

/** Whether a connector reads data (source) or writes it (destination). */
export type ConnectorKind = "source" | "destination";

/** Per client (one per server and credential), per kind and workspace. */
const cache = new WeakMap<AirbyteClient, Map<string, Promise<ConnectorDefinition[]>>>();

/**
 * The connector definitions visible to a workspace (or the public ones), fetched once per process
 * and per server: two stacks' servers, or two credentials that see different custom connectors,
 * never share an answer. A failed fetch is forgotten, so the next caller tries again.
 */
export function listDefinitions(
  client: AirbyteClient,
  type: ConnectorKind,
  workspaceId?: string,
): Promise<ConnectorDefinition[]> {
  let byKey = cache.get(client);
  if (byKey === undefined) {
    byKey = new Map();
    cache.set(client, byKey);
  }
  const key = `${type}:${workspaceId ?? ""}`;
  let entry = byKey.get(key);
  if (entry === undefined) {
    entry = client.connectorDefinitions.list({ type, ...(workspaceId !== undefined && { workspaceId }) });
    const entries = byKey;
    entry.catch(() => entries.delete(key));
    byKey.set(key, entry);
  }
  return entry;
}

/** The outcome of looking a connector up by name. */
export type DefinitionMatch =
  | { readonly ok: true; readonly definition: ConnectorDefinition }
  | { readonly ok: false; readonly reason: string };

/**
 * Finds a connector by the name a user would type: the definition's display name ("Postgres",
 * "Sample Data (Faker)"), a word of it ("faker"), or a part of it ("dev-null"), ignoring case and
 * punctuation. An unknown or
 * ambiguous name gets a reason that suggests the closest names.
 */
export function matchDefinition(
  name: string,
  type: ConnectorKind,
  definitions: ConnectorDefinition[],
): DefinitionMatch {
  const wanted = normalize(name);
  const exact = definitions.filter((d) => normalize(d.name) === wanted);
  if (exact.length === 1 && exact[0] !== undefined) return { ok: true, definition: exact[0] };
  let byWord = definitions.filter((d) => words(d.name).includes(wanted));
  if (byWord.length === 0 && wanted.length >= 3)
    byWord = definitions.filter((d) => normalize(d.name).includes(wanted));
  if (exact.length === 0 && byWord.length === 1 && byWord[0] !== undefined)
    return { ok: true, definition: byWord[0] };
  const candidates = exact.length > 1 ? exact : byWord;
  if (candidates.length > 1) {
    const names = candidates.map((d) => `"${d.name}" (${d.id})`).join(", ");
    return {
      ok: false,
      reason: `"${name}" matches several ${type} connectors: ${names}; use the full name or definitionId`,
    };
  }
  const near = closest(name, definitions, (d) => d.name).map((d) => `"${d.name}"`);
  const hint = near.length > 0 ? `; did you mean ${near.join(" or ")}?` : "";
  return {
    ok: false,
    reason: `unknown ${type} connector "${name}": give a connector name from GET /connector_definitions?type=${type} or its definitionId${hint}`,
  };
}
