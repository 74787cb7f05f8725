/**
 * provider/settings.ts without a network: the advice it adds to the client's errors, and the
 * process-wide client cache. Its client against a server is in test/client/provider-client.test.ts.
 */
import { afterEach, describe, expect, it } from "vitest";
import { AirbyteApiError, AirbyteResponseValidationError } from "../../provider/api/errors.js";
import { configureFrom, settingsHint } from "../../provider/settings.js";

const req = { method: "GET", url: "https://api.airbyte.com/v1/workspaces/w" };

/** Stack config as the engine hands it to `configure`. */
function configure(values: Record<string, string>): void {
  configureFrom({ get: (key) => values[key] });
}

afterEach(() => configure({}));

describe("settingsHint", () => {
  it("names every credential setting, in stack config and the environment, on a 401", () => {
    const hint = settingsHint(AirbyteApiError.from(401, {}, req));
    for (const name of [
      "airbyte:clientId",
      "airbyte:clientSecret",
      "airbyte:bearerToken",
      "airbyte:serverUrl",
      "AIRBYTE_CLIENT_ID",
      "AIRBYTE_CLIENT_SECRET",
      "AIRBYTE_BEARER_TOKEN",
      "AIRBYTE_SERVER_URL",
    ]) {
      expect(hint).toContain(name);
    }
  });

  it("names the server URL setting when the answer is not the API's", () => {
    expect(settingsHint(new AirbyteResponseValidationError(req, 200, "not JSON"))).toBe(
      "The server URL is set with airbyte:serverUrl (or AIRBYTE_SERVER_URL).",
    );
  });

  it("adds nothing where no setting is to blame", () => {
    expect(settingsHint(AirbyteApiError.from(404, {}, req))).toBeUndefined();
  });
});
