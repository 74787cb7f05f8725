/**
 * The provider finds the stack's backend as the CLI that started it does, so that create records
 * go beside the state: the environment, then the project file, then `pulumi login`'s credentials.
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stackOfUrn } from "../../provider/framework/engine-link.js";
import {
  backendUrl,
  PULUMI_CLOUD_URL,
  parseBackendUrl,
  resolveStateBackend,
} from "../../provider/framework/state-backend.js";

describe("the state backend, as the CLI picks it", () => {
  let root: string;
  let project: string;
  let home: string;
  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), "pa-backend-lookup-"));
    project = path.join(root, "project");
    home = path.join(root, "home");
    await mkdir(path.join(project, "dist"), { recursive: true });
    await mkdir(path.join(home, ".pulumi"), { recursive: true });
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it("takes PULUMI_BACKEND_URL first, then the project file's backend, then the login, then Pulumi Cloud", async () => {
    const lookup = { env: {}, cwd: path.join(project, "dist"), home };
    expect(backendUrl(lookup)).toEqual({ url: PULUMI_CLOUD_URL, source: "default" });
    await writeFile(
      path.join(home, ".pulumi", "credentials.json"),
      JSON.stringify({ current: "s3://team-state?region=eu-west-1", accounts: {} }),
    );
    expect(backendUrl(lookup)).toEqual({
      url: "s3://team-state?region=eu-west-1",
      source: "credentials.json",
    });
    // PULUMI_HOME moves the credentials, as it does for the CLI.
    expect(backendUrl({ ...lookup, env: { PULUMI_HOME: path.join(root, "elsewhere") } }).source).toBe(
      "default",
    );
    await writeFile(
      path.join(project, "Pulumi.yaml"),
      "name: p\nruntime: nodejs\nbackend:\n  url: file://~/state\n",
    );
    expect(backendUrl(lookup)).toEqual({ url: "file://~/state", source: "Pulumi.yaml" });
    expect(backendUrl({ ...lookup, env: { PULUMI_BACKEND_URL: "file:///srv/state" } })).toEqual({
      url: "file:///srv/state",
      source: "PULUMI_BACKEND_URL",
    });
    expect(resolveStateBackend(lookup)).toEqual({
      kind: "file",
      url: "file://~/state",
      dir: path.join(home, "state"),
    });
  });

  it("reads file, s3 and other URLs as Pulumi's DIY backend does", () => {
    expect(parseBackendUrl("file:///srv/state?no_tmp_dir=false")).toMatchObject({
      kind: "file",
      dir: "/srv/state",
    });
    expect(parseBackendUrl("file://state", { cwd: "/work" })).toMatchObject({
      kind: "file",
      dir: "/work/state",
    });
    const s3 = parseBackendUrl("s3://bucket/teams/data?endpoint=http://127.0.0.1:9000&s3ForcePathStyle=true");
    expect(s3).toMatchObject({ kind: "s3", bucket: "bucket", prefix: "teams/data/" });
    expect(s3.kind === "s3" && s3.query.get("endpoint")).toBe("http://127.0.0.1:9000");
    expect(parseBackendUrl("s3://bucket")).toMatchObject({ kind: "s3", bucket: "bucket", prefix: "" });
    for (const url of [PULUMI_CLOUD_URL, "gs://bucket", "azblob://container"]) {
      expect(parseBackendUrl(url)).toEqual({ kind: "other", url });
    }
  });

  it("reads the stack and project from the engine's root resource", () => {
    expect(stackOfUrn("urn:pulumi:dev::analytics::pulumi:pulumi:Stack::analytics-dev")).toEqual({
      stack: "dev",
      project: "analytics",
    });
    expect(stackOfUrn("")).toBeUndefined();
  });
});
