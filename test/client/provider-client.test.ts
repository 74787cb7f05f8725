/** The provider's client (provider/settings.ts `getClient`) against the emulator: the advice it adds. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../emulator/index.js";
import { AuthenticationError, NotFoundError } from "../../provider/api/errors.js";
import { closeSharedDispatcher } from "../../provider/api/http.js";
import { configureFrom, getClient } from "../../provider/settings.js";

/** Stack config as the engine hands it to `configure`. */
function configure(values: Record<string, string>): void {
  configureFrom({ get: (key) => values[key] });
}

afterEach(() => configure({}));
afterAll(() => closeSharedDispatcher());

describe("the provider's client", () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await startEmulator();
  });
  afterAll(() => emu.close());

  it("reports rejected credentials with the settings to check", async () => {
    configure({
      "airbyte:serverUrl": emu.url,
      "airbyte:clientId": emu.clientId,
      "airbyte:clientSecret": "not-the-secret",
    });
    const err = await getClient()
      .organizations.list()
      .catch((e: unknown) => e);
    expect(AuthenticationError.isInstance(err)).toBe(true);
    expect((err as Error).message).toMatch(
      /^Airbyte rejected the client credentials .*airbyte:clientSecret \(or AIRBYTE_CLIENT_SECRET\)/,
    );
    expect((err as Error).message).not.toContain("not-the-secret");
  });

  it("leaves other errors as the client says them", async () => {
    configure({
      "airbyte:serverUrl": emu.url,
      "airbyte:clientId": emu.clientId,
      "airbyte:clientSecret": emu.clientSecret,
    });
    const err = await getClient()
      .workspaces.get("00000000-0000-4000-8000-000000000000")
      .catch((e: unknown) => e);
    expect(NotFoundError.isInstance(err)).toBe(true);
    expect((err as NotFoundError).hint).toBeUndefined();
  });
});
