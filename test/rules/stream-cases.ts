/**
 * One table of declared streams, valid and invalid, for the provider's stream check (run at
 * `preview` against `GET /streams`) and the emulator's answer to `POST /connections` to agree on.
 * `faker` streams have a source-defined cursor and primary key; `postgres` tables (namespace
 * "public") have a primary key but no source-defined cursor.
 */
export interface StreamCase {
  readonly source: "faker" | "postgres";
  readonly streams: ReadonlyArray<Record<string, unknown>>;
  readonly valid: boolean;
  readonly why: string;
}

/** The shared cases. */
export const STREAM_CASES: readonly StreamCase[] = [
  { source: "faker", streams: [{ name: "users" }], valid: true, why: "default sync mode" },
  {
    source: "faker",
    streams: [{ name: "users", syncMode: "incremental_deduped_history" }],
    valid: true,
    why: "source-defined cursor and key",
  },
  {
    source: "faker",
    streams: [{ name: "users", syncMode: "incremental_append", cursorField: ["created_at"] }],
    valid: false,
    why: "another cursor than the source-defined one",
  },
  {
    source: "faker",
    streams: [{ name: "users", syncMode: "incremental_deduped_history", primaryKey: [["email"]] }],
    valid: false,
    why: "another key than the source-defined one",
  },
  { source: "faker", streams: [{ name: "nope" }], valid: false, why: "a stream the source does not have" },
  {
    source: "faker",
    streams: [{ name: "users" }, { name: "users" }],
    valid: false,
    why: "the same stream twice",
  },
  {
    source: "faker",
    streams: [{ name: "users", syncMode: "full_refresh_update" }],
    valid: false,
    why: "a mode the stream does not support",
  },
  {
    source: "postgres",
    streams: [{ name: "orders", syncMode: "incremental_append" }],
    valid: false,
    why: "incremental without a cursor",
  },
  {
    source: "postgres",
    streams: [{ name: "orders", syncMode: "incremental_append", cursorField: ["updated_at"] }],
    valid: true,
    why: "incremental with a cursor",
  },
  {
    source: "postgres",
    streams: [{ name: "orders", syncMode: "incremental_append", cursorField: ["nope"] }],
    valid: false,
    why: "a cursor that is not a field",
  },
  {
    source: "postgres",
    streams: [{ name: "orders", syncMode: "incremental_deduped_history", cursorField: ["updated_at"] }],
    valid: true,
    why: "dedup with the source-defined key",
  },
  {
    source: "postgres",
    streams: [{ name: "orders", namespace: "public", syncMode: "full_refresh_overwrite" }],
    valid: true,
    why: "with its namespace",
  },
  {
    source: "postgres",
    streams: [{ name: "orders", namespace: "sales" }],
    valid: false,
    why: "in a namespace the source does not have",
  },
];
