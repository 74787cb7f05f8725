/**
 * provider/settings.ts without a network: the advice it adds to the client's errors, and the
 * process-wide client cache. Its client against a server is in test/client/provider-client.test.ts.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { AirbyteApiError, AirbyteResponseValidationError } from "../../provider/api/errors.js";
import { configureFrom, getClient, settingsHint } from "../../provider/settings.js";

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

describe("the client cache", () => {
  const SECRET = "s3cret-that-must-not-be-a-key";
  const TOKEN = "bearer-that-must-not-be-a-key";

  /** Every string key any Map is given while `run` runs. */
  function mapKeysDuring(run: () => void): string[] {
    const set = vi.spyOn(Map.prototype, "set");
    try {
      run();
      return set.mock.calls.map(([key]) => key).filter((key): key is string => typeof key === "string");
    } finally {
      set.mockRestore();
    }
  }

  it("keys clients by a hash, never by the client secret or the bearer token", () => {
    const keys = mapKeysDuring(() => {
      configure({
        "airbyte:serverUrl": "https://a.test/v1",
        "airbyte:clientId": "id",
        "airbyte:clientSecret": SECRET,
      });
      getClient();
      configure({ "airbyte:serverUrl": "https://a.test/v1", "airbyte:bearerToken": TOKEN });
      getClient();
    });
    expect(keys.length).toBeGreaterThanOrEqual(2);
    for (const key of keys) {
      expect(key).not.toContain(SECRET);
      expect(key).not.toContain(TOKEN);
    }
  });

  it("still gives one client per server and credential, and a new one for a rotated secret", () => {
    const settings = { "airbyte:serverUrl": "https://b.test/v1", "airbyte:clientId": "id" };
    configure({ ...settings, "airbyte:clientSecret": "one" });
    const first = getClient();
    expect(getClient()).toBe(first);
    configure({ ...settings, "airbyte:serverUrl": "https://b.test/v1/", "airbyte:clientSecret": "one" });
    expect(getClient()).toBe(first);
    configure({ ...settings, "airbyte:clientSecret": "two" });
    expect(getClient()).not.toBe(first);
  });
});

describe("plain http", () => {
  it("is refused to another machine, naming the setting that allows it, and allowed when asked", () => {
    configure({
      "airbyte:serverUrl": "http://airbyte.internal:8000/api/public/v1",
      "airbyte:bearerToken": "t",
    });
    expect(() => getClient()).toThrow(/plain http.*airbyte:allowInsecureHttp true/);
    configure({
      "airbyte:serverUrl": "http://airbyte.internal:8000/api/public/v1",
      "airbyte:bearerToken": "t",
      "airbyte:allowInsecureHttp": "true",
    });
    expect(getClient()).toBeDefined();
  });
});
