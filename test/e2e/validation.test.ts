import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../../emulator/index.js";
import { emulator, newStack, type TestStack } from "./harness.js";
import * as airbyte from "./sdk.js";

/**
 * Bad input fails `preview` (what `pulumi up` runs first) with a message naming the field and the
 * fix, and nothing is created. Checks that need the source's catalog run once the source exists.
 */
describe("bad input is refused before anything is created", () => {
  let emu: Emulator;
  let t: TestStack;
  let ids: { workspaceId: string; pgId: string; fakerId: string; fileId: string; destinationId: string };

  const base = () => {
    const ws = new airbyte.Workspace("ws", { name: "validation" });
    const faker = new airbyte.Source("faker", {
      workspaceId: ws.workspaceId,
      name: "faker",
      definition: "faker",
      configuration: { count: 10 },
    });
    const file = new airbyte.Source("file", {
      workspaceId: ws.workspaceId,
      name: "file",
      definition: "file",
      configuration: {
        dataset_name: "rates",
        format: "csv",
        url: "https://example.com/rates.csv",
        provider: { storage: "HTTPS" },
      },
    });
    const pg = new airbyte.Source("pg", {
      workspaceId: ws.workspaceId,
      name: "orders-db",
      definition: "postgres",
      configuration: { host: "db", port: 5432, database: "orders", username: "etl", password: "pw" },
    });
    const dst = new airbyte.Destination("dst", {
      workspaceId: ws.workspaceId,
      name: "dst",
      definition: "postgres",
      configuration: { host: "h", port: 5432, database: "d", schema: "s", username: "u", password: "p" },
    });
    return { ws, faker, file, pg, dst };
  };

  beforeAll(async () => {
    emu = await emulator();
    t = await newStack(emu, async () => {
      const { ws, faker, file, pg, dst } = base();
      return {
        workspaceId: ws.workspaceId,
        pgId: pg.sourceId,
        fakerId: faker.sourceId,
        fileId: file.sourceId,
        destinationId: dst.destinationId,
      };
    });
    const up = await t.stack.up();
    ids = Object.fromEntries(Object.entries(up.outputs).map(([k, v]) => [k, v.value])) as typeof ids;
  });
  afterAll(async () => {
    await t?.cleanup();
    await emu?.close();
  });

  const creates = () =>
    emu.requests.filter(
      (r) => (r.method === "POST" && r.path !== "/applications/token") || r.method === "PATCH",
    );

  async function expectRefused(extra: () => void, property: RegExp, reason: RegExp): Promise<void> {
    const before = creates().length;
    const stack = await t.reopen(async () => {
      base();
      extra();
    });
    const preview = await stack.preview().then(
      (r) => ({ error: undefined, printed: r.stdout }),
      (e: unknown) => ({ error: String(e), printed: "" }),
    );
    expect(preview.error, `preview should fail; it printed:\n${preview.printed}`).toBeDefined();
    expect(preview.error).toMatch(property);
    expect(preview.error).toMatch(reason);
    // `up` runs the same check as preview (provider/framework.ts): preview's refusal is the proof.
    expect(creates().length).toBe(before);
  }

  it("a bad cron", async () => {
    await expectRefused(
      () =>
        new airbyte.Connection("c", {
          sourceId: ids.fakerId,
          destinationId: ids.destinationId,
          schedule: { scheduleType: "cron", cronExpression: "0 2 * * *" },
        }),
      /schedule\.cronExpression/,
      /6 or 7[\s\S]*e\.g\./,
    );
  });

  it("a bad color", async () => {
    await expectRefused(
      () => new airbyte.Tag("t", { workspaceId: ids.workspaceId, name: "finance", color: "#FF5733" }),
      /color/,
      /6 hex digits without '#'/,
    );
  });

  it("an unknown sync mode", async () => {
    await expectRefused(
      () =>
        new airbyte.Connection("c", {
          sourceId: ids.fakerId,
          destinationId: ids.destinationId,
          // biome-ignore lint/suspicious/noExplicitAny: deliberately invalid input
          streams: [{ name: "users", syncMode: "incremental_magic" as any }],
        }),
      /streams\.0\.syncMode/,
      /syncMode must be one of/,
    );
  });

  it("incremental without a cursor", async () => {
    await expectRefused(
      () =>
        new airbyte.Connection("c", {
          sourceId: ids.pgId,
          destinationId: ids.destinationId,
          streams: [{ name: "orders", syncMode: "incremental_append" }],
        }),
      /streams\[0\]\.cursorField/,
      /needs a cursor: set cursorField/,
    );
  });

  it("dedup without a primary key", async () => {
    await expectRefused(
      () =>
        new airbyte.Connection("c", {
          sourceId: ids.fileId,
          destinationId: ids.destinationId,
          streams: [{ name: "rates", syncMode: "full_refresh_overwrite_deduped" }],
        }),
      /streams\[0\]\.primaryKey/,
      /needs a primary key: set primaryKey/,
    );
  });

  it("an unknown stream", async () => {
    await expectRefused(
      () =>
        new airbyte.Connection("c", {
          sourceId: ids.fakerId,
          destinationId: ids.destinationId,
          streams: [{ name: "customers" }],
        }),
      /streams\[0\]\.name/,
      /no stream "customers"; its streams are: users, products, purchases/,
    );
  });

  it("an unknown connector name, with a suggestion", async () => {
    await expectRefused(
      () =>
        new airbyte.Source("pg2", {
          workspaceId: ids.workspaceId,
          name: "pg2",
          definition: "postgress",
          configuration: {},
        }),
      /definition/,
      /unknown source connector "postgress"[\s\S]*did you mean "Postgres"/,
    );
  });

  it("warns at preview of a key the connector's schema does not name, and of streams not checkable yet", async () => {
    const before = creates().length;
    const stack = await t.reopen(async () => {
      base();
      const pg2 = new airbyte.Source("pg2", {
        workspaceId: ids.workspaceId,
        name: "orders-db-2",
        definition: "postgres",
        // A misspelt key, as plain JavaScript (or a cast) lets through: the schema allows extra keys.
        configuration: bad<airbyte.PostgresSourceConfiguration>({
          ...{ host: "db", port: 5432, database: "orders", username: "etl", password: "pw" },
          sslmode: { mode: "require" },
        }),
      });
      new airbyte.Connection("c", {
        sourceId: pg2.sourceId,
        destinationId: ids.destinationId,
        name: "orders-2",
        streams: [{ name: "orders" }, { name: "customers" }],
      });
    });
    const preview = await stack.preview();
    expect(preview.stdout).toMatch(
      /source "orders-db-2": configuration\.sslmode is not a field of the postgres connector's configuration, so the connector ignores it: did you mean "ssl_mode"\?/,
    );
    expect(preview.stdout).toMatch(
      /connection "orders-2": streams orders, customers are checked when the source is created/,
    );
    expect(creates().length).toBe(before);
  });

  /** Inputs the types would refuse, as a program in plain JavaScript (or with a cast) can pass them. */
  const bad = <T>(value: unknown): T => value as T;

  // One table per resource kind: each bad input fails preview naming the field, writes nothing.
  it.each<[string, () => unknown, RegExp, RegExp]>([
    ["workspace: empty name", () => new airbyte.Workspace("w2", { name: "" }), /name/, /must not be empty/],
    [
      "workspace: organizationId not a UUID",
      () => new airbyte.Workspace("w2", { name: "w2", organizationId: "acme" }),
      /organizationId/,
      /organization's UUID/,
    ],
    [
      "workspace: enabled webhook without a url",
      () =>
        new airbyte.Workspace("w2", {
          name: "w2",
          notifications: { failure: { webhook: { enabled: true } } },
        }),
      /notifications\.failure\.webhook\.url/,
      /needs a url/,
    ],
    [
      "source: no connector",
      () => new airbyte.Source("s2", { workspaceId: ids.workspaceId, name: "s2", configuration: {} }),
      /definition/,
      /give the connector/,
    ],
    [
      "source: configuration not an object",
      () =>
        new airbyte.Source("s2", {
          workspaceId: ids.workspaceId,
          name: "s2",
          definition: "faker",
          configuration: bad<Record<string, unknown>>("count=10"),
        }),
      /configuration/,
      /must be an object/,
    ],
    [
      "source: a misspelt input",
      () =>
        new airbyte.Source(
          "s2",
          bad<airbyte.ConnectorArgs>({
            workspaceId: ids.workspaceId,
            name: "s2",
            definition: "faker",
            configuration: {},
            configuraton: {},
          }),
        ),
      /configuraton|inputs/,
      /Unrecognized key/,
    ],
    [
      "source: configuration that fails the connector's schema (a count that is not a number)",
      () =>
        new airbyte.Source("s2", {
          workspaceId: ids.workspaceId,
          name: "s2",
          definition: "faker",
          configuration: { count: bad<number>("ten") },
        }),
      /configuration\.count/,
      /must be integer \(the faker connector's schema\)/,
    ],
    [
      "destination: configuration without a field the connector requires",
      () =>
        new airbyte.Destination("d2", {
          workspaceId: ids.workspaceId,
          name: "d2",
          definition: "postgres",
          configuration: bad<airbyte.PostgresDestinationConfiguration>({
            ...{ host: "h", port: 5432, database: "d", schema: "s", password: "p" },
          }),
        }),
      /configuration\.username/,
      /is required by the postgres connector/,
    ],
    [
      "destination: a configuration choice the connector does not offer",
      () =>
        new airbyte.Destination("d2", {
          workspaceId: ids.workspaceId,
          name: "d2",
          definition: "postgres",
          configuration: {
            ...{ host: "h", port: 5432, database: "d", schema: "s", username: "u", password: "p" },
            ssl_mode: { mode: bad<"disable">("sometimes") },
          },
        }),
      /configuration\.ssl_mode/,
      /must be one of the postgres connector's shapes for this field: \{ mode: "disable", … \}/,
    ],
    [
      "destination: definitionId not a UUID",
      () =>
        new airbyte.Destination("d2", {
          workspaceId: ids.workspaceId,
          name: "d2",
          definitionId: "postgres",
          configuration: {},
        }),
      /definitionId/,
      /definition's UUID/,
    ],
    [
      "destination: empty name",
      () =>
        new airbyte.Destination("d2", {
          workspaceId: ids.workspaceId,
          name: "",
          definition: "postgres",
          configuration: bad<airbyte.PostgresDestinationConfiguration>({}),
        }),
      /name/,
      /must not be empty/,
    ],
    [
      "tag: a name over Airbyte's 30 characters",
      () => new airbyte.Tag("t2", { workspaceId: ids.workspaceId, name: "x".repeat(31), color: "FF5733" }),
      /name/,
      /at most 30 characters/,
    ],
    [
      "tag: workspaceId not a UUID",
      () => new airbyte.Tag("t2", { workspaceId: "analytics", name: "t2", color: "FF5733" }),
      /workspaceId/,
      /UUID of the workspace/,
    ],
    [
      "connection: sourceId not a UUID",
      () => new airbyte.Connection("c2", { sourceId: "orders", destinationId: ids.destinationId }),
      /sourceId/,
      /UUID of a source/,
    ],
    [
      "connection: an unknown status",
      () =>
        new airbyte.Connection("c2", {
          sourceId: ids.fakerId,
          destinationId: ids.destinationId,
          status: bad<"active">("paused"),
        }),
      /status/,
      /"active" or "inactive"/,
    ],
    [
      "connection: an unknown namespace definition",
      () =>
        new airbyte.Connection("c2", {
          sourceId: ids.fakerId,
          destinationId: ids.destinationId,
          namespaceDefinition: bad<"source">("schema"),
        }),
      /namespaceDefinition/,
      /must be one of source, destination, custom_format/,
    ],
    [
      "connection: tags that are not tag ids",
      () =>
        new airbyte.Connection("c2", {
          sourceId: ids.fakerId,
          destinationId: ids.destinationId,
          tags: ["finance"],
        }),
      /tags\.0/,
      /tag ids/,
    ],
    [
      "connection: an empty cursor",
      () =>
        new airbyte.Connection("c2", {
          sourceId: ids.pgId,
          destinationId: ids.destinationId,
          streams: [{ name: "orders", syncMode: "incremental_append", cursorField: [] }],
        }),
      /streams\.0\.cursorField/,
      /field path/,
    ],
    [
      "job: an unknown job type",
      () =>
        new airbyte.Job("j2", {
          connectionId: "00000000-0000-4000-8000-000000000000",
          jobType: bad<"sync">("refresh"),
        }),
      /jobType/,
      /"sync", "reset" or "clear"/,
    ],
    [
      "permission: a workspace role on an organization",
      () =>
        new airbyte.Permission("p2", {
          userId: "7d08fd6c-531e-4a00-937e-3d355f253e63",
          permissionType: "workspace_reader",
          organizationId: "00000000-0000-0000-0000-000000000000",
        }),
      /permissionType/,
      /workspace_reader applies to a workspace: give workspaceId/,
    ],
    [
      "permission: a user by e-mail instead of id",
      () =>
        new airbyte.Permission("p2", {
          userId: "ana@acme.example",
          permissionType: "workspace_reader",
          workspaceId: ids.workspaceId,
        }),
      /userId/,
      /getUser/,
    ],
    [
      "group: a role without its scope",
      () =>
        new airbyte.Group("g2", {
          organizationId: "00000000-0000-0000-0000-000000000000",
          name: "g2",
          permissions: [{ permissionType: "workspace_editor" }],
        }),
      /permissions\.0\.workspaceId/,
      /give the scope/,
    ],
    [
      "source definition: an image with its tag in dockerRepository",
      () =>
        new airbyte.SourceDefinition("sd2", {
          workspaceId: ids.workspaceId,
          name: "crm",
          dockerRepository: "ghcr.io/acme/source-crm:1.0.0",
          dockerImageTag: "1.0.0",
        }),
      /dockerRepository/,
      /without a tag/,
    ],
    [
      "destination definition: a tag with a space",
      () =>
        new airbyte.DestinationDefinition("dd2", {
          workspaceId: ids.workspaceId,
          name: "lake",
          dockerRepository: "ghcr.io/acme/destination-lake",
          dockerImageTag: "1.0 beta",
        }),
      /dockerImageTag/,
      /a Docker tag/,
    ],
    [
      "declarative source definition: a manifest that is not YAML",
      () =>
        new airbyte.DeclarativeSourceDefinition("dsd2", {
          workspaceId: ids.workspaceId,
          name: "billing",
          manifest: bad<Record<string, unknown>>(["streams"]),
        }),
      /manifest/,
      /YAML or JSON text/,
    ],
    [
      "application: an empty name",
      () => new airbyte.Application("a2", { name: " " }),
      /name/,
      /must not be empty/,
    ],
  ])("%s", async (_name, declare, property, reason) => {
    await expectRefused(declare, property, reason);
  });

  // Dozens of refused runs in one process once left channels that made a later run register
  // nothing and delete these objects (test/e2e/inline-runs.test.ts): they are all still here.
  it("after every refused preview, up of the valid program changes nothing", async () => {
    const before = creates().length;
    const stack = await t.reopen(async () => {
      base();
    });
    const up = await stack.up();
    expect(up.summary.resourceChanges).toEqual({ same: 6 });
    expect(creates().length).toBe(before);
  });
});
