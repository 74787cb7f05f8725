/**
 * The YAML spec of `Pipelines`: what it accepts, how a stack's overrides apply, and that every
 * problem is reported with the file, line, column and field, all at once.
 */
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import type { WorkspaceModel } from "../../cli/model.js";
import { renderYaml } from "../../cli/render.js";
import {
  applyOverrides,
  checkPipelinesSpec,
  formatProblem,
  type PipelinesSpec,
  PipelinesSpecError,
  parsePipelinesSpec,
} from "../../sdk/spec.js";

const SPEC = `workspace:
  name: analytics
sources:
  orders:
    name: orders db
    connector: postgres
    configuration:
      host: db.internal
      database: orders
      username: etl
      port: 5432
      password: { secret: orders_password }
destinations:
  warehouse:
    name: warehouse
    connector: postgres
    configuration:
      host: dwh.internal
      port: 5432
      database: dwh
      username: loader
      schema: raw
tags:
  finance: { name: finance, color: FF5733 }
connections:
  orders-to-warehouse:
    source: orders
    destination: warehouse
    schedule: { scheduleType: cron, cronExpression: "0 0 2 * * ?" }
    streams:
      - { name: orders, syncMode: incremental_append, cursorField: [updated_at] }
    tags: [finance]
jobs:
  first-load:
    connection: orders-to-warehouse
    wait: { timeoutSeconds: 600 }
environments:
  prod:
    connections:
      orders-to-warehouse:
        schedule: { cronExpression: "0 0 * * * ?" }
    destinations:
      warehouse:
        configuration: { schema: analytics }
  dev:
    sync: false
    tags: { finance: null }
    connections:
      orders-to-warehouse:
        tags: []
`;

/** The problems a spec has, one formatted line each; fails the test if it has none. */
function problemsOf(text: string, environment = "dev", workspaceGiven = false): string[] {
  try {
    parsePipelinesSpec(text, "pipelines.yaml", { environment, workspaceGiven });
  } catch (error) {
    if (!PipelinesSpecError.isInstance(error)) throw error;
    return error.problems.map(formatProblem);
  }
  throw new Error("the spec was accepted");
}

/** The spec with one line replaced (1-based), to put a mistake at a known place. */
function withLine(line: number, text: string): string {
  const lines = SPEC.split("\n");
  lines[line - 1] = text;
  return lines.join("\n");
}

