import { describe, expect, it, vi } from "vitest";
import type { AirbyteClient } from "../../provider/api/client.js";
import { tagSpec } from "../../provider/tag.js";

describe("Tag update", () => {
  const state = {
    workspaceId: "b510e39b-e9e2-4833-9a3a-963e51d35fb4",
    name: "finance",
    color: "FF5733",
    tagId: "t1",
  };
  it("calls nothing when no field changed (only the provider code did)", async () => {
    const update = vi.fn();
    const client = { tags: { update } } as unknown as AirbyteClient;
    const next = await tagSpec.update(client, "t1", state, { ...state }, []);
    expect(update).not.toHaveBeenCalled();
    expect(next).toEqual(state);
  });
  it("sends name and color together whichever changed", async () => {
    const update = vi.fn(async () => ({ ...state, color: "00AA11" }));
    const client = { tags: { update } } as unknown as AirbyteClient;
    await tagSpec.update(client, "t1", state, { ...state, color: "00AA11" }, ["color"]);
    expect(update).toHaveBeenCalledWith("t1", { name: "finance", color: "00AA11" });
  });
});
