import * as pulumi from "@pulumi/pulumi";
import * as airbyte from "pulumi-airbyte";

/**
 * The demo pipeline: what a data team keeps in git. Sample data (Faker) is loaded into a Postgres
 * warehouse every night at 02:00 UTC, tagged for the finance team, with a first sync when it is
 * deployed. `npm run demo` deploys it against the embedded emulator; point the stack's
 * `airbyte:*` config at a real Airbyte to deploy it there.
 */
export function pipeline() {
  const config = new pulumi.Config();
  const release = config.get("release") ?? "2026-11-29";

  const workspace = new airbyte.Workspace("analytics", {
    name: "analytics",
    notifications: { failure: { email: { enabled: true } } },
  });

  const sampleData = new airbyte.Source("sample-data", {
    workspaceId: workspace.workspaceId,
    name: "sample data",
    definition: "faker",
    configuration: { count: 500, seed: 42 } satisfies airbyte.FakerSourceConfiguration,
  });

  const warehouse = new airbyte.Destination("warehouse", {
    workspaceId: workspace.workspaceId,
    name: "warehouse",
    definition: "postgres",
    configuration: {
      host: "warehouse.internal",
      port: 5432,
      database: "analytics",
      schema: "raw",
      username: "loader",
      password: config.getSecret("warehousePassword") ?? pulumi.secret("demo-only-password"),
    } satisfies airbyte.PostgresDestinationConfiguration,
  });

  const finance = new airbyte.Tag("finance", {
    workspaceId: workspace.workspaceId,
    name: "finance",
    color: "FF5733",
  });

  const nightly = new airbyte.Connection("sample-to-warehouse", {
    sourceId: sampleData.sourceId,
    destinationId: warehouse.destinationId,
    name: "sample data → warehouse",
    schedule: { scheduleType: "cron", cronExpression: "0 0 2 * * ?" },
    streams: [
      { name: "users", syncMode: "incremental_deduped_history" },
      { name: "purchases", syncMode: "incremental_append" },
      { name: "products", syncMode: "full_refresh_overwrite" },
    ],
    tags: [finance.tagId],
  });

  // The first deployment loads data; a new `release` loads again.
  const firstLoad = new airbyte.Job("first-load", {
    connectionId: nightly.connectionId,
    triggers: [nightly.connectionId, release],
    wait: { timeoutSeconds: 600, pollIntervalSeconds: 1 },
  });

  return {
    workspaceId: workspace.workspaceId,
    sourceId: sampleData.sourceId,
    destinationId: warehouse.destinationId,
    tagId: finance.tagId,
    connectionId: nightly.connectionId,
    schedule: nightly.schedule,
    syncJobId: firstLoad.jobId,
    syncStatus: firstLoad.status,
    rowsSynced: firstLoad.rowsSynced,
    bytesSynced: firstLoad.bytesSynced,
  };
}