describe("the pipelines spec", () => {
  it("reads a workspace's pipelines with references by name and secrets as config keys", () => {
    const spec = parsePipelinesSpec(SPEC, "pipelines.yaml", { environment: "staging" });
    expect(spec.workspace).toEqual({
      kind: "managed",
      resourceName: "workspace",
      inputs: { name: "analytics" },
    });
    expect(spec.sources?.orders?.configuration).toEqual({
      host: "db.internal",
      database: "orders",
      username: "etl",
      port: 5432,
      password: { secret: "orders_password" },
    });
    expect(spec.connections?.["orders-to-warehouse"]).toMatchObject({
      source: "orders",
      destination: "warehouse",
      schedule: { scheduleType: "cron", cronExpression: "0 0 2 * * ?" },
      tags: ["finance"],
    });
    expect(spec.jobs?.["first-load"]).toEqual({
      connection: "orders-to-warehouse",
      wait: { timeoutSeconds: 600 },
    });
    expect(spec.sync).toBeUndefined();
  });

  it("applies the current stack's overrides as a merge patch: maps merge, null removes, lists replace", () => {
    const prod = parsePipelinesSpec(SPEC, "pipelines.yaml", { environment: "prod" });
    expect(prod.connections?.["orders-to-warehouse"]?.schedule).toEqual({
      scheduleType: "cron",
      cronExpression: "0 0 * * * ?",
    });
    expect(prod.destinations?.warehouse?.configuration).toEqual({
      host: "dwh.internal",
      port: 5432,
      database: "dwh",
      username: "loader",
      schema: "analytics",
    });
    expect(prod.connections?.["orders-to-warehouse"]?.tags).toEqual(["finance"]);

    const dev: PipelinesSpec = parsePipelinesSpec(SPEC, "pipelines.yaml", { environment: "dev" });
    expect(dev.sync).toBe(false);
    expect(Object.keys(dev.tags ?? {})).toEqual([]);
    expect(dev.connections?.["orders-to-warehouse"]?.tags).toEqual([]);
    expect(dev.connections?.["orders-to-warehouse"]?.schedule?.scheduleType).toBe("cron");

    expect(applyOverrides({ a: { b: 1, c: [1, 2] }, d: 1 }, { a: { c: [3] }, d: null, e: { f: 1 } })).toEqual(
      {
        a: { b: 1, c: [3] },
        e: { f: 1 },
      },
    );
  });

  it("gives the file, line, column and field of a bad value, with the fix", () => {
    const problems = problemsOf(
      withLine(29, '    schedule: { scheduleType: cron, cronExpression: "0 0 2 * *" }'),
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      /^pipelines\.yaml:29:53: connections\.orders-to-warehouse\.schedule\.cronExpression: .*Quartz/,
    );
  });

  it("refuses an unknown field at its key, with the closest one and the fields that exist", () => {
    const problems = problemsOf(withLine(28, "    destinaton: warehouse"));
    expect(problems).toContain(
      'pipelines.yaml:28:5: connections.orders-to-warehouse.destinaton: unknown field "destinaton": did you mean "destination"? (the fields here are name, schedule, streams, namespaceDefinition, namespaceFormat, prefix, nonBreakingSchemaUpdatesBehavior, status, adopt, source, destination, tags)',
    );
    // The missing field it stood for is reported at the connection's key.
    expect(
      problems.some((p) => p.startsWith("pipelines.yaml:26:3: connections.orders-to-warehouse.destination:")),
    ).toBe(true);
  });

  it("refuses a reference to a missing object, naming those that exist", () => {
    expect(problemsOf(withLine(27, "    source: order"))).toEqual([
      'pipelines.yaml:27:13: connections.orders-to-warehouse.source: no source "order" in sources: name one of orders, or declare "order" under sources',
    ]);
    expect(problemsOf(withLine(35, "    connection: nowhere"))[0]).toBe(
      'pipelines.yaml:35:17: jobs.first-load.connection: no connection "nowhere" in connections: name one of orders-to-warehouse, or declare "nowhere" under connections',
    );
  });

  it("places a problem of an override in the override, and checks every stack's view, not only the current one", () => {
    const problems = problemsOf(withLine(41, '        schedule: { cronExpression: "every hour" }'), "dev");
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      /^pipelines\.yaml:41:37: environments\.prod\.connections\.orders-to-warehouse\.schedule\.cronExpression: /,
    );
  });

  it("says which stack sees a problem of the base that others override away", () => {
    // dev removes the tag; a connection of the base that still names it breaks only there.
    const text = SPEC.replace("        tags: []\n", "        prefix: dev_\n");
    expect(problemsOf(text, "prod")).toEqual([
      'pipelines.yaml:32:12: connections.orders-to-warehouse.tags[0]: no tag "finance" in tags: the spec declares no tags (for stack dev)',
    ]);
  });

  it("reports every problem at once, in file order", () => {
    const text = withLine(24, "  finance: { name: finance, color: red }").replace(
      "      password: { secret: orders_password }",
      '      password: { secret: orders_password }\n    definitionid: "x"',
    );
    const problems = problemsOf(text);
    expect(problems.map((p) => p.split(": ")[0])).toEqual(["pipelines.yaml:13:5", "pipelines.yaml:25:36"]);
    expect(problems[1]).toContain(
      "tags.finance.color: color must be 6 hex digits without '#', e.g. \"FF5733\"",
    );
  });

  it("refuses bad YAML and a bad resource name at their place", () => {
    expect(problemsOf("workspace:\n  name: a\n   bad: indent\n")[0]).toMatch(
      /^pipelines\.yaml:2:9: \(yaml\): Nested mappings/,
    );
    expect(problemsOf("workspace: { name: a }\nworkspace: { name: b }\n")[0]).toMatch(
      /^pipelines\.yaml:2:1: \(yaml\): Map keys must be unique/,
    );
    expect(problemsOf(SPEC.replace("  finance: {", "  fin ance: {"))).toContain(
      'pipelines.yaml:24:3: tags.fin ance: "fin ance" cannot be a resource name: use letters, digits, "-", "_" and ".", e.g. orders-db',
    );
  });

  it("finds the workspace in one place: the spec's or the program's", () => {
    expect(problemsOf(SPEC, "dev", true)[0]).toMatch(
      /^pipelines\.yaml:1:1: workspace: the program passes workspaceId to Pipelines/,
    );
    expect(problemsOf(SPEC.replace("workspace:\n  name: analytics\n", ""), "dev")[0]).toMatch(
      /^pipelines\.yaml:1:1: workspace: missing: declare workspace: \{ name: … \}/,
    );
    const existing = SPEC.replace("  name: analytics", "  workspaceId: 0b4e3c5a-8f1e-4d2b-9a6c-1e2f3a4b5c6d");
    expect(parsePipelinesSpec(existing, "p.yaml", { environment: "dev" }).workspace).toEqual({
      kind: "existing",
      workspaceId: "0b4e3c5a-8f1e-4d2b-9a6c-1e2f3a4b5c6d",
    });
    expect(
      problemsOf(
        existing.replace("workspace:\n", "workspace:\n  adopt: 0b4e3c5a-8f1e-4d2b-9a6c-1e2f3a4b5c6d\n"),
      )[0],
    ).toMatch(
      /^pipelines\.yaml:2:10: workspace\.adopt: adopt is for a workspace this stack manages, but workspaceId uses an existing one/,
    );
  });

  it("is an error Pulumi reports by its problems alone, without a stack trace", () => {
    const error = new PipelinesSpecError("p.yaml", [
      { source: "p.yaml", line: 1, column: 1, path: "x", message: "m" },
    ]);
    expect(pulumi.RunError.isInstance(error)).toBe(true);
    expect(PipelinesSpecError.isInstance(error)).toBe(true);
    expect(PipelinesSpecError.isInstance(new Error("p.yaml:1:1: x: m"))).toBe(false);
    expect(error.message).toBe("p.yaml has a problem:\np.yaml:1:1: x: m");
  });

  it("refuses a secret reference that is not a config key", () => {
    expect(problemsOf(withLine(12, "      password: { secret: 12 }"))).toEqual([
      "pipelines.yaml:12:27: sources.orders.configuration.password.secret: a secret is { secret: <stack config key> }, e.g. { secret: warehouse_password }, set with `pulumi config set --secret warehouse_password …`",
    ]);
  });

  it("checks a spec given as an object the same way, by field", () => {
    expect(() =>
      checkPipelinesSpec(
        { workspace: { name: "a" }, tags: { t: { name: "t", colour: "FF0000" } } },
        { environment: "dev" },
      ),
    ).toThrow(/<spec>: tags\.t\.color: color is required.*\n<spec>: tags\.t\.colour: unknown field "colour"/);
  });

  it("accepts what `pulumi-airbyte export --format yaml` writes", () => {
    const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
    const model: WorkspaceModel = {
      workspace: { resourceName: "analytics", id: id(1), name: "analytics" },
      sources: [
        {
          resourceName: "orders",
          id: id(2),
          name: "orders",
          definitionId: "decd338e-5647-4c0b-adf4-da0e75f5a750",
          connectorName: "Postgres",
          configuration: {
            host: "db",
            password: "**********",
            tunnel_method: { tunnel_user_password: "**********" },
          },
          secrets: [
            { path: "password", configKey: "orders_password" },
            {
              path: "tunnel_method.tunnel_user_password",
              configKey: "orders_tunnel_method_tunnel_user_password",
            },
          ],
        },
      ],
      destinations: [
        {
          resourceName: "sink",
          id: id(3),
          name: "sink",
          definitionId: "a7bcc9d8-13b3-4e49-b80d-d020b90045e3",
          connectorName: "End-to-End Testing (/dev/null)",
          configuration: {},
          secrets: [],
        },
      ],
      tags: [{ resourceName: "finance-tag", id: id(4), name: "finance", color: "FF5733" }],
      connections: [
        {
          resourceName: "orders-sink",
          id: id(5),
          name: "orders → sink",
          source: "orders",
          destination: "sink",
          schedule: { scheduleType: "cron", cronExpression: "0 0 2 * * ?" },
          streams: [
            {
              name: "orders",
              namespace: "public",
              syncMode: "incremental_append",
              cursorField: ["updated_at"],
            },
          ],
          namespaceDefinition: "custom_format",
          namespaceFormat: "raw",
          prefix: "shop_",
          nonBreakingSchemaUpdatesBehavior: "propagate_columns",
          status: "inactive",
          tags: ["finance-tag"],
        },
      ],
    };
    const spec = parsePipelinesSpec(renderYaml(model, "exported"), "airbyte.yaml", { environment: "dev" });
    expect(spec.workspace).toEqual({
      kind: "managed",
      resourceName: "analytics",
      adopt: id(1),
      inputs: { name: "analytics" },
    });
    expect(spec.sources?.orders?.configuration).toEqual({
      host: "db",
      password: { secret: "orders_password" },
      tunnel_method: { tunnel_user_password: { secret: "orders_tunnel_method_tunnel_user_password" } },
    });
    expect(spec.connections?.["orders-sink"]).toMatchObject({
      adopt: id(5),
      source: "orders",
      tags: ["finance-tag"],
    });
  });
});

