/**
 * What a release relies on, checked the way the GitOps workflows are (a workflow cannot run here):
 * the release workflow's triggers, order, permissions and commands; the notes script it runs; a
 * CHANGELOG section for the version; and the compatibility statement's figures against the files
 * they come from.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { MIN_NODE_VERSION, versionAtLeast } from "../../provider/api/node-version.js";
import { REPO_ROOT } from "../e2e/harness.js";

const read = (file: string) => readFileSync(path.join(REPO_ROOT, file), "utf8");
const pkg = JSON.parse(read("package.json")) as {
  version: string;
  engines: { node: string };
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
/** A `NAME="value"` or `NAME=value` line of scripts/env.sh, or of the pinned versions it reads. */
const envSh = (name: string): string | undefined => {
  const line = (file: string, key: string) =>
    new RegExp(`^${key}="?([^"\\n]+)"?$`, "m").exec(read(file))?.[1];
  const value = line("scripts/env.sh", name);
  const pinned = /^\$\{?(\w+)\}?$/.exec(value ?? "")?.[1];
  return pinned !== undefined ? line("tools/pulumi-versions.env", pinned) : value;
};

interface Step {
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Record<string, unknown>;
  readonly env?: Record<string, string>;
}
interface Job {
  readonly needs?: string | string[];
  readonly permissions?: Record<string, string>;
  readonly steps: Step[];
}
const workflowText = read(".github/workflows/release.yml");
const workflow = parse(workflowText) as {
  on: { push: { tags?: string[]; branches?: string[] } };
  permissions: Record<string, string>;
  jobs: Record<string, Job>;
};
const runs = (job: string) =>
  (workflow.jobs[job]?.steps ?? []).flatMap((s) => (s.run === undefined ? [] : [s.run.trim()])).join("\n");

describe(".github/workflows/release.yml", () => {
  it("runs on version tags only, with read-only rights by default", () => {
    expect(Object.keys(workflow.on)).toEqual(["push"]);
    expect(workflow.on.push.branches).toBeUndefined();
    expect(workflow.on.push.tags).toEqual(["v[0-9]+.[0-9]+.[0-9]+*"]);
    expect(workflow.permissions).toEqual({ contents: "read" });
  });

  it("checks the tag and the CHANGELOG, then tests, then publishes", () => {
    expect(Object.keys(workflow.jobs)).toEqual(["check", "test", "publish"]);
    expect(workflow.jobs.test?.needs).toBe("check");
    expect(workflow.jobs.publish?.needs).toBe("test");
    expect(runs("check")).toBe('node scripts/release-notes.mjs "$GITHUB_REF_NAME"');
    expect(runs("test")).toBe("npm test");
  });

  it("tests with the Pulumi CLI the project tests with, on a Node.js the package supports", () => {
    const pulumi = workflow.jobs.test?.steps.find((s) => s.uses?.startsWith("pulumi/actions@"));
    expect(`v${String(pulumi?.with?.["pulumi-version"])}`).toBe(envSh("PA_PULUMI_VERSION"));
    for (const job of Object.values(workflow.jobs)) {
      const node = job.steps.find((s) => s.uses?.startsWith("actions/setup-node@"));
      expect(versionAtLeast(String(node?.with?.["node-version"]), MIN_NODE_VERSION)).toBe(true);
    }
  });

  it("publishes the packed tarball to npm with provenance and attaches it to the release", () => {
    const publish = workflow.jobs.publish;
    expect(publish?.permissions).toEqual({ contents: "write", "id-token": "write" });
    const script = runs("publish");
    expect(script).toContain('echo "TARBALL=$(npm pack --silent | tail -n 1)" >> "$GITHUB_ENV"');
    expect(script).toContain('npm publish "./$TARBALL" --provenance --access public');
    expect(script).toContain('gh release create "$GITHUB_REF_NAME" $ASSETS');
    const release = publish?.steps.find((s) => s.run?.includes("gh release create"));
    expect(release?.env?.ASSETS).toBe(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: GitHub Actions expressions, not JavaScript.
      "${{ env.TARBALL }} ${{ env.PLUGIN }} ${{ env.PLUGIN_SEA }} ${{ env.WHEEL }}",
    );
  });

  it("builds the native plugin's archives and the Python wheel with the package's own scripts, and publishes the wheel", () => {
    const script = runs("publish");
    expect(script).toContain("npm run --silent package:plugin -- --out release");
    expect(script).toContain("npm run --silent package:plugin -- --sea --out release/sea");
    expect(script).toContain("npm run --silent package:python -- release/python");
    for (const name of ["package:plugin", "package:python"]) expect(pkg.scripts[name]).toBeDefined();
    const pypi = workflow.jobs.publish?.steps.find((s) => s.uses?.startsWith("pypa/gh-action-pypi-publish@"));
    expect(pypi?.with?.["packages-dir"]).toBe("release/python");
  });
});

