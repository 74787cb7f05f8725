import { execFile } from "node:child_process";
import { copyFile, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { Emulator } from "../../emulator/index.js";
import {
  allFiles,
  type CliProject,
  newCliProject,
  type ProjectKind,
  packTarball,
  previewOps,
  previewStepOps,
} from "./cli.js";
import { emulator, outOfBand, REPO_ROOT, requestsTo } from "./harness.js";

const run = promisify(execFile);

const writes = (emu: Emulator) =>
  emu.requests.filter((r) => r.method !== "GET" && !r.path.startsWith("/applications/token"));

describe.each<ProjectKind>(["commonjs", "esm"])("a user's %s project, driven by the Pulumi CLI", (kind) => {
  let emu: Emulator;
  let project: CliProject;
  const password = `pw-${kind}-${Math.random().toString(36).slice(2)}`;

  beforeAll(async () => {
    emu = await emulator({ jobDurationMs: 300 });
    project = await newCliProject(kind);
    await project.pulumi(["config", "set", "airbyte:serverUrl", emu.url]);
    await project.pulumi(["config", "set", "airbyte:clientId", emu.clientId]);
    await project.pulumi(["config", "set", "--secret", "airbyte:clientSecret", emu.clientSecret]);
    await project.pulumi(["config", "set", "--secret", "warehousePassword", password]);
    await project.pulumi(["config", "set", "workspaceName", "analytics-dev"]);
  }, 300_000);

  afterAll(async () => {
    await project?.cleanup();
    await emu?.close();
  });

  it("type-checks connector configurations by connector, as installed from the tarball", async () => {
    // The fixture's @ts-expect-error lines (a misspelt key, a missing key, a string port, …) must
    // each be an error, and the rest must compile: tsc fails on an unused @ts-expect-error.
    await copyFile(
      path.join(REPO_ROOT, "test", "fixtures", "typed-configuration.ts"),
      path.join(project.dir, "typed.ts"),
    );
    await writeFile(
      path.join(project.dir, "tsconfig.typed.json"),
      JSON.stringify({ extends: "./tsconfig.json", files: ["typed.ts"], include: [] }),
    );
    const tsc = await run(path.join(project.dir, "node_modules", ".bin", "tsc"), [
      "--noEmit",
      "-p",
      path.join(project.dir, "tsconfig.typed.json"),
    ]).catch((e: { stdout?: string }) => ({ stdout: e.stdout ?? String(e) }));
    expect(tsc.stdout).toBe("");
    await rm(path.join(project.dir, "typed.ts"));
    await rm(path.join(project.dir, "tsconfig.typed.json"));
  }, 120_000);

  it("previews the pipeline with --diff, creates nothing, and shows no secret", async () => {
    const preview = await project.pulumi(["preview", "--diff"]);
    expect(preview.stdout).toMatch(/\+ 6 to create/);
    expect(preview.stdout).toContain("pulumi-nodejs:dynamic/airbyte:Connection");
    expect(writes(emu)).toHaveLength(0);
  }, 180_000);

  it("deploys with `pulumi up`, syncs once, and a second up changes nothing", async () => {
    const up = await project.pulumi(["up", "--yes"]);
    expect(up.stdout).toMatch(/6 created/);
    const outputs = JSON.parse((await project.pulumi(["stack", "output", "--json"])).stdout) as Record<
      string,
      unknown
    >;
    expect(outputs.syncStatus).toBe("succeeded");
    const ws = (await outOfBand(emu, "GET", `/workspaces/${String(outputs.workspaceId)}`)) as {
      name: string;
    };
    expect(ws.name).toBe("analytics-dev");
    expect(requestsTo(emu, "POST", /^\/jobs$/)).toHaveLength(1);

    emu.clearRequests();
    const again = await project.pulumi(["up", "--yes"]);
    expect(again.stdout).toMatch(/6 unchanged/);
    expect(writes(emu)).toHaveLength(0);
  }, 240_000);

  it("previews a rename as one update, and `up` does exactly that with one PATCH", async () => {
    await project.pulumi(["config", "set", "workspaceName", "analytics-renamed"]);
    const preview = await project.pulumi(["preview", "--json"]);
    // `--json` lists the resources that change; every other one is "same".
    expect(previewStepOps(preview.stdout)).toEqual({ analytics: "update" });
    expect(previewOps(preview.stdout)).toEqual({ update: 1, same: 5 });
    emu.clearRequests();
    const up = await project.pulumi(["up", "--yes"]);
    expect(up.stdout).toMatch(/1 updated/);
    expect(up.stdout).toMatch(/5 unchanged/);
    expect(writes(emu).map((r) => `${r.method} ${r.path.replace(/[0-9a-f-]{36}/, ":id")}`)).toEqual([
      "PATCH /workspaces/:id",
    ]);
  }, 240_000);

  it("refreshes with no drift, then destroys everything", async () => {
    const refresh = await project.pulumi(["refresh", "--yes"]);
    expect(refresh.stdout).not.toMatch(/updated/);
    const outputs = JSON.parse((await project.pulumi(["stack", "output", "--json"])).stdout) as Record<
      string,
      unknown
    >;
    const destroy = await project.pulumi(["destroy", "--yes"]);
    expect(destroy.stdout).toMatch(/6 deleted/);
    await expect(outOfBand(emu, "GET", `/workspaces/${String(outputs.workspaceId)}`)).rejects.toThrow(/404/);
  }, 240_000);

  it("never shows a secret: not in the state files, not in anything the CLI printed", async () => {
    const exported = await project.pulumi(["stack", "export"]);
    const everything = [await allFiles(project.backendDir), exported.stdout, ...project.transcript].join(
      "\n",
    );
    expect(everything.length).toBeGreaterThan(1000);
    expect(everything).not.toContain(password);
    expect(everything).not.toContain(emu.clientSecret);
  }, 60_000);
});

describe("examples/quickstart as a Pulumi template", () => {
  it("`pulumi new <path>` makes a project of the user's name from it, offline, and asks for the settings", async () => {
    const cliRoot = process.env.PULUMI_AIRBYTE_CLI_ROOT ?? "";
    const dir = await mkdtemp(path.join(tmpdir(), "pa-template-"));
    try {
      const quickstart = path.join(REPO_ROOT, "examples", "quickstart");
      const template = parse(await readFile(path.join(quickstart, "Pulumi.yaml"), "utf8")) as {
        template: { config: Record<string, { secret?: boolean }> };
      };
      expect(Object.keys(template.template.config)).toEqual([
        "airbyte:serverUrl",
        "airbyte:clientId",
        "airbyte:clientSecret",
        "warehousePassword",
      ]);
      expect(template.template.config["airbyte:clientSecret"]?.secret).toBe(true);
      expect(template.template.config.warehousePassword?.secret).toBe(true);

      await run(
        path.join(cliRoot, "bin", "pulumi"),
        [
          "new",
          quickstart,
          "--dir",
          path.join(dir, "p"),
          "--name",
          "my-pipelines",
          "--yes",
          "--generate-only",
        ],
        { env: { ...process.env, PULUMI_HOME: path.join(dir, "home"), PULUMI_SKIP_UPDATE_CHECK: "true" } },
      );
      const made = parse(await readFile(path.join(dir, "p", "Pulumi.yaml"), "utf8")) as Record<
        string,
        unknown
      >;
      expect(made.name).toBe("my-pipelines");
      expect(made.template).toBeUndefined();
      expect(await readFile(path.join(dir, "p", "index.ts"), "utf8")).toContain('from "pulumi-airbyte"');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe("starting a project as the README says: `pulumi new`, then `pulumi-airbyte install` from a release tarball", () => {
  let emu: Emulator;
  let dir: string;
  beforeAll(async () => {
    emu = await emulator();
    dir = await mkdtemp(path.join(tmpdir(), "pa-new-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    await emu?.close();
  });

  it("installs offline into a new project, which then previews; `npm ci` of the committed project installs it again", async () => {
    const cliRoot = process.env.PULUMI_AIRBYTE_CLI_ROOT ?? "";
    const project = path.join(dir, "my-pipelines");
    const tarball = path.join(dir, path.basename(await packTarball()));
    await copyFile(await packTarball(), tarball);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PULUMI_HOME: path.join(dir, "home"),
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      PULUMI_BACKEND_URL: `file://${dir}`,
      PULUMI_CONFIG_PASSPHRASE: "new-project",
      npm_config_prefer_offline: "true",
      AIRBYTE_SERVER_URL: "",
      AIRBYTE_CLIENT_ID: "",
      AIRBYTE_CLIENT_SECRET: "",
    };
    const pulumi = (args: string[]) =>
      run(path.join(cliRoot, "bin", "pulumi"), [...args, "--non-interactive"], {
        cwd: project,
        env,
        maxBuffer: 32 * 1024 * 1024,
      });
    // `pulumi new` runs its own `npm install` of the template's package.json: it needs nothing
    // that no registry serves.
    await run(
      path.join(cliRoot, "bin", "pulumi"),
      ["new", path.join(REPO_ROOT, "examples", "quickstart"), "--dir", project, "--name", "my-pipelines"]
        .concat(["--stack", "dev", "--yes", "--non-interactive"])
        .concat(["--config", `airbyte:serverUrl=${emu.url}`, "--config", `airbyte:clientId=${emu.clientId}`])
        .concat([
          "--config",
          `airbyte:clientSecret=${emu.clientSecret}`,
          "--config",
          "warehousePassword=new-project-pw",
        ]),
      { cwd: dir, env, maxBuffer: 32 * 1024 * 1024 },
    ).catch((e: { stdout?: string; stderr?: string }) => {
      throw new Error(`pulumi new failed:\n${e.stdout}\n${e.stderr}`);
    });
    // The README's one command, from the release tarball.
    const install = await run(
      "npx",
      ["--yes", "--package", tarball, "pulumi-airbyte", "install", "my-pipelines"],
      { cwd: dir, env, maxBuffer: 32 * 1024 * 1024 },
    );
    expect(install.stdout).toContain(
      'Installed vendor/pulumi-airbyte-0.1.0.tgz into my-pipelines (package.json: "pulumi-airbyte": "file:vendor/pulumi-airbyte-0.1.0.tgz").',
    );
    const pkg = JSON.parse(await readFile(path.join(project, "package.json"), "utf8")) as {
      dependencies: Record<string, string>;
    };
    expect(pkg.dependencies["pulumi-airbyte"]).toBe("file:vendor/pulumi-airbyte-0.1.0.tgz");
    const preview = await pulumi(["preview"]);
    expect(preview.stdout).toMatch(/\+ 6 to create/);

    // A teammate's or a CI runner's checkout: node_modules gone, `npm ci` from the lock file.
    await rm(path.join(project, "node_modules"), { recursive: true });
    await run("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: project, env });
    expect((await pulumi(["preview"])).stdout).toMatch(/\+ 6 to create/);
  }, 300_000);
});
