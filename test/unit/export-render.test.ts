import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { mermaid, svg } from "../../cli/diagram.js";
import { Namer, type WorkspaceModel } from "../../cli/model.js";
import { adoptIds, renderTypeScript, renderYaml, variableName } from "../../cli/render.js";

const model: WorkspaceModel = {
  workspace: { resourceName: "analytics", id: "w-1", name: "analytics" },
  sources: [
    {
      resourceName: "orders",
      id: "s-1",
      name: "orders",
      definitionId: "d-pg",
      connectorName: "Postgres",
      configuration: { host: "db", password: "**********", "ssl-mode": { mode: "require" } },
      secrets: [{ path: "password", configKey: "orders_password" }],
    },
  ],
  destinations: [
    {
      resourceName: "class",
      id: "d-1",
      name: "class",
      definitionId: "d-null",
      connectorName: "End-to-End Testing (/dev/null)",
      configuration: {},
      secrets: [],
    },
  ],
  tags: [{ resourceName: "finance-tag", id: "t-1", name: "finance", color: "FF5733" }],
  connections: [
    {
      resourceName: "orders-class",
      id: "c-1",
      name: 'orders → "class"',
      source: "orders",
      destination: "class",
      schedule: { scheduleType: "cron", cronExpression: "0 0 2 * * ?" },
      streams: [{ name: "orders", syncMode: "incremental_append", cursorField: ["updated_at"] }],
      tags: ["finance-tag"],
    },
  ],
};

describe("export rendering", () => {
  it("names resources uniquely and variables safely", () => {
    const namer = new Namer();
    expect([namer.take("Orders DB", "x"), namer.take("orders_db", "x"), namer.take("→", "source")]).toEqual([
      "orders-db",
      "orders-db-2",
      "source",
    ]);
    expect([
      variableName("orders-db"),
      variableName("class"),
      variableName("3m-sync"),
      variableName("config"),
    ]).toEqual(["ordersDb", "classResource", "_3mSync", "configResource"]);
  });

  it("writes secrets as config secrets and references as resource references", () => {
    const ts = renderTypeScript(model, "header");
    expect(ts).toContain('password: config.requireSecret("orders_password"),');
    expect(ts).toContain('"ssl-mode": {');
    expect(ts).toContain("destinationId: classResource.destinationId,");
    expect(ts).toContain("tags: [financeTag.tagId],");
    expect(ts).toContain('adopt: adopted["orders"],');
    expect(adoptIds(model)).toEqual({
      analytics: "w-1",
      orders: "s-1",
      class: "d-1",
      "finance-tag": "t-1",
      "orders-class": "c-1",
    });
  });

  it("writes the same model as a YAML spec, secrets by config key", () => {
    const spec = parse(renderYaml(model, "header")) as {
      sources: { orders: { configuration: { password: unknown } } };
      connections: Record<string, { source: string; adopt: string }>;
    };
    expect(spec.sources.orders.configuration.password).toEqual({ secret: "orders_password" });
    expect(spec.connections["orders-class"]).toMatchObject({ source: "orders", adopt: "c-1" });
  });

  it("pictures the pipelines as Mermaid and as SVG, escaping what it must", () => {
    const text = mermaid(model);
    expect(text).toContain(
      's_orders -->|"orders → #quot;class#quot;<br/>cron 0 0 2 * * ? · 1 stream"| d_class',
    );
    const image = svg(model);
    expect(image).toContain("orders → &quot;class&quot;");
    expect(image.match(/<rect [^>]*rx="6"/g)).toHaveLength(3);
  });
});
