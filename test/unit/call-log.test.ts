import { describe, expect, it } from "vitest";
import { callsByRoute, criticalPathCalls } from "../bench/call-log.js";

describe("criticalPathCalls", () => {
  it("counts a sequence of calls, each after the last was answered", () => {
    expect(criticalPathCalls([0, 100, 205, 400], 100)).toBe(4);
  });
  it("counts calls in flight together once", () => {
    // Eight at once, then eight more once they were answered: two round trips.
    const wave = (t: number) => Array.from({ length: 8 }, () => t);
    expect(criticalPathCalls([...wave(0), ...wave(101)], 100)).toBe(2);
  });
  it("follows the longest chain through overlapping ones", () => {
    // 0 → 100 → 200 is a chain; 50 and 150 overlap it.
    expect(criticalPathCalls([0, 50, 100, 150, 200], 100)).toBe(3);
  });
  it("is 0 for no call, and refuses a log out of order or no latency", () => {
    expect(criticalPathCalls([], 100)).toBe(0);
    expect(() => criticalPathCalls([5, 1], 100)).toThrow(/arrival order/);
    expect(() => criticalPathCalls([0], 0)).toThrow(/above 0/);
  });
});

describe("callsByRoute", () => {
  it("counts calls by method and path, ids as {id}", () => {
    const id = "0b7e5c1a-8f3e-4d2a-9c11-2f6a7e9b4d10";
    expect(
      callsByRoute([
        { method: "GET", path: `/sources/${id}` },
        { method: "GET", path: "/sources/0b7e5c1a-8f3e-4d2a-9c11-2f6a7e9b4d11" },
        { method: "GET", path: "/jobs/42" },
        { method: "GET", path: "/sources" },
      ]),
    ).toEqual({ "GET /sources/{id}": 2, "GET /jobs/{id}": 1, "GET /sources": 1 });
  });
});