describe("the connectors of a spec, checked with the shipped schemas", () => {
  const spec = (sources: string) => `workspace:
  name: analytics
sources:
${sources}`;

  it("reports a misspelt connector with the right suggestion, and every configuration problem, at once", () => {
    const problems = problemsOf(
      spec(`  sample:
    name: sample
    connector: fakr
    configuration: { count: 10 }
  orders:
    name: orders
    connector: postgres
    configuration:
      host: db
      port: "5432"
      username: etl
      password: { secret: orders_password }
  files:
    name: files
    connector: File
    configuration: { dataset_name: rates, format: csv, url: "https://example.com/r.csv", provider: { storage: HTTPS } }
`),
    );
    expect(problems).toEqual([
      'pipelines.yaml:6:16: sources.sample.connector: "fakr" is not a source connector Airbyte ships: did you mean "faker"? (for a custom connector of that name, give its definitionId)',
      "pipelines.yaml:11:5: sources.orders.configuration.database: is required by the postgres connector: add it to the configuration",
      "pipelines.yaml:13:13: sources.orders.configuration.port: must be integer (the postgres connector's schema)",
    ]);
  });

  it("leaves a name far from every shipped connector (a custom one, a display name) to Airbyte", () => {
    expect(() =>
      parsePipelinesSpec(
        spec(`  billing:
    name: billing
    connector: Acme Billing API
    configuration: { anything: 1 }
  sample:
    name: sample
    connector: Sample Data (Faker)
    configuration: { count: 10 }
`),
        "pipelines.yaml",
        { environment: "dev" },
      ),
    ).not.toThrow();
  });
});