describe("scripts/release-notes.mjs", () => {
  const notes = (tag: string) => {
    try {
      return {
        code: 0,
        out: execFileSync("node", ["scripts/release-notes.mjs", tag], { cwd: REPO_ROOT }).toString(),
      };
    } catch (error) {
      const e = error as { status: number; stderr: Buffer };
      return { code: e.status, out: e.stderr.toString() };
    }
  };

  it("prints the CHANGELOG section of package.json's version", () => {
    const { code, out } = notes(`v${pkg.version}`);
    expect(code).toBe(0);
    expect(out).toContain("### Added");
    expect(out).not.toContain(`## [${pkg.version}]`);
    expect(out).not.toContain("## [Unreleased]");
  });

  it("refuses a tag of another version, naming both", () => {
    const { code, out } = notes("v99.0.0");
    expect(code).toBe(1);
    expect(out).toContain(`The tag "v99.0.0" does not name package.json's version ${pkg.version}`);
  });
});

describe("docs/compatibility.md", () => {
  const doc = read("docs/compatibility.md");
  /** A table row by its first cell, as `| a | b | c |` whatever the formatter's padding. */
  const row = (name: string) => {
    const cells = doc
      .split("\n")
      .map((l) =>
        l
          .split("|")
          .slice(1, -1)
          .map((c) => c.trim()),
      )
      .find((c) => c[0] === name);
    return cells === undefined ? "" : `| ${cells.join(" | ")} |`;
  };
  const source = read("data/SOURCE.md");

  it("states the Node.js the package refuses to run below, as package.json and the check say", () => {
    expect(pkg.engines.node).toBe(`>=${MIN_NODE_VERSION}`);
    expect(row("Node.js")).toContain(`| ${MIN_NODE_VERSION} or newer | ${envSh("PA_NODE_VERSION")} |`);
  });

  it("states the Pulumi CLI range the set-up accepts and the versions tested", () => {
    expect(row("Pulumi CLI")).toContain(
      `| v3.${envSh("PA_PULUMI_MIN_MINOR")}.0 or newer, v3 | ${envSh("PA_PULUMI_VERSION")} |`,
    );
    const sdk = pkg.dependencies["@pulumi/pulumi"];
    expect(row("`@pulumi/pulumi` (Node.js SDK)")).toContain(`| ${sdk}, the package's dependency | ${sdk} |`);
    expect(row("TypeScript (for the typed configurations)")).toContain(
      `| ${pkg.devDependencies.typescript} |`,
    );
  });

  it("names the Airbyte spec's date and the platform commit data/SOURCE.md gives", () => {
    const commit = /at commit\s+`([0-9a-f]{40})`\s+\(committed (\d{4}-\d{2}-\d{2})/.exec(source);
    const apiDate = /`api\.yaml`.*last changed by commit `[0-9a-f]{40}` \((\d{4}-\d{2}-\d{2})\)/.exec(source);
    const sdkDate =
      /`api_sdk\.yaml`[\s\S]*?last changed by commit\s+`[0-9a-f]{40}` on (\d{4}-\d{2}-\d{2})/.exec(source);
    expect(commit).not.toBeNull();
    expect(row("Airbyte server")).toContain(`commit \`${commit?.[1]?.slice(0, 8)}\` (${commit?.[2]})`);
    expect(row("Airbyte public API")).toContain(`last changed ${apiDate?.[1]}`);
    expect(row("Connector schemas")).toContain(`last changed ${sdkDate?.[1]}`);
    expect(row("Connector schemas")).toMatch(/(\d+) sources, (\d+) destinations/);
    const counts = /(\d+) sources, (\d+) destinations/.exec(row("Connector schemas"));
    expect(source).toContain(`(${counts?.[1]} sources, ${counts?.[2]} destinations)`);
  });

  it("is for the version in package.json, and ships in the package", () => {
    expect(doc).toContain(`What pulumi-airbyte ${pkg.version} runs on`);
    expect((JSON.parse(read("package.json")) as { files: string[] }).files).toContain(
      "docs/compatibility.md",
    );
  });
});

describe("CHANGELOG.md", () => {
  it("has an Unreleased section and one for package.json's version, and ships in the package", () => {
    const text = read("CHANGELOG.md");
    expect(text).toContain("## [Unreleased]");
    expect(text).toContain(`## [${pkg.version}]`);
    expect((JSON.parse(read("package.json")) as { files: string[] }).files).toContain("CHANGELOG.md");
  });
});
