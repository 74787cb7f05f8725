import { describe, expect, it } from "vitest";
import { collect, isLastPage, paginate } from "../../provider/api/pagination.js";

/** A fake list endpoint over `total` numbered items that records every request. */
function endpoint(total: number, opts: { ignoreLimitAbove?: number } = {}) {
  const calls: [offset: number, limit: number][] = [];
  const fetchPage = async (offset: number, limit: number) => {
    calls.push([offset, limit]);
    const size = opts.ignoreLimitAbove !== undefined ? Math.min(limit, opts.ignoreLimitAbove) : limit;
    return {
      data: Array.from({ length: Math.max(0, Math.min(size, total - offset)) }, (_, i) => offset + i),
    };
  };
  return { calls, fetchPage };
}

describe("paginate", () => {
  it("stops on a short page: 45 items by 20 take 3 requests", async () => {
    const ep = endpoint(45);
    expect(await collect(paginate(ep.fetchPage, { limit: 20 }))).toEqual(
      Array.from({ length: 45 }, (_, i) => i),
    );
    expect(ep.calls).toEqual([
      [0, 20],
      [20, 20],
      [40, 20],
    ]);
  });

  it("stops on an empty page when the total is a multiple of the limit", async () => {
    const ep = endpoint(40);
    expect(await collect(paginate(ep.fetchPage, { limit: 20 }))).toHaveLength(40);
    expect(ep.calls.map(([o]) => o)).toEqual([0, 20, 40]);
  });

  it("makes one request for an empty list, and defaults to pages of 100", async () => {
    const ep = endpoint(0);
    expect(await collect(paginate(ep.fetchPage))).toEqual([]);
    expect(ep.calls).toEqual([[0, 100]]);
  });

  it("does not follow `next`: a page with next but fewer items ends the list", async () => {
    const calls: number[] = [];
    const fetchPage = async (offset: number) => {
      calls.push(offset);
      return { data: offset === 0 ? [1, 2] : [], next: "https://api.airbyte.com/v1/x?offset=5" };
    };
    expect(await collect(paginate(fetchPage, { limit: 5 }))).toEqual([1, 2]);
    expect(calls).toEqual([0]);
  });

  it("honours max, and asks only for what it still needs", async () => {
    const ep = endpoint(1000);
    expect(await collect(paginate(ep.fetchPage, { limit: 20, max: 30 }))).toHaveLength(30);
    expect(ep.calls).toEqual([
      [0, 20],
      [20, 10],
    ]);
    const none = endpoint(10);
    expect(await collect(paginate(none.fetchPage, { max: 0 }))).toEqual([]);
    expect(none.calls).toEqual([]);
  });

  it("is lazy and stops fetching when the consumer breaks out", async () => {
    const ep = endpoint(1000);
    const it = paginate(ep.fetchPage, { limit: 10 });
    expect(ep.calls).toEqual([]);
    for await (const n of it) if (n === 12) break;
    expect(ep.calls).toEqual([
      [0, 10],
      [10, 10],
    ]);
  });

  it("rejects limits the server would reject", async () => {
    for (const limit of [0, 101, 2.5]) {
      await expect(collect(paginate(endpoint(1).fetchPage, { limit }))).rejects.toThrow(RangeError);
    }
    await expect(collect(paginate(endpoint(1).fetchPage, { max: -1 }))).rejects.toThrow(RangeError);
  });

  it("propagates a failing page", async () => {
    const fetchPage = async (offset: number) => {
      if (offset > 0) throw new Error("boom");
      return { data: [1, 2] };
    };
    await expect(collect(paginate(fetchPage, { limit: 2 }))).rejects.toThrow("boom");
  });
});

describe("isLastPage", () => {
  it("is true for empty and short pages only", () => {
    expect(isLastPage(0, 20)).toBe(true);
    expect(isLastPage(19, 20)).toBe(true);
    expect(isLastPage(20, 20)).toBe(false);
    expect(isLastPage(25, 20)).toBe(false);
  });
});

describe("collect", () => {
  it("refuses to grow past max", async () => {
    await expect(collect(paginate(endpoint(50).fetchPage, { limit: 10 }), 30)).rejects.toThrow(
      /more than 30/,
    );
  });
});
