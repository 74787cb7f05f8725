/**
 * What a failure tells the user (provider/framework/failures.ts) and how the dynamic face hands it to
 * Pulumi's dynamic-provider host: once per settings failure, without a stack, and without the host's
 * stderr echo; check failures that read well after the engine's prefix; Node.js refused at load.
 */
import { afterEach, describe, expect, it } from "vitest";
import { AirbyteConnectionError, AuthenticationError } from "../../provider/api/errors.js";
import { MIN_NODE_VERSION, nodeVersionProblem, versionAtLeast } from "../../provider/api/node-version.js";
import {
  forEngine,
  OperationFailure,
  resetReportedFailures,
  userFacing,
} from "../../provider/framework/failures.js";

const request = { method: "POST", url: "http://127.0.0.1:9/v1/applications/token" };
const unreachable = () =>
  new AirbyteConnectionError(request, new Error("connect ECONNREFUSED"), "ECONNREFUSED");
const rejected = () =>
  new AuthenticationError(401, undefined, request, { message: "Airbyte rejected the client credentials." });

afterEach(() => {
  resetReportedFailures();
  delete process.env.AIRBYTE_DEBUG;
});

describe("userFacing", () => {
  it("reports a settings failure in full once, then in a few words", () => {
    const first = userFacing(unreachable());
    expect(first.message).toMatch(/could not reach Airbyte \(ECONNREFUSED/);
    expect(first.stack).toBe(first.message);
    const again = userFacing(unreachable());
    expect(again.message).toBe(
      "could not reach Airbyte at http://127.0.0.1:9: the first error of this run says how to fix it",
    );
    expect(userFacing(rejected()).message).toBe("Airbyte rejected the client credentials.");
    expect(userFacing(rejected()).message).toMatch(/^Airbyte rejected the credentials: the first error/);
  });

  it("keeps other failures' messages, each time, and drops the stack", () => {
    const error = new Error("connection 1: streams[0].name is not a stream of the source");
    expect(userFacing(error).message).toBe(error.message);
    expect(userFacing(error).message).toBe(error.message);
    expect(OperationFailure.isInstance(userFacing(error))).toBe(true);
    expect(userFacing(error).stack).not.toMatch(/\n\s+at /);
  });

  it("keeps the error as it is, stack and all, when AIRBYTE_DEBUG=true", () => {
    process.env.AIRBYTE_DEBUG = "true";
    const error = unreachable();
    expect(userFacing(error)).toBe(error);
    expect(userFacing(unreachable()).message).toMatch(/could not reach Airbyte \(ECONNREFUSED/);
  });
});

describe("the dynamic face", () => {
  it("hands the host a failed read once, and drops the host's stderr echo of it", async () => {
    // The face wraps console.error when it loads: record what reaches the console under it.
    const printed: string[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => printed.push(args.map(String).join(" "));
    const { defineProvider } = await import("../../provider/framework/dynamic.js");
    const { tagSpec } = await import("../../provider/tag.js");
    const provider = defineProvider({
      ...tagSpec,
      read: async () => {
        throw unreachable();
      },
    });
    const settings: Record<string, string> = {
      "airbyte:serverUrl": "http://127.0.0.1:9/v1",
      "airbyte:bearerToken": "token",
    };
    await provider.configure?.({ config: { get: (k: string) => settings[k] } } as never);
    try {
      const failure = await provider.read?.("t1", { name: "a" }).catch((e: unknown) => e as Error);
      // What the host does with it (@pulumi/pulumi/cmd/dynamic-provider: read's catch).
      console.error(`${failure}: ${(failure as Error).stack}`);
      console.error("another line");
      expect((failure as Error).message).toMatch(/could not reach Airbyte/);
      expect(printed).toEqual(["another line"]);
    } finally {
      console.error = original;
    }
  });
});

describe("forEngine", () => {
  const inputs = { name: "a very long tag name that does not fit", configuration: { port: "5432" } };

  it("leaves a failure of a top-level field with a plain value to the engine, which prints the value", () => {
    const f = { property: "name", reason: "name must be at most 30 characters (Airbyte's limit)" };
    expect(forEngine([f], inputs)).toEqual([f]);
  });

  it("puts a nested or missing property into the reason, so no `value {<nil>}` is printed", () => {
    expect(
      forEngine(
        [
          { property: "configuration.port", reason: "must be integer" },
          {
            property: "configuration.sslmode",
            reason: "is not a field of the postgres connector's configuration",
          },
          { property: "color", reason: "color is required: 6 hex digits" },
          { property: "configuration", reason: "Invalid input: expected object" },
        ],
        inputs,
      ),
    ).toEqual([
      { property: "", reason: "configuration.port must be integer" },
      {
        property: "",
        reason: "configuration.sslmode is not a field of the postgres connector's configuration",
      },
      { property: "", reason: "color is required: 6 hex digits" },
      { property: "", reason: "configuration: Invalid input: expected object" },
    ]);
  });
});

describe("the Node.js check", () => {
  it("refuses Node.js 20 with the versions found and needed, and where it runs from", () => {
    expect(nodeVersionProblem("20.20.2", "/usr/bin/node")).toBe(
      `pulumi-airbyte needs Node.js ${MIN_NODE_VERSION} or newer, and this is Node.js 20.20.2 (/usr/bin/node). ` +
        "Install Node.js 22 or 24 (https://nodejs.org) and put it first on PATH: Pulumi runs the `node` it finds there.",
    );
    expect(nodeVersionProblem("22.18.9")).toBeDefined();
    expect(nodeVersionProblem("22.19.0")).toBeUndefined();
    expect(nodeVersionProblem("24.1.0")).toBeUndefined();
    expect(versionAtLeast("v23.0.0", "22.19.0")).toBe(true);
  });
});
