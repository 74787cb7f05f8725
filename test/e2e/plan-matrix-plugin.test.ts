/**
 * The plan matrix (`plan-matrix.ts`) on the native plugin: the same pipeline as a Python program and
 * as a YAML program, each a user's project with the plugin installed from its archive. Every row
 * must announce and do what it does on the TypeScript dynamic resources.
 */
import type { CliProject } from "./cli.js";
import { type Knobs, planMatrix, type Row } from "./plan-matrix.js";
import { newPluginProject, type PluginLanguage } from "./plugin-projects.js";

/** The projects' name, which namespaces their config. */
const PROJECT = "matrix";

const PYTHON = `import pulumi
import pulumi_airbyte_native as airbyte

config = pulumi.Config()
k = config.require_object("knobs")
ws = airbyte.Workspace("ws", name=k["wsName"])
a = airbyte.Source("source-a", workspace_id=ws.workspace_id, name=k["srcName"], definition="faker",
                   configuration={"count": k["srcCount"], "seed": 42})
b = airbyte.Source("source-b", workspace_id=ws.workspace_id, name="second", definition="faker",
                   configuration={"count": 10})
if k["dstConnector"] == "postgres":
    dst_config = {"host": "warehouse.internal", "port": 5432, "database": "analytics", "schema": "raw",
                  "username": "loader", "password": config.require_secret("warehousePassword")}
    if k["dstJdbcParams"]:
        dst_config["jdbc_url_params"] = "connectTimeout=10"
else:
    dst_config = {"test_destination": {"test_destination_type": "SILENT"}}
warehouse = airbyte.Destination("warehouse", workspace_id=ws.workspace_id, name=k["dstName"],
                                definition=k["dstConnector"], configuration=dst_config)
tag = airbyte.Tag("tag", workspace_id=ws.workspace_id, name=k["tagName"], color=k["tagColor"])
conn = airbyte.Connection(
    "conn",
    source_id=(b if k["connSource"] == "b" else a).source_id,
    destination_id=warehouse.destination_id,
    name=k["connName"],
    schedule=airbyte.ConnectionScheduleArgs(schedule_type="cron", cron_expression=k["cron"]),
    streams=[airbyte.ConnectionStreamArgs(name=n, sync_mode=m) for n, m in k["streams"]],
    tags=[tag.tag_id],
)
job = airbyte.Job("job", connection_id=conn.connection_id, triggers=[conn.connection_id, k["trigger"]])
ws2 = airbyte.Workspace("ws2", name="matrix-2")
crm_def = airbyte.SourceDefinition("crm-def", workspace_id=ws.workspace_id, name="acme-crm",
                                   docker_repository="ghcr.io/acme/source-crm", docker_image_tag=k["crmTag"])
airbyte.Source("crm", workspace_id=ws.workspace_id, name="crm", definition_id=crm_def.definition_id,
               configuration={"region": "eu"})
airbyte.DeclarativeSourceDefinition("billing-def", workspace_id=ws.workspace_id, name="billing-api", manifest="\\n".join([
    "version: 6.5.0",
    "type: DeclarativeSource",
    "check: { type: CheckStream, stream_names: [invoices] }",
    "streams:",
    "  - type: DeclarativeStream",
    "    name: invoices",
    "    retriever:",
    "      type: SimpleRetriever",
    f'      requester: {{ type: HttpRequester, url_base: "{k["billingUrl"]}", path: /invoices }}',
]))
ana = airbyte.get_user_output(email="ana@acme.example")
airbyte.Permission("grant", user_id=ana.id, permission_type=k["role"],
                   workspace_id=(ws2 if k["grantOn"] == "ws2" else ws).workspace_id)

pulumi.export("sourceId", a.source_id)
pulumi.export("jobStatus", job.status)
`;

/**
 * YAML has no conditionals: the face hands it the knobs shaped for `fn::select` (an index into the
 * alternatives) and the streams as objects.
 */
