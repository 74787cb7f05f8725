import { describe, expect, it } from "vitest";
import { normalizeSchedule } from "../../provider/schedule.js";
import { normalizeStreams, projectStreams, streamsCheck } from "../../provider/streams.js";

const catalog = [
  {
    streamName: "users",
    syncModes: ["full_refresh_overwrite", "incremental_append", "incremental_deduped_history"],
    defaultCursorField: ["updated_at"],
    sourceDefinedCursorField: true,
    sourceDefinedPrimaryKey: [["id"]],
    propertyFields: [["id"], ["updated_at"], ["email"]],
  },
  {
    streamName: "orders",
    syncModes: ["full_refresh_overwrite", "incremental_append", "incremental_deduped_history"],
    defaultCursorField: [],
    sourceDefinedCursorField: false,
    sourceDefinedPrimaryKey: [],
    propertyFields: [["id"], ["updated_at"]],
  },
];

describe("streams checked against the source's catalog", () => {
  it("accepts valid streams, using source-defined cursor and key", () => {
    expect(
      streamsCheck(
        [
          { name: "users", syncMode: "incremental_deduped_history" },
          {
            name: "orders",
            syncMode: "incremental_deduped_history",
            cursorField: ["updated_at"],
            primaryKey: [["id"]],
          },
        ],
        catalog,
      ),
    ).toEqual([]);
  });
  it("names the field and the fix for each rule", () => {
    const failures = streamsCheck(
      [
        { name: "nope" },
        { name: "orders", syncMode: "incremental_append" },
        { name: "orders", syncMode: "incremental_deduped_history", cursorField: ["updated_at"] },
        { name: "users", syncMode: "incremental_append", cursorField: ["email"] },
        { name: "users", syncMode: "full_refresh_append" },
      ],
      catalog,
    );
    expect(failures.map((f) => f.property)).toEqual([
      "streams[0].name",
      "streams[1].cursorField",
      "streams[2].name",
      "streams[2].primaryKey",
      "streams[3].cursorField",
      "streams[4].name",
      "streams[4].syncMode",
    ]);
    expect(failures[0]?.reason).toContain("its streams are: users, orders");
    expect(failures[1]?.reason).toContain("needs a cursor");
    expect(failures[3]?.reason).toContain("needs a primary key");
    expect(failures[4]?.reason).toContain('source-defined cursor ["updated_at"]');
  });
  it("treats an absent schedule as manual and strips ' UTC'", () => {
    expect(normalizeSchedule(undefined)).toEqual({ scheduleType: "manual" });
    expect(normalizeSchedule({ scheduleType: "cron", cronExpression: "0 0 * * * ? UTC" })).toEqual({
      scheduleType: "cron",
      cronExpression: "0 0 * * * ?",
    });
  });
});

describe("streams of the same name in two namespaces are two streams", () => {
  const twoSchemas = [
    {
      streamName: "users",
      streamnamespace: "sales",
      syncModes: ["full_refresh_overwrite", "full_refresh_append"],
    },
    {
      streamName: "users",
      streamnamespace: "support",
      syncModes: ["full_refresh_overwrite", "full_refresh_append"],
    },
  ];
  const declared = [
    {
      name: "users",
      namespace: "sales",
      syncMode: "full_refresh_append" as const,
      cursorField: ["updated_at"],
    },
    { name: "users", namespace: "support", syncMode: "full_refresh_overwrite" as const },
  ];

  it("checks pass, and listing one twice is caught by namespace and name", () => {
    expect(streamsCheck(declared, twoSchemas)).toEqual([]);
    expect(streamsCheck([declared[0], declared[0]], twoSchemas)).toEqual([
      { property: "streams[1].name", reason: 'stream "users" is listed twice' },
    ]);
  });

  it("refresh keeps each stream's own settings", () => {
    const live = {
      configurations: {
        streams: [
          // Airbyte reports a cursor for both; only the sales one was declared.
          { name: "users", namespace: "support", syncMode: "full_refresh_overwrite", cursorField: ["id"] },
          { name: "users", namespace: "sales", syncMode: "full_refresh_append", cursorField: ["updated_at"] },
        ],
      },
    } as unknown as Parameters<typeof projectStreams>[1];
    const projected = projectStreams(declared, live);
    expect(normalizeStreams(projected)).toEqual(normalizeStreams(declared));
  });

  it("a sync mode changed in one namespace is a change, whatever the order", () => {
    const swapped = [
      { name: "users", namespace: "support", syncMode: "full_refresh_append" as const },
      { name: "users", namespace: "sales", syncMode: "full_refresh_overwrite" as const },
    ];
    expect(normalizeStreams(swapped)).not.toEqual(normalizeStreams(declared));
    expect(normalizeStreams([...declared].reverse())).toEqual(normalizeStreams(declared));
  });
});
