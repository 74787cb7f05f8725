import { describe, expect, it } from "vitest";
import { cronNormalizeSchedule, streamsCheck } from "../../provider/connection-rules.js";

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
    expect(cronNormalizeSchedule(undefined)).toEqual({ scheduleType: "manual" });
    expect(cronNormalizeSchedule({ scheduleType: "cron", cronExpression: "0 0 * * * ? UTC" })).toEqual({
      scheduleType: "cron",
      cronExpression: "0 0 * * * ?",
    });
  });
});
