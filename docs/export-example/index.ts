import * as pulumi from "@pulumi/pulumi";
import * as airbyte from "pulumi-airbyte";

// The Airbyte workspace "analytics prod" (4f9c6362-c6e5-405f-8f81-5fe38b63f6c6), exported by pulumi-airbyte 0.1.0.
// Each resource adopts the object it was exported from: the first `pulumi up` creates nothing.
// Secrets come from stack config (see README.md).
const config = new pulumi.Config();
// The ids of the existing objects this stack adopts (Pulumi.<stack>.yaml); a stack without
// them creates its own copy of every object.
const adopted = config.getObject<Record<string, string>>("adopt") ?? {};

const analyticsProd = new airbyte.Workspace("analytics-prod", {
  adopt: adopted["analytics-prod"],
  name: "analytics prod",
});

const ordersDb = new airbyte.Source("orders-db", {
  adopt: adopted["orders-db"],
  workspaceId: analyticsProd.workspaceId,
  name: "orders db",
  definitionId: "decd338e-5647-4c0b-adf4-da0e75f5a750", // Postgres
  configuration: {
    host: "db.internal",
    port: 5432,
    database: "shop",
    username: "etl",
    password: config.requireSecret("orders_db_password"),
    schemas: ["public"],
    ssl_mode: {
      mode: "require",
    },
    replication_method: {
      method: "Standard",
    },
  },
});

const sampleData = new airbyte.Source("sample-data", {
  adopt: adopted["sample-data"],
  workspaceId: analyticsProd.workspaceId,
  name: "sample data",
  definitionId: "dfd88b22-b603-4c3d-aad7-3701784586b1", // Sample Data (Faker)
  configuration: {
    count: 500,
    seed: 42,
  },
});

const warehouse = new airbyte.Destination("warehouse", {
  adopt: adopted["warehouse"],
  workspaceId: analyticsProd.workspaceId,
  name: "warehouse",
  definitionId: "25c5221d-dce2-4163-ade9-739ef790f503", // Postgres
  configuration: {
    host: "dwh.internal",
    port: 5432,
    database: "analytics",
    schema: "raw",
    username: "loader",
    password: config.requireSecret("warehouse_password"),
  },
});

const financeTag = new airbyte.Tag("finance-tag", {
  adopt: adopted["finance-tag"],
  workspaceId: analyticsProd.workspaceId,
  name: "finance",
  color: "FF5733",
});

new airbyte.Connection("orders-to-warehouse", {
  adopt: adopted["orders-to-warehouse"],
  sourceId: ordersDb.sourceId,
  destinationId: warehouse.destinationId,
  name: "orders to warehouse",
  schedule: { scheduleType: "cron", cronExpression: "0 0 2 * * ?" },
  streams: [
    { name: "orders", namespace: "public", syncMode: "incremental_deduped_history", cursorField: ["updated_at"], primaryKey: [["id"]] },
    { name: "customers", namespace: "public", syncMode: "full_refresh_overwrite" },
  ],
  tags: [financeTag.tagId],
});

new airbyte.Connection("sample-to-warehouse", {
  adopt: adopted["sample-to-warehouse"],
  sourceId: sampleData.sourceId,
  destinationId: warehouse.destinationId,
  name: "sample to warehouse",
  streams: [
    { name: "users", syncMode: "full_refresh_overwrite" },
  ],
});

export const workspaceId = analyticsProd.workspaceId;
