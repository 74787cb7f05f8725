/**
 * The catalog the built-in Postgres source discovers, shaped by its configuration the way a real
 * database's is: one namespace per entry of `schemas` (default `public`), each with the tables a
 * schema of that name typically holds, their columns, primary keys and an `updated_at` cursor
 * column. With `replication_method: { method: "CDC" }` every table also has Airbyte's CDC columns
 * and a source-defined cursor, as the real connector reports.
 */
import { createHash } from "node:crypto";
import { nint, nnum, nstr, objectSchema, ts } from "./schema-dsl.js";
import type { DiscoveredStream } from "./types.js";

const id = { type: "number", airbyte_type: "integer" } as const;
const bool = { type: ["null", "boolean"] } as const;
const date = { type: ["null", "string"], format: "date" } as const;
const json = { type: ["null", "object"] } as const;

/** A table: its columns (besides `created_at`/`updated_at`, which every table has) and key. */
interface Table {
  readonly columns: Record<string, unknown>;
  /** The primary key's columns (default `id`). */
  readonly key?: readonly string[];
  /** Roughly how many rows (the discovered count varies with host and database around it). */
  readonly rows: number;
}

/**
 * The tables of each schema name the emulator knows. Any other schema name discovers the
 * `public` tables in that namespace, so a program's own schema names (`app`, `shop`) work.
 */
export const POSTGRES_SCHEMAS: Readonly<Record<string, Readonly<Record<string, Table>>>> = {
  public: {
    customers: {
      columns: { id, name: nstr, email: nstr, phone: nstr, country: nstr, marketing_opt_in: bool },
      rows: 2400,
    },
    addresses: {
      columns: { id, customer_id: nint, line1: nstr, city: nstr, postal_code: nstr, country: nstr },
      rows: 3100,
    },
    categories: { columns: { id, name: nstr, parent_id: nint }, rows: 40 },
    products: {
      columns: { id, sku: nstr, name: nstr, category_id: nint, price: nnum, currency: nstr, active: bool },
      rows: 600,
    },
    orders: {
      columns: {
        id,
        customer_id: nint,
        amount: nnum,
        currency: nstr,
        status: nstr,
        placed_at: ts,
        shipping_address_id: nint,
      },
      rows: 9000,
    },
    order_items: {
      columns: { order_id: id, line_number: id, product_id: nint, quantity: nint, unit_price: nnum },
      key: ["order_id", "line_number"],
      rows: 21000,
    },
    payments: {
      columns: { id, order_id: nint, method: nstr, amount: nnum, status: nstr, paid_at: ts },
      rows: 8800,
    },
    shipments: {
      columns: { id, order_id: nint, carrier: nstr, tracking_number: nstr, shipped_at: ts, delivered_at: ts },
      rows: 8100,
    },
    inventory: {
      columns: { product_id: id, warehouse: nstr, quantity: nint },
      key: ["product_id", "warehouse"],
      rows: 1800,
    },
    reviews: {
      columns: { id, product_id: nint, customer_id: nint, rating: nint, body: nstr },
      rows: 3500,
    },
  },
  analytics: {
    events: {
      columns: { id, user_id: nint, session_id: nstr, name: nstr, properties: json, occurred_at: ts },
      rows: 250000,
    },
    sessions: {
      columns: { id: { type: "string" }, user_id: nint, started_at: ts, ended_at: ts, device: nstr },
      rows: 40000,
    },
    page_views: {
      columns: { id, session_id: nstr, url: nstr, referrer: nstr, viewed_at: ts },
      rows: 120000,
    },
  },
  billing: {
    plans: { columns: { id, name: nstr, interval: nstr, price: nnum, currency: nstr }, rows: 12 },
    subscriptions: {
      columns: { id, customer_id: nint, plan_id: nint, status: nstr, started_on: date, canceled_on: date },
      rows: 1900,
    },
    invoices: {
      columns: {
        id,
        subscription_id: nint,
        number: nstr,
        total: nnum,
        currency: nstr,
        due_on: date,
        paid: bool,
      },
      rows: 14000,
    },
    invoice_lines: {
      columns: { invoice_id: id, line_number: id, description: nstr, amount: nnum },
      key: ["invoice_id", "line_number"],
      rows: 30000,
    },
  },
  hr: {
    departments: { columns: { id, name: nstr, manager_id: nint }, rows: 15 },
    employees: {
      columns: {
        id,
        name: nstr,
        email: nstr,
        department_id: nint,
        title: nstr,
        hired_on: date,
        salary: nnum,
      },
      rows: 320,
    },
  },
};

const CDC_COLUMNS = { _ab_cdc_lsn: nnum, _ab_cdc_updated_at: ts, _ab_cdc_deleted_at: ts };

function around(rows: number, ...parts: unknown[]): number {
  const h = createHash("sha256").update(JSON.stringify(parts)).digest();
  const spread = 0.8 + (h.readUInt32BE(0) % 401) / 1000; // 0.8 … 1.2
  return Math.max(1, Math.round(rows * spread));
}

/** What the built-in Postgres source discovers for a configuration (see the module's comment). */
export function postgresCatalog(c: Record<string, unknown>): DiscoveredStream[] {
  const listed = Array.isArray(c.schemas) ? c.schemas.filter((s): s is string => typeof s === "string") : [];
  const schemas = listed.length > 0 ? [...new Set(listed)] : ["public"];
  const method = (c.replication_method as { method?: unknown } | undefined)?.method;
  const cdc = method === "CDC";
  return schemas.flatMap((schema) =>
    Object.entries(POSTGRES_SCHEMAS[schema] ?? POSTGRES_SCHEMAS.public ?? {}).map(([name, table]) => {
      const columns = { ...table.columns, created_at: ts, updated_at: ts, ...(cdc && CDC_COLUMNS) };
      return {
        name,
        namespace: schema,
        jsonSchema: objectSchema(columns),
        supportedSyncModes: ["full_refresh", "incremental"],
        // Standard replication: the user picks the cursor (updated_at is there to pick); CDC's is the log position.
        sourceDefinedCursor: cdc,
        defaultCursorField: cdc ? ["_ab_cdc_lsn"] : [],
        sourceDefinedPrimaryKey: (table.key ?? ["id"]).map((column) => [column]),
        records: around(table.rows, c.host, c.database, schema, name),
        recordBytes: 60 + 24 * Object.keys(columns).length,
      } satisfies DiscoveredStream;
    }),
  );
}
