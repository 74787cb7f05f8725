/**
 * The CI entry point's summary from engine events shaped as the Pulumi CLI v3.274 sends them (secrets
 * as `{<sig>: …, ciphertext: "[secret]"}`, refresh results as `resOutputsEvent`s), with the provider's
 * diff log beside them. The CLI runs on tarball-installed projects are in test/e2e/ci-entry.test.ts.
 */
import type { EngineEvent } from "@pulumi/pulumi/automation/index.js";
import { describe, expect, it } from "vitest";
import { failureLines, summarize, summaryMarkdown, summaryText, valueAt } from "../../cli/deploy.js";
import type { DiffRecord } from "../../provider/framework/diff-log.js";

const SIG = "4dabf18193072939515e22adb298388d";
const secret = { [SIG]: "1b47061264138c4ac30d75fd1eb44270", ciphertext: "[secret]" };
const urn = (type: string, name: string) =>
  `urn:pulumi:dev::p::pulumi-nodejs:dynamic/airbyte:${type}::${name}`;

interface State {
  id?: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
}
/** An engine event of `field` (`resourcePreEvent` or `resOutputsEvent`) about one resource. */
const step =
  (field: "resourcePreEvent" | "resOutputsEvent") =>
  (op: string, type: string, name: string, old?: State, next?: State): EngineEvent =>
    ({
      sequence: 0,
      timestamp: 0,
      [field]: {
        metadata: {
          op,
          urn: urn(type, name),
          type: `pulumi-nodejs:dynamic/airbyte:${type}`,
          old,
          new: next,
          provider: "",
        },
      },
    }) as unknown as EngineEvent;
const pre = step("resourcePreEvent");
const outputs = step("resOutputsEvent");

const DEST = "8cb64b36-d37a-4532-9883-24361e278ca9";
const config = (port: number) => ({ host: "db", port, password: secret, username: "loader" });

