/**
 * The GitOps flow on a team's shared state backend: an S3-compatible object store (moto's server,
 * `object-store.ts`) named only by `PULUMI_BACKEND_URL` (`s3://bucket?endpoint=…`), a passphrase
 * as the secrets provider, and two CI "runners" (checkouts with their own HOME, TMPDIR and
 * PULUMI_HOME). The pull request's preview and the merge's `up` run through the CI entry point
 * (`npx pulumi-airbyte`) on one runner; `refresh` and `up` from the other find the same state.
 */
import { execFile } from "node:child_process";
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../../emulator/index.js";
import { type CliProject, cliProjectAt, newCliProject } from "./cli.js";
import { emulator, outOfBand } from "./harness.js";
import { type ObjectStore, startObjectStore } from "./object-store.js";

const run = promisify(execFile);
const PASSWORD = "shared-backend-pw-2e91";
const BUCKET = "acme-pulumi-state";

describe("GitOps on a shared S3 backend, from two runners", () => {
  let store: ObjectStore;
  let emu: Emulator;
  let root: string;
  const runners: CliProject[] = [];

  /** A runner's checkout of the quickstart, on the bucket, with nothing of the other runner. */
  const runner = async (name: string, backendUrl: string) => {
    const home = path.join(root, name, "home");
    const tmp = path.join(root, name, "tmp");
    await mkdir(home, { recursive: true });
    await mkdir(tmp, { recursive: true });
    const project = await newCliProject("commonjs", {
      backendUrl,
      env: { ...store.env, HOME: home, TMPDIR: tmp },
    });
    runners.push(project);
    return project;
  };
  const entry = async (project: CliProject, ...args: string[]) => {
    const bin = path.join(project.dir, "node_modules", ".bin", "pulumi-airbyte");
    return run(bin, [...args, "--stack", "dev"], { cwd: project.dir, env: project.env }).then(
      ({ stdout }) => ({ code: 0, stdout }),
      (e: { code?: number; stdout?: string; stderr?: string }) => ({
        code: e.code ?? 1,
        stdout: `${e.stdout ?? ""}${e.stderr ?? ""}`,
      }),
    );
  };

  let first: CliProject;
  let second: CliProject;

  beforeAll(async () => {
    store = await startObjectStore();
    emu = await emulator({ jobDurationMs: 200 });
    root = await mkdtemp(path.join(tmpdir(), "pa-shared-backend-"));
    const backendUrl = await store.bucket(BUCKET);
    // The first runner makes the stack (newCliProject's `stack init dev`) and commits its config.
    first = await runner("first", backendUrl);
    await first.pulumi([
      ...["config", "set-all", "--stack", "dev"],
      ...["--plaintext", `airbyte:serverUrl=${emu.url}`],
      ...["--plaintext", `airbyte:clientId=${emu.clientId}`],
      ...["--secret", `airbyte:clientSecret=${emu.clientSecret}`],
      ...["--secret", `warehousePassword=${PASSWORD}`],
    ]);
    const config = await readFile(path.join(first.dir, "Pulumi.dev.yaml"), "utf8");
    second = await newRunnerWithoutStack("second", backendUrl);
    await writeFile(path.join(second.dir, "Pulumi.dev.yaml"), config);
  }, 300_000);

  /** newCliProject inits `dev`, which the bucket already has: the second runner only checks out. */
  const newRunnerWithoutStack = async (name: string, backendUrl: string) => {
    const dir = await mkdtemp(path.join(tmpdir(), "pa-user-second-"));
    for (const file of ["Pulumi.yaml", "index.ts", "package.json", "tsconfig.json"]) {
      await cp(path.join(first.dir, file), path.join(dir, file));
    }
    const home = path.join(root, name, "home");
    const tmp = path.join(root, name, "tmp");
    await mkdir(home, { recursive: true });
    await mkdir(tmp, { recursive: true });
    const project = await cliProjectAt(dir, { backendUrl, env: { ...store.env, HOME: home, TMPDIR: tmp } });
    runners.push(project);
    return project;
  };

  afterAll(async () => {
    for (const r of runners) await r.cleanup();
    await emu?.close();
    await store?.close();
    if (root !== undefined) await rm(root, { recursive: true, force: true });
  });

  it("previews (exit 2) and deploys through the CI entry point, the state in the bucket and no secret in it", async () => {
    const preview = await entry(second, "preview", "--detailed-exitcode");
    expect(preview.code, preview.stdout).toBe(2);
    expect(preview.stdout).toContain("create Workspace analytics");
    const up = await entry(first, "up");
    expect(up.code, up.stdout).toBe(0);
    const keys = await store.keys(BUCKET);
    expect(keys).toContain(".pulumi/stacks/airbyte-quickstart/dev.json");
    for (const key of keys) expect(await store.read(BUCKET, key)).not.toContain(PASSWORD);
    // The run ended in order: it removed its create records.
    expect(keys.filter((k) => k.startsWith(".pulumi-airbyte/create-records/"))).toEqual([]);
  }, 240_000);

  it("refresh and up from the other runner find the same state: nothing to change, no API write", async () => {
    const writes = () =>
      emu.requests.filter((r) => r.method !== "GET" && !r.path.includes("/applications/token"));
    const before = writes().length;
    const refresh = await second.pulumi(["refresh", "--yes", "--stack", "dev"]);
    expect(refresh.stdout).toMatch(/\d+ unchanged/);
    const up = await second.pulumi(["up", "--yes", "--stack", "dev"]);
    expect(up.stdout).not.toMatch(/\+ \d+ to create|created/);
    expect(writes().length).toBe(before);
    const again = await entry(second, "preview", "--detailed-exitcode");
    expect(again.code, again.stdout).toBe(0);
    // This test's Airbyte holds the one workspace the program declares, made once.
    const workspaces = (await outOfBand(emu, "GET", "/workspaces?limit=100")) as { data: unknown[] };
    expect(workspaces.data).toHaveLength(1);
  }, 240_000);
});
