import { describe, expect, it } from "vitest";
import {
  connectionTagNames,
  missingOwner,
  overwritingStreams,
  piiOverwrite,
  scheduleTooFrequent,
  stackOfUrn,
} from "../../policy/rules.js";
import { cronMinIntervalMinutes } from "../../provider/cron.js";

describe("cronMinIntervalMinutes", () => {
  it.each([
    ["0 0 * * * ?", 60],
    ["0 30 */2 * * ?", 120],
    ["0 0 2 * * ?", 1440],
    ["0 0 2 ? * MON", 1440],
    ["0 0 1,13 * * ?", 720],
    ["0 0 9-17 * * ?", 60],
    ["0 0 0,22 * * ?", 120], // across midnight: 22:00 then 00:00
    ["0 0 6/8 * * ?", 480], // 6, 14, 22, then 6 again 8 hours later
    ["0 15 3 * * ? UTC", 1440],
  ])("%s runs at most every %i minutes", (cron, minutes) => {
    expect(cronMinIntervalMinutes(cron)).toBe(minutes);
  });
});

describe("the policy rules", () => {
  it("reads the stack from a URN", () => {
    expect(stackOfUrn("urn:pulumi:prod::analytics::pulumi-nodejs:dynamic/airbyte:Connection::orders")).toBe(
      "prod",
    );
  });

  it("allows manual schedules and sparse crons, and names the cron that runs too often", () => {
    expect(scheduleTooFrequent({}, 60)).toBeUndefined();
    expect(scheduleTooFrequent({ schedule: { scheduleType: "manual" } }, 600)).toBeUndefined();
    expect(
      scheduleTooFrequent({ schedule: { scheduleType: "cron", cronExpression: "0 0 2 * * ?" } }, 240),
    ).toBe(undefined);
    expect(
      scheduleTooFrequent({ schedule: { scheduleType: "cron", cronExpression: "0 0 * * * ?" } }, 240),
    ).toMatch(/"0 0 \* \* \* \?" runs every 60 minutes; this stack allows one run per 240 minutes/);
  });

  it("finds the streams that overwrite, the default mode included", () => {
    expect(overwritingStreams({})).toEqual(["*"]);
    expect(
      overwritingStreams({
        streams: [
          { name: "users" },
          { name: "orders", syncMode: "incremental_append", cursorField: ["updated_at"] },
          { name: "events", namespace: "app", syncMode: "full_refresh_overwrite" },
        ],
      }),
    ).toEqual(["users", "app.events"]);
  });

  it("refuses overwriting streams only on connections tagged as personal data", () => {
    const props = { streams: [{ name: "users", syncMode: "full_refresh_overwrite" }] };
    expect(piiOverwrite(props, ["finance"], ["pii"])).toBeUndefined();
    expect(piiOverwrite(props, ["pii", "finance"], ["pii"])).toMatch(/tagged "pii" overwrites users/);
    expect(piiOverwrite({}, ["pii"], ["pii"])).toMatch(/every stream \(none declared/);
    expect(
      piiOverwrite({ streams: [{ name: "users", syncMode: "incremental_append" }] }, ["pii"], ["pii"]),
    ).toBe(undefined);
  });

  it("asks for an owner tag, and says when tag ids could not be checked", () => {
    expect(missingOwner(["owner:data-platform"], 0, "owner:")).toBeUndefined();
    expect(missingOwner(["owner:"], 0, "owner:")).toMatch(/needs an owner tag named "owner:<team>"/);
    expect(missingOwner([], 0, "owner:")).toMatch(/this one has no tags\./);
    expect(missingOwner(["finance"], 2, "owner:")).toMatch(/tags "finance" \(and 2 tag id\(s\) not managed/);
  });
});

describe("connectionTagNames", () => {
  const finance = { name: "finance", tagId: "11111111-1111-4111-8111-111111111111" };
  const owner = { name: "owner:data", tagId: "22222222-2222-4222-8222-222222222222" };

  it("counts a managed tag once, when the Tag's id output is unknown (it is being updated) but the connection holds it", () => {
    // The bug: "1 tag id(s) not managed by this stack" for a connection whose only tag was managed.
    const result = connectionTagNames([finance.tagId], [{ name: "finance" }], [{ name: "finance" }]);
    expect(result).toEqual({ names: ["finance"], unresolved: 0 });
    expect(missingOwner(result.names, result.unresolved, "owner:")).toMatch(/this one has tags "finance"\. /);
  });

  it("finds names by id, and by dependency for tags made in this run", () => {
    expect(
      connectionTagNames([finance.tagId, undefined], [finance, { name: "owner:data" }], [finance]),
    ).toEqual({
      names: ["finance", "owner:data"],
      unresolved: 0,
    });
  });

  it("still counts an id that no Tag of the stack has", () => {
    const other = "33333333-3333-4333-8333-333333333333";
    expect(connectionTagNames([other, owner.tagId], [owner], [finance, owner])).toEqual({
      names: ["owner:data"],
      unresolved: 1,
    });
  });
});