describe("the CI summary", () => {
  it("shows a secret that changed as changed, never its value, from the provider's diff log", () => {
    const before = { name: "warehouse", configuration: config(5432) };
    const events = [
      pre("update", "Destination", "warehouse", { id: DEST, inputs: before }, { inputs: before }),
      pre("same", "Workspace", "analytics"),
    ];
    const diffs = new Map<string, DiffRecord>([
      [
        DEST,
        {
          id: DEST,
          kind: "destination",
          properties: [{ path: "configuration.password", kind: "update", replace: false }],
        },
      ],
    ]);
    const summary = summarize("preview", "dev", events, diffs);
    expect(summaryText(summary)).toBe(
      [
        "preview of stack dev: 1 to change, 1 unchanged",
        "  update Destination warehouse",
        "      configuration.password: changed (secret)",
      ].join("\n"),
    );
    expect(summaryMarkdown(summary)).toContain(
      "| update | Destination `warehouse` | `configuration.password: changed (secret)` |",
    );
    // Without the log (what the events alone show), the secret's change is invisible.
    expect(summarize("preview", "dev", events).changes[0]?.fields).toEqual([]);
  });

  it("shows a moved server as a change of the resource", () => {
    const inputs = { name: "warehouse", configuration: config(5432) };
    const events = [pre("update", "Destination", "warehouse", { id: DEST, inputs }, { inputs })];
    const diffs = new Map<string, DiffRecord>([
      [
        DEST,
        { id: DEST, kind: "destination", properties: [], server: { from: "http://a/v1", to: "http://b/v1" } },
      ],
    ]);
    expect(summarize("preview", "dev", events, diffs).changes[0]?.fields).toEqual([
      "server: http://a/v1 → http://b/v1",
    ]);
  });

  it("names tags by name, added and removed, from the stack's Tags", () => {
    const finance = "11111111-1111-4111-8111-111111111111";
    const ops = "22222222-2222-4222-8222-222222222222";
    const events = [
      pre("same", "Tag", "finance", {
        id: finance,
        inputs: { name: "finance" },
        outputs: { name: "finance", tagId: finance },
      }),
      pre("same", "Tag", "ops", { id: ops, inputs: { name: "ops" }, outputs: { name: "ops", tagId: ops } }),
      pre(
        "update",
        "Connection",
        "orders",
        { id: "c1", inputs: { tags: [ops] } },
        { inputs: { tags: [finance] } },
      ),
    ];
    const diffs = new Map<string, DiffRecord>([
      [
        "c1",
        { id: "c1", kind: "connection", properties: [{ path: "tags", kind: "update", replace: false }] },
      ],
    ]);
    expect(summarize("preview", "dev", events, diffs).changes[0]?.fields).toEqual(["tags: +finance, -ops"]);
  });

  it("says adopt for a create that adopts an existing object", () => {
    const events = [
      pre("create", "Source", "orders-db", undefined, { inputs: { name: "orders", adopt: DEST } }),
    ];
    const summary = summarize("preview", "dev", events);
    expect(summary.changes[0]?.op).toBe("adopt");
    expect(summaryText(summary)).toContain("  adopt Source orders-db");
    expect(summaryText(summary)).not.toContain("create");
  });

  it("reports what a refresh found changed out of band, and what it found gone", () => {
    const was = {
      id: DEST,
      outputs: { name: "warehouse", configuration: config(5432), __server: "http://a/v1" },
    };
    const now = {
      id: DEST,
      outputs: { name: "warehouse", configuration: config(5433), __server: "http://a/v1" },
    };
    const events = [
      pre("refresh", "Destination", "warehouse", was, was),
      pre("refresh", "Source", "orders-db"),
      pre("refresh", "Workspace", "analytics"),
      // A refresh that runs the program announces each resource again.
      pre("same", "Destination", "warehouse"),
      outputs("update", "Destination", "warehouse", was, now),
      outputs("delete", "Source", "orders-db", { id: "s1", outputs: { name: "orders" } }),
      // Only bookkeeping changed: no drift.
      outputs(
        "update",
        "Workspace",
        "analytics",
        { outputs: { name: "a" } },
        { outputs: { name: "a", __server: "x" } },
      ),
    ];
    const summary = summarize("refresh", "dev", events);
    expect(summaryText(summary)).toBe(
      [
        "refresh of stack dev: 2 drifted, 1 unchanged",
        "  drifted Destination warehouse",
        "      configuration.port: 5432 → 5433",
        "  deleted outside Pulumi Source orders-db",
        "  the next `up` puts the program's values back; change the program to keep the new ones",
      ].join("\n"),
    );
    expect(summaryMarkdown(summary)).toContain(
      "| drifted | Destination `warehouse` | `configuration.port: 5432 → 5433` |",
    );
    expect(summaryMarkdown(summarize("refresh", "dev", events.slice(0, 3)))).toContain("Nothing drifted");
  });

  it("reads a value at a property path, stopping at a secret", () => {
    expect(valueAt({ a: { b: [1, { c: 2 }] } }, "a.b[1].c")).toBe(2);
    expect(valueAt({ tags: { "a.b": 3 } }, 'tags["a.b"]')).toBe(3);
    expect(valueAt({ configuration: secret }, "configuration.password")).toBe(secret);
  });

  it("keeps each error of a failed run once, without the engine's closing lines", () => {
    const text = [
      "stdout: Updating (dev):",
      "    pulumi-nodejs:dynamic/airbyte:Source sample  error: Airbyte rejected the credentials (POST /applications/token returned 401). Fix airbyte:clientSecret.",
      "    error: Airbyte rejected the credentials (POST /applications/token returned 401). Fix airbyte:clientSecret.",
      "    error: update failed",
    ].join("\n");
    expect(failureLines(text)).toBe(
      "Airbyte rejected the credentials (POST /applications/token returned 401). Fix airbyte:clientSecret.",
    );
  });
});
