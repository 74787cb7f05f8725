import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain ES module script, without types
import { generate, outputPath } from "../../scripts/generate-connector-types.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const KINDS = ["source", "destination"] as const;
const generated = generate as (kind: string) => string;
const pathOf = outputPath as (kind: string) => string;

describe("the generated connector configuration types", () => {
  it.each(KINDS)("are up to date with data/connector-specs.json (%s)", (kind) => {
    // If this fails: npm run generate:types, and commit the result.
    expect(readFileSync(pathOf(kind), "utf8")).toBe(generated(kind));
  });

  it("type every connector whose schema ships, by its name", () => {
    const specs = JSON.parse(readFileSync(resolve(root, "data/connector-specs.json"), "utf8")) as object;
    for (const kind of KINDS) {
      const text = readFileSync(pathOf(kind), "utf8");
      const map = text.slice(
        text.indexOf(`export interface ${kind === "source" ? "Source" : "Destination"}Configurations {`),
      );
      const names = [...map.matchAll(/^ {2}"?([^":]+)"?: \w+;$/gm)].map((m) => m[1]);
      const shipped = Object.keys(specs)
        .filter((k) => k.startsWith(`${kind}-`))
        .map((k) => k.slice(kind.length + 1));
      expect(names.sort()).toEqual(shipped.sort());
    }
    expect(Object.keys(specs)).toHaveLength(600);
  });
});

/**
 * Type-checks test/fixtures/typed-configuration.ts with its `@ts-expect-error` comments blanked
 * out: the errors must be exactly on the lines those comments marked, each for its stated reason.
 */
describe("a program's typed configurations (tsc on a fixture)", () => {
  it("refuses a misspelt key, a missing key, a string port and a wrong branch, and nothing else", () => {
    const fixture = resolve(root, "test/fixtures/typed-configuration.ts");
    const original = readFileSync(fixture, "utf8");
    const lines = original.split("\n");
    const expected = new Map<number, string>();
    const blanked = lines.map((line, i) => {
      const m = /\/\/ @ts-expect-error (.*)$/.exec(line);
      if (m === null) return line;
      expected.set(i + 2, m[1] ?? "");
      return "";
    });
    const config = ts.getParsedCommandLineOfConfigFile(
      resolve(root, "tsconfig.json"),
      {},
      {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: (d) => {
          throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
        },
      },
    );
    if (config === undefined) throw new Error("tsconfig.json did not parse");
    const host = ts.createCompilerHost(config.options);
    const getSourceFile = host.getSourceFile.bind(host);
    host.getSourceFile = (name, language, onError, fresh) =>
      resolve(name) === fixture
        ? ts.createSourceFile(name, blanked.join("\n"), language)
        : getSourceFile(name, language, onError, fresh);
    const program = ts.createProgram({
      rootNames: [fixture],
      options: { ...config.options, noEmit: true },
      host,
    });
    const file = program.getSourceFile(fixture);
    if (file === undefined) throw new Error("the fixture was not loaded");
    const errors = new Map<number, string>();
    for (const d of [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)]) {
      const line = file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1;
      errors.set(line, `${errors.get(line) ?? ""}${ts.flattenDiagnosticMessageText(d.messageText, " ")}`);
    }
    expect([...errors.keys()].sort((a, b) => a - b)).toEqual([...expected.keys()].sort((a, b) => a - b));
    const reasons: Record<string, RegExp> = {
      "misspelt key": /'sslmode' does not exist/,
      "missing required key": /Property 'database' is missing/,
      "string port": /'string' is not assignable to type '(DeepInput<)?number/,
      "unknown branch": /"NOPE"/,
      "misspelt key through an alias": /'seeds' does not exist/,
    };
    for (const [line, comment] of expected) {
      const kind = Object.keys(reasons).find((k) => comment.startsWith(`${k}:`));
      expect(kind, `line ${line - 1}: an unknown reason "${comment}"`).toBeDefined();
      expect(errors.get(line), `line ${line}`).toMatch(reasons[kind ?? ""] ?? /$^/);
    }
  }, 120_000);
});
