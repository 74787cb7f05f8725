"""The quickstart pipeline on the native plugin: a workspace, a Postgres source whose password is a
secret, a destination, a tag, a connection with two streams on a nightly cron, and a first sync."""
import pulumi
import pulumi_airbyte_native as airbyte

config = pulumi.Config()

ws = airbyte.Workspace("ws", name="quickstart")
orders = airbyte.Source(
    "orders-db",
    workspace_id=ws.workspace_id,
    name=config.get("sourceName") or "orders-db",
    definition="postgres",
    configuration={
        "host": "db.internal",
        "port": 5432,
        "database": "shop",
        "username": "airbyte",
        "password": config.require_secret("pgPassword"),
        "schemas": ["public"],
    },
)
warehouse = airbyte.Destination(
    "warehouse",
    workspace_id=ws.workspace_id,
    name="warehouse",
    definition="dev-null",
    configuration={"test_destination": {"test_destination_type": "SILENT"}},
)
finance = airbyte.Tag("finance", workspace_id=ws.workspace_id, name="finance", color="FF5733")
conn = airbyte.Connection(
    "orders-to-warehouse",
    source_id=orders.source_id,
    destination_id=warehouse.destination_id,
    schedule=airbyte.ConnectionScheduleArgs(schedule_type="cron", cron_expression="0 0 2 * * ?"),
    streams=[
        airbyte.ConnectionStreamArgs(name=name, sync_mode="full_refresh_overwrite")
        for name in ["orders", "customers"]
    ],
    tags=[finance.tag_id],
)
# A sync as part of the deployment: runs again when `triggers` changes.
sync = airbyte.Job("first-sync", connection_id=conn.connection_id, triggers=["v1"])

pulumi.export("sourceId", orders.source_id)
pulumi.export("rows", sync.rows_synced)
