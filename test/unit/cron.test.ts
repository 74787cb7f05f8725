import { describe, expect, it } from "vitest";
import { cronProblem, normalizeCron } from "../../provider/cron.js";

describe("Quartz cron as Airbyte accepts it", () => {
  it.each([
    "0 0 12 * * ?",
    "0 0 * * * ?",
    "0 30 4 ? * MON-FRI",
    "0 0 0 1 * ? 2030",
    "15 0 */2 * * ?",
    "0 0 6 L * ?",
    "0 0 9 ? * 2#1",
  ])("accepts %s", (expr) => {
    expect(cronProblem(expr)).toBeUndefined();
  });

  it.each([
    ["0 2 * * *", /5 fields; Airbyte uses Quartz cron with 6 or 7/],
    ["* 0 * * * ?", /seconds field .* must be a number/],
    ["0 * * * * ? 2030", /minutes field .* must be a number/],
    ["0 0 25 * * ?", /hours field "25"/],
    ["0 0 12 * * *", /exactly one of day-of-month and day-of-week must be "\?"/],
    ["0 0 12 ? * ?", /exactly one of/],
    ["0 0 12 * FOO ?", /month field "FOO"/],
  ])("refuses %s with a message that says what to write", (expr, message) => {
    expect(cronProblem(expr)).toMatch(message);
  });

  it("normalises Airbyte's echo back to what the user wrote", () => {
    expect(normalizeCron("0 0 12 * * ? UTC")).toBe("0 0 12 * * ?");
    expect(normalizeCron("  0  0 12 * * ?  ")).toBe("0 0 12 * * ?");
  });
});
