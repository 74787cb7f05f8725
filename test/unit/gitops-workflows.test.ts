/**
 * The CI files of examples/gitops cannot run here (they need GitHub or GitLab), so what they rely on
 * is checked instead: they are valid YAML, every `pulumi-airbyte` command they run parses with the
 * CI entry point's own flags, and every stack and policy config file they name exists; the nightly
 * drift check runs on a schedule, changes nothing, and fails or reports on drift.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { parseDeployArgs } from "../../cli/index.js";
import { REPO_ROOT } from "../e2e/harness.js";

const STACKS = ["dev", "staging", "prod"];

/** Every shell line of a workflow (GitHub `run`, GitLab `script`/`before_script`), continuations joined. */
function shellOf(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) shellOf(v, out);
  else if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      if ((k === "run" || k === "script" || k === "before_script") && typeof v === "string") out.push(v);
      else if ((k === "script" || k === "before_script") && Array.isArray(v)) out.push(...v.map(String));
      else shellOf(v, out);
    }
  }
  return out.map((s) => s.replace(/\\\n\s*/g, " ").replace(/\n(?=\s*--)/g, " "));
}

/** The CI entry point's invocations in a workflow, for one stack, with variables filled in. */
function invocations(file: string, stack: string, vars: Record<string, string>): string[][] {
  const doc = parse(readFileSync(path.join(REPO_ROOT, file), "utf8")) as unknown;
  const fill = (s: string) =>
    s
      .replace(/\$\{\{ matrix\.stack \}\}/g, stack)
      .replace(/"?\$(?:\{)?STACK\}?"?/g, stack)
      .replace(/"?\$(?:\{)?(GITHUB_WORKSPACE|CI_PROJECT_DIR)\}?\/?/g, "")
      .replace(/\$(?:\{)?(\w+)\}?/g, (m, name: string) => vars[name] ?? m)
      .replace(/"/g, "");
  return shellOf(doc)
    .flatMap((s) => s.split("\n"))
    .map((l) => fill(l.trim()))
    .filter((l) => l.startsWith("npx pulumi-airbyte "))
    .map((l) => l.replace(/;.*$/, "").split(/\s+/).slice(2));
}

describe.each([
  ["examples/gitops/github/workflows/airbyte.yml", ["preview", "up"]],
  ["examples/gitops/github/workflows/airbyte-drift.yml", ["refresh"]],
  ["examples/gitops/gitlab/.gitlab-ci.yml", ["preview", "refresh", "up"]],
])("%s", (file, commands) => {
  const doc = parse(readFileSync(path.join(REPO_ROOT, file), "utf8")) as Record<string, unknown>;
  const env = ((doc.env ?? doc.variables) as Record<string, string>) ?? {};

  it("names the project (and policy pack) folders of this repository", () => {
    expect(existsSync(path.join(REPO_ROOT, env.PROJECT_DIR ?? "?", "Pulumi.yaml"))).toBe(true);
    if (commands.includes("preview")) {
      expect(existsSync(path.join(REPO_ROOT, env.POLICY_DIR ?? "?", "PulumiPolicy.yaml"))).toBe(true);
    }
  });

  it.each(STACKS)(
    "runs %s's commands with flags the CI entry point accepts, on files that exist",
    (stack) => {
      const calls = invocations(file, stack, env);
      expect(calls.map((c) => c[0]).sort()).toEqual(commands);
      for (const [command, ...args] of calls) {
        const options = parseDeployArgs(command as "preview" | "up" | "refresh", args);
        expect(options.stack).toBe(stack);
        expect(existsSync(path.join(REPO_ROOT, env.PROJECT_DIR ?? "?", `Pulumi.${stack}.yaml`))).toBe(true);
        for (const p of [...(options.policyPacks ?? []), ...(options.policyPackConfigs ?? [])]) {
          expect(existsSync(path.join(REPO_ROOT, p)), p).toBe(true);
        }
        if (command === "refresh") {
          // A drift check: reads without writing state, exits 2 on drift, writes the summary.
          expect(options).toMatchObject({ previewOnly: true, detailedExitCode: true });
          expect(options.summaryMd).toMatch(/drift/);
        } else {
          expect(options.policyPackConfigs).toHaveLength(1);
        }
      }
    },
  );
});

describe("the nightly drift checks", () => {
  it("run on GitHub on a schedule (and by hand), and open or update an issue on drift", () => {
    const file = "examples/gitops/github/workflows/airbyte-drift.yml";
    const doc = parse(readFileSync(path.join(REPO_ROOT, file), "utf8")) as {
      on: Record<string, unknown>;
      permissions: Record<string, string>;
    };
    expect(Object.keys(doc.on).sort()).toEqual(["schedule", "workflow_dispatch"]);
    expect(doc.permissions).toEqual({ contents: "read", issues: "write" });
    const shell = shellOf(doc).join("\n");
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub Actions expression, not JavaScript.
    expect(shell).toContain('gh issue create --repo ${{ github.repository }} --title "$title"');
    expect(shell).toMatch(/\[ "\$code" -eq 0 \] \|\| \[ "\$code" -eq 2 \]/);
  });

  it("run on GitLab only in scheduled pipelines, and a schedule deploys nothing", () => {
    const doc = parse(
      readFileSync(path.join(REPO_ROOT, "examples/gitops/gitlab/.gitlab-ci.yml"), "utf8"),
    ) as Record<string, { rules?: Array<{ if?: string }>; extends?: string }>;
    const rules = (job: string) =>
      (doc[job]?.rules ?? doc[doc[job]?.extends ?? ""]?.rules ?? []).map((r) => r.if);
    for (const stack of STACKS) {
      expect(rules(`drift:${stack}`)).toEqual(['$CI_PIPELINE_SOURCE == "schedule"']);
      for (const rule of rules(`deploy:${stack}`)) expect(rule).toContain('$CI_PIPELINE_SOURCE == "push"');
    }
  });
});
