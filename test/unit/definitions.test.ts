import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { matchDefinition } from "../../provider/definitions.js";

const defs = [
  { id: "1", name: "Postgres", connectorDefinitionType: "source", version: "1" },
  { id: "2", name: "Sample Data (Faker)", connectorDefinitionType: "source", version: "1" },
  {
    id: "3",
    name: "File (CSV, JSON, Excel, Feather, Parquet)",
    connectorDefinitionType: "source",
    version: "1",
  },
  { id: "4", name: "End-to-End Testing (/dev/null)", connectorDefinitionType: "source", version: "1" },
  { id: "5", name: "Google Sheets", connectorDefinitionType: "source", version: "1" },
  { id: "6", name: "Google Ads", connectorDefinitionType: "source", version: "1" },
];

describe("connector names as users type them", () => {
  it.each([
    ["postgres", "1"],
    ["POSTGRES", "1"],
    ["faker", "2"],
    ["Sample Data (Faker)", "2"],
    ["file", "3"],
    ["dev-null", "4"],
    ["google sheets", "5"],
  ])("%s → definition %s", (name, id) => {
    const match = matchDefinition(name, "source", defs);
    expect(match.ok && match.definition.id).toBe(id);
  });
  it("an unknown name suggests the closest ones", () => {
    const match = matchDefinition("postgress", "source", defs);
    expect(match.ok).toBe(false);
    expect(!match.ok && match.reason).toMatch(
      /unknown source connector "postgress".*did you mean "Postgres"/,
    );
  });
  it("an ambiguous name lists the candidates", () => {
    const match = matchDefinition("google", "source", defs);
    expect(!match.ok && match.reason).toMatch(
      /matches several source connectors: "Google Sheets" \(5\), "Google Ads" \(6\)/,
    );
  });
});

describe("suggestions among every connector Airbyte ships", () => {
  // The public API's source names (data/), as display names: "Aha", "Cart", … and Faker's own.
  const table = JSON.parse(readFileSync("data/connector-definition-ids.json", "utf8")) as {
    sourceTypeToDefinitionId: Record<string, string>;
  };
  const all = Object.entries(table.sourceTypeToDefinitionId).map(([slug, id]) => ({
    id,
    name:
      slug === "faker"
        ? "Sample Data (Faker)"
        : slug.replace(/(^|-)(\w)/g, (_, d, c: string) => `${d ? " " : ""}${c.toUpperCase()}`),
    connectorDefinitionType: "source",
    version: "1",
  }));

  it.each([
    ["fakr", "Sample Data (Faker)"],
    ["fakre", "Sample Data (Faker)"],
    ["postgress", "Postgres"],
    ["hubspt", "Hubspot"],
  ])("%s suggests %s first", (typo, first) => {
    const match = matchDefinition(typo, "source", all);
    expect(!match.ok && match.reason).toMatch(new RegExp(`did you mean "${first.replace(/[()]/g, "\\$&")}"`));
  });

  it("a name far from every connector gets no arbitrary suggestion", () => {
    const match = matchDefinition("zzzzqqqq", "source", all);
    expect(!match.ok && match.reason).not.toMatch(/did you mean/);
  });
});