const YAML = `config:
  knobs:
    type: object
  warehousePassword:
    type: string
    secret: true
variables:
  ana:
    fn::invoke:
      function: airbyte-native:index:getUser
      arguments:
        email: ana@acme.example
      return: id
resources:
  ws:
    type: airbyte-native:index:Workspace
    properties:
      name: \${knobs.wsName}
  source-a:
    type: airbyte-native:index:Source
    properties:
      workspaceId: \${ws.workspaceId}
      name: \${knobs.srcName}
      definition: faker
      configuration:
        count: \${knobs.srcCount}
        seed: 42
  source-b:
    type: airbyte-native:index:Source
    properties:
      workspaceId: \${ws.workspaceId}
      name: second
      definition: faker
      configuration:
        count: 10
  warehouse:
    type: airbyte-native:index:Destination
    properties:
      workspaceId: \${ws.workspaceId}
      name: \${knobs.dstName}
      definition: \${knobs.dstConnector}
      configuration:
        fn::select:
          - \${knobs.dstConfig}
          - - host: warehouse.internal
              port: 5432
              database: analytics
              schema: raw
              username: loader
              password: \${warehousePassword}
              jdbc_url_params: connectTimeout=10
            - host: warehouse.internal
              port: 5432
              database: analytics
              schema: raw
              username: loader
              password: \${warehousePassword}
            - test_destination:
                test_destination_type: SILENT
  tag:
    type: airbyte-native:index:Tag
    properties:
      workspaceId: \${ws.workspaceId}
      name: \${knobs.tagName}
      color: \${knobs.tagColor}
  conn:
    type: airbyte-native:index:Connection
    properties:
      sourceId:
        fn::select:
          - \${knobs.connSource}
          - - \${source-a.sourceId}
            - \${source-b.sourceId}
      destinationId: \${warehouse.destinationId}
      name: \${knobs.connName}
      schedule:
        scheduleType: cron
        cronExpression: \${knobs.cron}
      streams: \${knobs.streams}
      tags:
        - \${tag.tagId}
  job:
    type: airbyte-native:index:Job
    properties:
      connectionId: \${conn.connectionId}
      triggers:
        - \${conn.connectionId}
        - \${knobs.trigger}
  ws2:
    type: airbyte-native:index:Workspace
    properties:
      name: matrix-2
  crm-def:
    type: airbyte-native:index:SourceDefinition
    properties:
      workspaceId: \${ws.workspaceId}
      name: acme-crm
      dockerRepository: ghcr.io/acme/source-crm
      dockerImageTag: \${knobs.crmTag}
  crm:
    type: airbyte-native:index:Source
    properties:
      workspaceId: \${ws.workspaceId}
      name: crm
      definitionId: \${crm-def.definitionId}
      configuration:
        region: eu
  billing-def:
    type: airbyte-native:index:DeclarativeSourceDefinition
    properties:
      workspaceId: \${ws.workspaceId}
      name: billing-api
      manifest: |-
        version: 6.5.0
        type: DeclarativeSource
        check: { type: CheckStream, stream_names: [invoices] }
        streams:
          - type: DeclarativeStream
            name: invoices
            retriever:
              type: SimpleRetriever
              requester: { type: HttpRequester, url_base: "\${knobs.billingUrl}", path: /invoices }
  grant:
    type: airbyte-native:index:Permission
    properties:
      userId: \${ana}
      permissionType: \${knobs.role}
      workspaceId:
        fn::select:
          - \${knobs.grantOn}
          - - \${ws.workspaceId}
            - \${ws2.workspaceId}
outputs:
  sourceId: \${source-a.sourceId}
  jobStatus: \${job.status}
`;

/** The knobs as the YAML program reads them: indexes for `fn::select`, streams as objects. */
function yamlKnobs(k: Knobs): Record<string, unknown> {
  return {
    ...k,
    dstConfig: k.dstConnector === "dev-null" ? 2 : k.dstJdbcParams ? 0 : 1,
    connSource: k.connSource === "b" ? 1 : 0,
    grantOn: k.grantOn === "ws2" ? 1 : 0,
    streams: k.streams.map(([name, syncMode]) => ({ name, syncMode })),
  };
}

/** Sets `knobs` as structured config (an object, not a JSON string), as YAML's `type: object` reads it. */
async function setObject(project: CliProject, value: Record<string, unknown>): Promise<void> {
  await project.pulumi([
    "config",
    "set-all",
    "--json",
    JSON.stringify({
      [`${PROJECT}:knobs`]: { value: JSON.stringify(value), objectValue: value, secret: false },
    }),
  ]);
}

/**
 * YAML's `fn::select` over alternatives that hold a secret yields the whole chosen object as a secret,
 * so the engine masks every value under `configuration`: a removed key is shown, its value is not.
 */
function yamlDisplay(pattern: RegExp): RegExp {
  return new RegExp(pattern.source.replace('"connectTimeout=10"', "\\[secret\\]"), pattern.flags);
}

function face(
  language: PluginLanguage,
  program: string,
  shape: (k: Knobs) => Record<string, unknown>,
  masked: (pattern: RegExp) => RegExp = (pattern) => pattern,
) {
  planMatrix({
    label: `${language === "yaml" ? "YAML" : "Python"} (native plugin)`,
    async open(emu, warehousePassword) {
      const project = await newPluginProject(language, program, { name: PROJECT });
      await project.useEmulator(emu);
      await project.pulumi(["config", "set", "--secret", "warehousePassword", warehousePassword]);
      return project;
    },
    setKnobs: (project, knobs) => setObject(project, shape(knobs)),
    // A detailed diff shows the changed properties only: the password beside a removed key is not
    // listed, since it did not change.
    display: (row: Row) => row.display?.filter((pattern) => !/password/.test(pattern.source)).map(masked),
  });
}

face("python", PYTHON, (k) => ({ ...k }));
face("yaml", YAML, yamlKnobs, yamlDisplay);
