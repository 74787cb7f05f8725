/** The User-Agent version comes from package.json, found from the module's own place wherever it runs. */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MockAgent } from "undici";
import { afterAll, expect, it } from "vitest";
import { Transport } from "../../provider/api/http.js";
import { findPackageVersion, packageVersion, UNKNOWN_VERSION } from "../../provider/api/version.js";

const pkg = JSON.parse(readFileSync(join(import.meta.dirname, "../../package.json"), "utf8")) as {
  version: string;
};
const tmp = mkdtempSync(join(tmpdir(), "pulumi-airbyte-version-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function write(file: string, json: unknown): void {
  mkdirSync(join(file, ".."), { recursive: true });
  writeFileSync(file, JSON.stringify(json));
}

it("is the repository's package.json version from the sources", () => {
  expect(packageVersion()).toBe(pkg.version);
});

it("is found from an installed package's dist/, past other package.json files", () => {
  const installed = join(tmp, "project/node_modules/pulumi-airbyte");
  write(join(tmp, "project/package.json"), { name: "my-stack", version: "9.9.9" });
  write(join(installed, "package.json"), { name: "pulumi-airbyte", version: "1.2.3" });
  // A folder-level package.json without a name, as some builds write to mark ES modules.
  write(join(installed, "dist/package.json"), { type: "module" });
  const apiDir = join(installed, "dist/provider/api");
  mkdirSync(apiDir, { recursive: true });
  expect(findPackageVersion(apiDir)).toBe("1.2.3");
});

it("says it does not know rather than guessing", () => {
  const lonely = join(tmp, "lonely/dist/provider/api");
  mkdirSync(lonely, { recursive: true });
  write(join(tmp, "lonely/package.json"), { name: "something-else", version: "2.0.0" });
  // The walk goes up to the file system's root; nothing above tmp is named pulumi-airbyte.
  expect(findPackageVersion(lonely)).toBe(UNKNOWN_VERSION);
});

it("is sent in the User-Agent header", async () => {
  const agent = new MockAgent({ enableCallHistory: true });
  agent.disableNetConnect();
  agent.get("https://airbyte.test").intercept({ path: "/v1/organizations", method: "GET" }).reply(204);
  await new Transport({
    serverUrl: "https://airbyte.test/v1",
    credentials: { bearerToken: "t" },
    dispatcher: agent,
  }).request({ method: "GET", path: "/organizations" });
  expect(agent.getCallHistory()?.firstCall()?.headers?.["user-agent"]).toBe(`pulumi-airbyte/${pkg.version}`);
  await agent.close();
});
