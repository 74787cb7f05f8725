/**
 * The Pulumi versions pinned in tools/pulumi-versions.env (KEY=value lines between comments), for
 * the tests that check them and the tests that make projects on them.
 */
import { readFileSync } from "node:fs";
import path from "node:path";

const file = path.resolve(import.meta.dirname, "..", "tools", "pulumi-versions.env");

/** Every pin, by name (PULUMI_CLI, PULUMI_GO_SDK, …). */
export const PULUMI_PINS: Readonly<Record<string, string>> = Object.fromEntries(
  readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => /^[A-Z_]+=/.test(line))
    .map((line) => line.split("=", 2) as [string, string]),
);

/**
 * One pin's value.
 * @throws When tools/pulumi-versions.env has no such pin.
 */
export function pin(name: string): string {
  const value = PULUMI_PINS[name];
  if (value === undefined) throw new Error(`tools/pulumi-versions.env pins no ${name}`);
  return value;
}
