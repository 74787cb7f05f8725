import * as pulumi from "@pulumi/pulumi";
import * as airbyte from "pulumi-airbyte";

// Everything that differs between dev, staging and prod comes from the stack's config
// (Pulumi.<stack>.yaml); the warehouse password is a config secret, encrypted in that file.
const config = new pulumi.Config();
const workspaceName = config.get("workspaceName") ?? `analytics-${pulumi.getStack()}`;
const syncRows = config.getNumber("sampleRows") ?? 1000;

const workspace = new airbyte.Workspace("analytics", {
  name: workspaceName,
  notifications: { failure: { email: { enabled: true } } },
});

// `definition: "faker"` types `configuration` as the Faker source's settings (completion in the
// editor, a misspelt or missing key is a compile error); so does "postgres" below.
const sampleData = new airbyte.Source("sample-data", {
  workspaceId: workspace.workspaceId,
  name: "sample data",
  definition: "faker",
  configuration: { count: syncRows, seed: 42 },
});

const warehouse = new airbyte.Destination("warehouse", {
  workspaceId: workspace.workspaceId,
  name: "warehouse",
  definition: "postgres",
  configuration: {
    host: config.get("warehouseHost") ?? "warehouse.internal",
    port: 5432,
    database: "analytics",
    schema: "raw",
    username: "loader",
    password: config.requireSecret("warehousePassword"),
  },
});

const nightly = new airbyte.Connection("sample-to-warehouse", {
  sourceId: sampleData.sourceId,
  destinationId: warehouse.destinationId,
  name: "sample data → warehouse",
  schedule: { scheduleType: "cron", cronExpression: "0 0 2 * * ?" },
  streams: [
    { name: "users", syncMode: "incremental_deduped_history" },
    { name: "purchases", syncMode: "incremental_append" },
  ],
});

// A first sync when the connection is created; change `release` in config to sync again.
const firstLoad = new airbyte.Job("first-load", {
  connectionId: nightly.connectionId,
  triggers: [nightly.connectionId, config.get("release") ?? "1"],
});

export const workspaceId = workspace.workspaceId;
export const connectionId = nightly.connectionId;
export const syncStatus = firstLoad.status;
export const rowsSynced = firstLoad.rowsSynced;
