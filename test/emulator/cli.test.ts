import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseArgs } from "../../emulator/cli.js";
import { buildEmulatorCli } from "./cli-build.js";
import { call } from "./helpers.js";

describe("parseArgs", () => {
  it("maps every flag, in both --flag value and --flag=value forms", () => {
    expect(
      parseArgs([
        "--port",
        "8001",
        "--host=0.0.0.0",
        "--data",
        "/tmp/x",
        "--token-ttl",
        "60",
        "--job-duration-ms=10",
        "--connector-specs",
        "f.yaml",
      ]),
    ).toEqual({
      verbose: false,
      port: 8001,
      host: "0.0.0.0",
      dataDir: "/tmp/x",
      tokenTtlSeconds: 60,
      jobDurationMs: 10,
      connectorSpecsFile: "f.yaml",
    });
  });
  it("rejects unknown flags and bad numbers", () => {
    expect(() => parseArgs(["--nope"])).toThrow(/unknown argument/);
    expect(() => parseArgs(["--port", "x"])).toThrow(/integer/);
  });
});

describe("bin/airbyte-emulator.js", () => {
  // Build only the emulator into a scratch tree laid out like the package (bin/ next to dist/,
  // and the shipped data at data/ as package.json "files" lists it).
  const tmp = mkdtempSync(join(tmpdir(), "emu-cli-"));
  const data = join(tmp, "data");
  let child: ChildProcess | undefined;
  beforeAll(() => {
    buildEmulatorCli(tmp);
  }, 120_000);
  afterAll(() => {
    child?.kill("SIGKILL");
    rmSync(tmp, { recursive: true, force: true });
  });

  it("prints one JSON line, serves, and saves state on SIGTERM", async () => {
    child = spawn(
      process.execPath,
      [join(tmp, "bin/airbyte-emulator.js"), "--data", data, "--token-ttl", "60"],
      {
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    const line = await new Promise<string>((res, rej) => {
      createInterface({ input: child!.stdout! }).once("line", res);
      child!.once("exit", (code) => rej(new Error(`exited ${code}`)));
    });
    const info = JSON.parse(line) as {
      url: string;
      selfManagedUrl: string;
      clientId: string;
      clientSecret: string;
    };
    expect(info.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    expect(info.selfManagedUrl).toBe(info.url.replace(/\/v1$/, "/api/public/v1"));
    const tok = await call(info.url, "POST", "/applications/token", {
      body: { client_id: info.clientId, client_secret: info.clientSecret },
    });
    expect(tok.body.expires_in).toBe(60);
    const ws = await call(info.selfManagedUrl, "POST", "/workspaces", {
      token: tok.body.access_token,
      body: { name: "from-cli" },
    });
    expect(ws.status).toBe(200);
    // The built emulator finds the shipped data from the package root: a connector that only the
    // shipped tables and schemas know resolves, and its secret is masked.
    const gh = await call(info.url, "POST", "/sources", {
      token: tok.body.access_token,
      body: {
        name: "gh",
        workspaceId: ws.body.workspaceId,
        configuration: {
          sourceType: "github",
          repositories: ["airbytehq/airbyte"],
          credentials: { option_title: "PAT Credentials", personal_access_token: "ghp_x" },
        },
      },
    });
    expect(gh.status).toBe(200);
    expect(gh.body.configuration.credentials.personal_access_token).toBe("**********");
    const code = await new Promise<number | null>((res) => {
      child!.once("exit", res);
      child!.kill("SIGTERM");
    });
    expect(code).toBe(0);
    const saved = join(data, "state.json");
    expect(existsSync(saved)).toBe(true);
    expect(readFileSync(saved, "utf8")).toContain("from-cli");
  });

  it("refuses a seed that does not apply with exit code 2 and the entry at fault, before it listens", async () => {
    const seed = join(tmp, "seed.yaml");
    writeFileSync(seed, "workspaces:\n  - name: w\n    organization: Nowhere\n");
    const run = spawn(process.execPath, [join(tmp, "bin/airbyte-emulator.js"), "--seed", seed], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    run.stdout.on("data", (d) => {
      out += String(d);
    });
    run.stderr.on("data", (d) => {
      err += String(d);
    });
    const code = await new Promise<number | null>((res) => run.once("exit", res));
    expect(code).toBe(2);
    expect(out).toBe("");
    expect(err).toContain(`seed ${seed}: workspaces[0].organization: no organization "Nowhere"`);
  });
});
