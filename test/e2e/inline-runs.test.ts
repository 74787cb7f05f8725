/**
 * Many inline programs run in one test process, and the kernel hands a port an engine listened on
 * to a later engine. A refused run must not leave a channel that a later run would share: that run
 * would fail its first call with "14 UNAVAILABLE: No connection established", register nothing,
 * and delete the stack's objects (see `isolateEngineChannels` in harness.ts).
 */
import { createRequire } from "node:module";
import * as pulumi from "@pulumi/pulumi";
import type { Stack } from "@pulumi/pulumi/automation/index.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../../emulator/index.js";
import { emulator, newStack, ProgramNotRunError, programMustRun, type TestStack } from "./harness.js";
import * as airbyte from "./sdk.js";

// The gRPC library and the generated stubs of the @pulumi/pulumi the Automation API runs, so the
// client below shares that library's subchannels as the next run's would.
const pulumiRequire = createRequire(createRequire(import.meta.url).resolve("@pulumi/pulumi/package.json"));
const grpc = pulumiRequire("@grpc/grpc-js") as typeof import("@grpc/grpc-js");
const rpc = pulumiRequire(
  "./proto/resource_grpc_pb.js",
) as typeof import("@pulumi/pulumi/proto/resource_grpc_pb.js");
const messages = pulumiRequire(
  "./proto/resource_pb.js",
) as typeof import("@pulumi/pulumi/proto/resource_pb.js");
const settings = pulumiRequire("./runtime/settings.js") as { grpcClientOptions: Record<string, unknown> };

describe("inline runs in one process", () => {
  let emu: Emulator;
  const stacks: TestStack[] = [];
  const stackOf = async (program: () => Promise<void>) => {
    const t = await newStack(emu, program);
    stacks.push(t);
    return t.stack;
  };
  beforeAll(async () => {
    emu = await emulator();
  });
  afterAll(async () => {
    await Promise.all(stacks.map((t) => t.cleanup()));
    await emu?.close();
  });

  it("a refused preview leaves no channel that an engine later on the same port would inherit", async () => {
    let monitor: string | undefined;
    const stack = await stackOf(async () => {
      const client = pulumi.runtime.getMonitor() as unknown as import("@grpc/grpc-js").Client | undefined;
      monitor = client?.getChannel().getTarget().replace(/^dns:/, "");
      new airbyte.Tag("t", { workspaceId: "analytics", name: "t", color: "FF5733" });
    });
    await expect(stack.preview()).rejects.toThrow(/UUID of the workspace/);
    expect(monitor).toMatch(/^127\.0\.0\.1:\d+$/);
    const address = monitor ?? "";

    // The next engine on that port, as the kernel may hand it out again.
    const server = new grpc.Server();
    server.addService(rpc.ResourceMonitorService, {
      supportsFeature: (
        _call: unknown,
        reply: (e: null, r: InstanceType<typeof messages.SupportsFeatureResponse>) => void,
      ) => {
        const answer = new messages.SupportsFeatureResponse();
        answer.setHassupport(true);
        reply(null, answer);
      },
    });
    await new Promise<void>((resolve, reject) =>
      server.bindAsync(address, grpc.ServerCredentials.createInsecure(), (e) => (e ? reject(e) : resolve())),
    );
    try {
      // The first call of the next run, on a client made as the Automation API makes its own.
      const client = new rpc.ResourceMonitorClient(
        address,
        grpc.credentials.createInsecure(),
        settings.grpcClientOptions,
      );
      const request = new messages.SupportsFeatureRequest();
      request.setId("secrets");
      const answer = await new Promise<string>((resolve) =>
        client.supportsFeature(request, (error, response) => {
          client.close();
          resolve(error ? error.message : String(response?.getHassupport()));
        }),
      );
      expect(answer).toBe("true");
    } finally {
      server.forceShutdown();
    }
  });

  it("an up or a preview that succeeded without running the program fails, naming why", async () => {
    const started = { runs: 0 };
    const succeeds = async () => ({ summary: "ok" });
    const stack = programMustRun({ up: succeeds, preview: succeeds } as unknown as Stack, started);
    await expect(stack.preview()).rejects.toThrow(ProgramNotRunError);
    await expect(stack.up()).rejects.toThrow(/the inline program never ran/);
    const running = programMustRun(
      {
        up: async () => {
          started.runs++;
          return { summary: "ok" };
        },
      } as unknown as Stack,
      started,
    );
    await expect(running.up()).resolves.toEqual({ summary: "ok" });
  });
});
