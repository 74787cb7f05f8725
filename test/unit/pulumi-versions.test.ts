/**
 * The Pulumi versions are pinned once, in tools/pulumi-versions.env; the files the tools read
 * (the wrapper modules' go.mod for Go, package.json and package-lock.json for npm) must say the same.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { PULUMI_PINS } from "../pulumi-pins.js";

const root = path.resolve(import.meta.dirname, "../..");
const read = (file: string) => readFileSync(path.join(root, file), "utf8");

const pins = PULUMI_PINS;

/** The version a go.mod requires of a module. */
function required(goMod: string, module: string): string | undefined {
  const line = read(goMod)
    .split("\n")
    .map((l) => l.trim().split(/\s+/))
    .find(([name]) => name === module);
  return line?.[1];
}

it("pins the CLI, the language hosts and the SDKs", () => {
  expect(Object.keys(pins).sort()).toEqual(
    [
      "PULUMI_CLI",
      "PULUMI_LANGUAGE_HOST",
      "PULUMI_LANGUAGE_HOST_PKG",
      "PULUMI_NODEJS_SDK",
      "PULUMI_YAML_HOST",
      "PULUMI_PYTHON_SDK",
      "PULUMI_GO_SDK",
    ].sort(),
  );
});

it("the CLI's wrapper module requires the pinned CLI", () => {
  expect(required("tools/pulumi-cli/go.mod", "github.com/pulumi/pulumi/pkg/v3")).toBe(pins.PULUMI_CLI);
  expect(required("tools/pulumi-cli/go.mod", "github.com/pulumi/pulumi/sdk/v3")).toBe(pins.PULUMI_CLI);
});

it.each(["nodejs", "python", "go"])(
  "the %s language host's wrapper module requires the pinned host and the release it builds against",
  (lang) => {
    const goMod = `tools/pulumi-language-${lang}/go.mod`;
    const host =
      lang === "go"
        ? "github.com/pulumi/pulumi/sdk/go/pulumi-language-go/v3"
        : `github.com/pulumi/pulumi/sdk/${lang}/cmd/pulumi-language-${lang}/v3`;
    expect(required(goMod, host)).toBe(pins.PULUMI_LANGUAGE_HOST);
    expect(required(goMod, "github.com/pulumi/pulumi/pkg/v3")).toBe(pins.PULUMI_LANGUAGE_HOST_PKG);
    expect(required(goMod, "github.com/pulumi/pulumi/sdk/v3")).toBe(pins.PULUMI_LANGUAGE_HOST_PKG);
  },
);

it("the YAML language host's wrapper module requires the pinned release", () => {
  expect(required("tools/pulumi-language-yaml/go.mod", "github.com/pulumi/pulumi-yaml")).toBe(
    pins.PULUMI_YAML_HOST,
  );
});

it("package.json and its lock file depend on the pinned SDK, exactly", () => {
  const pkg = JSON.parse(read("package.json")) as { dependencies: Record<string, string> };
  expect(pkg.dependencies["@pulumi/pulumi"]).toBe(pins.PULUMI_NODEJS_SDK);
  const lock = JSON.parse(read("package-lock.json")) as {
    packages: Record<string, { version?: string; dependencies?: Record<string, string> }>;
  };
  expect(lock.packages[""]?.dependencies?.["@pulumi/pulumi"]).toBe(pins.PULUMI_NODEJS_SDK);
  expect(lock.packages["node_modules/@pulumi/pulumi"]?.version).toBe(pins.PULUMI_NODEJS_SDK);
});
