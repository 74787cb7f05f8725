import { describe, expect, it, vi } from "vitest";
import type { AirbyteClient } from "../../provider/api/client.js";
import { UNKNOWN, validateInputs } from "../../provider/framework/values.js";
import { PermissionInputsSchema, permissionSpec } from "../../provider/permission.js";

const USER = "7d08fd6c-531e-4a00-937e-3d355f253e63";
const WS = "9924bcd0-99be-453d-ba47-c2c9766f7da5";
const ORG = "31634962-4b3c-4b0c-810d-a2a77d6df222";

describe("Permission inputs", () => {
  const check = (inputs: Record<string, unknown>) => validateInputs(PermissionInputsSchema, inputs);

  it("take a workspace role with a workspace, an organization role with an organization", () => {
    expect(check({ permissionType: "workspace_reader", userId: USER, workspaceId: WS })).toEqual([]);
    expect(check({ permissionType: "organization_member", userId: USER, organizationId: ORG })).toEqual([]);
  });

  it.each([
    [{ permissionType: "workspace_reader", userId: USER }, "workspaceId", /give the scope/],
    [
      { permissionType: "workspace_reader", userId: USER, workspaceId: WS, organizationId: ORG },
      "organizationId",
      /not both/,
    ],
    [
      { permissionType: "workspace_editor", userId: USER, organizationId: ORG },
      "permissionType",
      /workspace_editor applies to a workspace: give workspaceId/,
    ],
    [
      { permissionType: "organization_admin", userId: USER, workspaceId: WS },
      "permissionType",
      /organization_admin applies to an organization: give organizationId/,
    ],
    [
      { permissionType: "instance_admin", userId: USER, organizationId: ORG },
      "permissionType",
      /must be one of organization_admin, .*workspace_reader/,
    ],
    [{ permissionType: "workspace_reader", userId: "ana@acme.com", workspaceId: WS }, "userId", /getUser/],
  ])("refuse %j naming %s", (inputs, property, reason) => {
    const failures = check(inputs);
    expect(failures.map((f) => f.property)).toContain(property);
    expect(failures.find((f) => f.property === property)?.reason).toMatch(reason);
  });

  it("leave values still unknown at preview for later", () => {
    expect(check({ permissionType: "workspace_reader", userId: UNKNOWN, workspaceId: UNKNOWN })).toEqual([]);
    expect(check({ permissionType: UNKNOWN, userId: USER, organizationId: ORG })).toEqual([]);
  });

  it("change the role in place and replace on a change of user or scope", () => {
    expect(permissionSpec.fields.permissionType.replace).toBeUndefined();
    expect(permissionSpec.fields.userId.replace).toBe(true);
    expect(permissionSpec.fields.workspaceId.replace).toBe(true);
    expect(permissionSpec.fields.organizationId.replace).toBe(true);
  });
});

describe("Permission update", () => {
  const state = {
    permissionType: "workspace_reader" as const,
    userId: USER,
    workspaceId: WS,
    permissionId: "p1",
  };

  it("sends a PATCH of the role only", async () => {
    const update = vi.fn(async () => ({ ...state, permissionType: "workspace_editor" }));
    const client = { permissions: { update } } as unknown as AirbyteClient;
    const next = await permissionSpec.update(
      client,
      "p1",
      state,
      { ...state, permissionType: "workspace_editor" },
      ["permissionType"],
    );
    expect(update).toHaveBeenCalledWith("p1", { permissionType: "workspace_editor" });
    expect(next.permissionType).toBe("workspace_editor");
  });

  it("calls nothing when only the provider's code changed", async () => {
    const update = vi.fn();
    const client = { permissions: { update } } as unknown as AirbyteClient;
    await permissionSpec.update(client, "p1", state, { ...state }, []);
    expect(update).not.toHaveBeenCalled();
  });
});
