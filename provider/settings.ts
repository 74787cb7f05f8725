import { type AirbyteCredentials, credentialsKey } from "./api/auth.js";
import { AirbyteClient } from "./api/client.js";
import {
  AirbyteConnectionError,
  type AirbyteError,
  AirbyteResponseValidationError,
  AuthenticationError,
} from "./api/errors.js";
import { trimServerUrl } from "./api/url.js";
import { log } from "./logger.js";

/**
 * Where the provider talks to and how it authenticates. Resolved inside the dynamic-provider
 * process from stack config or the environment, so credentials never reach resource inputs,
 * outputs or the serialized provider code.
 */
export interface ProviderSettings {
  /** The API base, e.g. `https://api.airbyte.com/v1` or `http://host:8000/api/public/v1`. */
  readonly serverUrl: string;
  /** OAuth2 client credentials or a bearer token. */
  readonly credentials: AirbyteCredentials;
  /** Whether a plain-http server URL to another machine is allowed (`airbyte:allowInsecureHttp`). */
  readonly allowInsecureHttp?: boolean;
  /**
   * Whether every create first looks for a like object an interrupted run may have made
   * (`airbyte:scanBeforeCreate`), rather than only when the create records hold one of a run that
   * died. Unset: only where the records cannot outlive the machine (Pulumi Cloud and backends other
   * than a folder or S3; see docs/reliability.md).
   */
  readonly scanBeforeCreate?: boolean;
}

/** The stack-config keys the provider reads (the Terraform provider's names, for easy migration). */
export const CONFIG_KEYS = {
  serverUrl: "airbyte:serverUrl",
  clientId: "airbyte:clientId",
  clientSecret: "airbyte:clientSecret",
  bearerToken: "airbyte:bearerToken",
  allowInsecureHttp: "airbyte:allowInsecureHttp",
  scanBeforeCreate: "airbyte:scanBeforeCreate",
  debug: "airbyte:debug",
} as const;

/** The environment variables used when stack config does not set a value. */
export const ENV_KEYS = {
  serverUrl: "AIRBYTE_SERVER_URL",
  clientId: "AIRBYTE_CLIENT_ID",
  clientSecret: "AIRBYTE_CLIENT_SECRET",
  bearerToken: "AIRBYTE_BEARER_TOKEN",
  allowInsecureHttp: "AIRBYTE_ALLOW_INSECURE_HTTP",
  scanBeforeCreate: "AIRBYTE_SCAN_BEFORE_CREATE",
  debug: "AIRBYTE_DEBUG",
} as const;

/** Airbyte Cloud's public API, used when neither config nor environment names a server. */
export const DEFAULT_SERVER_URL = "https://api.airbyte.com/v1";

type SettingName = keyof typeof CONFIG_KEYS;

/** A source of raw setting values: Pulumi's dynamic-provider config, or a plain record in tests. */
export interface ConfigSource {
  get(key: string): string | undefined;
}

/** Raised when no usable credentials are configured; the message says how to set them. */
export class MissingCredentialsError extends Error {
  override readonly name = "MissingCredentialsError";
  private readonly missingCredentialsBrand = true;

  /** True for an instance of this class from any copy of the package loaded in the process. */
  static isInstance(value: unknown): value is MissingCredentialsError {
    return (
      value instanceof Error &&
      (value as { missingCredentialsBrand?: unknown }).missingCredentialsBrand === true
    );
  }
}

let configured: Partial<Record<SettingName, string>> = {};

/**
 * Records the stack config handed to the dynamic provider's `configure`. Only the
 * `airbyte:*` keys of {@link CONFIG_KEYS} are kept; the rest of the stack config is ignored.
 */
export function configureFrom(source: ConfigSource): void {
  const next: Partial<Record<SettingName, string>> = {};
  for (const name of Object.keys(CONFIG_KEYS) as SettingName[]) {
    const value = source.get(CONFIG_KEYS[name]);
    if (value !== undefined && value !== "") next[name] = value;
  }
  configured = next;
}

/** A setting's raw value: stack config first, then the environment. */
function pick(name: SettingName, env: NodeJS.ProcessEnv): string | undefined {
  const fromConfig = configured[name];
  if (fromConfig !== undefined) return fromConfig;
  const fromEnv = env[ENV_KEYS[name]];
  return fromEnv === undefined || fromEnv === "" ? undefined : fromEnv;
}

/**
 * The server the stack's resources are managed on: `airbyte:serverUrl`, else `AIRBYTE_SERVER_URL`,
 * else Airbyte Cloud. Unlike {@link resolveSettings}, it needs no credentials.
 */
export function configuredServerUrl(env: NodeJS.ProcessEnv = process.env): string {
  return trimServerUrl(pick("serverUrl", env) ?? DEFAULT_SERVER_URL);
}

/**
 * Whether failures keep their stack traces and causes (`airbyte:debug true` or `AIRBYTE_DEBUG=true`):
 * for someone investigating the package itself; a user fixing a setting needs the message only.
 */
export function debugEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return pick("debug", env) === "true";
}

/**
 * Resolves settings: stack config wins over the environment, a bearer token wins over client
 * credentials, and a half-set client credential pair is an error rather than a silent fallback.
 */
export function resolveSettings(env: NodeJS.ProcessEnv = process.env): ProviderSettings {
  const serverUrl = configuredServerUrl(env);
  const flags = {
    ...(pick("allowInsecureHttp", env) === "true" && { allowInsecureHttp: true }),
    ...(pick("scanBeforeCreate", env) === "true" && { scanBeforeCreate: true }),
    ...(pick("scanBeforeCreate", env) === "false" && { scanBeforeCreate: false }),
  };
  const bearerToken = pick("bearerToken", env);
  if (bearerToken !== undefined) return { serverUrl, credentials: { bearerToken }, ...flags };
  const clientId = pick("clientId", env);
  const clientSecret = pick("clientSecret", env);
  if (clientId !== undefined && clientSecret !== undefined) {
    return { serverUrl, credentials: { clientId, clientSecret }, ...flags };
  }
  const missing = clientId === undefined ? "clientId" : "clientSecret";
  throw new MissingCredentialsError(
    `No Airbyte credentials: ${missing} is not set. Set \`pulumi config set airbyte:clientId <id>\` and ` +
      "`pulumi config set --secret airbyte:clientSecret <secret>` (or AIRBYTE_CLIENT_ID / AIRBYTE_CLIENT_SECRET), " +
      "or give a token with `pulumi config set --secret airbyte:bearerToken <token>` (or AIRBYTE_BEARER_TOKEN).",
  );
}

/** `airbyte:<name>` (or `AIRBYTE_<NAME>`), as the hints spell a setting. */
function where(name: SettingName): string {
  return `${CONFIG_KEYS[name]} (or ${ENV_KEYS[name]})`;
}

/**
 * What the user can change in stack config or the environment to fix `error`, for the client's
 * `errorHint`: the client knows the request and the response, the provider knows where its settings
 * come from. `undefined` when no setting can be to blame.
 */
export function settingsHint(error: AirbyteError): string | undefined {
  if (AuthenticationError.isInstance(error)) {
    return (
      `Credentials are set with ${where("clientId")} and ${where("clientSecret")}, or ${where("bearerToken")}; ` +
      `the server URL with ${where("serverUrl")}.`
    );
  }
  if (AirbyteResponseValidationError.isInstance(error)) {
    return `The server URL is set with ${where("serverUrl")}.`;
  }
  if (AirbyteConnectionError.isInstance(error)) {
    return `Check that Airbyte runs there and that ${where("serverUrl")} names it.`;
  }
  return undefined;
}

const clients = new Map<string, AirbyteClient>();

/** A client, with the setting to change named when the server URL is refused. */
function newClient(options: ConstructorParameters<typeof AirbyteClient>[0]): AirbyteClient {
  try {
    return new AirbyteClient(options);
  } catch (error) {
    if (error instanceof TypeError && /plain http/.test(error.message)) {
      throw new TypeError(
        `${error.message} In Pulumi: set ${where("serverUrl")} to an https URL, or \`pulumi config set airbyte:allowInsecureHttp true\` (or AIRBYTE_ALLOW_INSECURE_HTTP=true).`,
      );
    }
    throw error;
  }
}

/**
 * The process-wide client for the current settings. One client (one connection pool, one token
 * cache entry) per server and credential, however many resources the engine works on in parallel.
 */
export function getClient(): AirbyteClient {
  const settings = resolveSettings();
  // Hashed like the token cache's keys: a secret in a map key shows up in heap snapshots and dumps.
  const key = `${credentialsKey(settings.serverUrl, settings.credentials)}:${settings.allowInsecureHttp === true}`;
  let client = clients.get(key);
  if (client === undefined) {
    const insecure = settings.allowInsecureHttp === true;
    client = newClient({
      serverUrl: settings.serverUrl,
      credentials: settings.credentials,
      allowInsecureHttp: insecure,
      errorHint: settingsHint,
      // Retries and token refreshes, at debug level: where they go is the provider's logger's choice.
      logger: log,
    });
    clients.set(key, client);
  }
  return client;
}

/** Each setting's type and meaning, for a face that declares them (the native plugin's schema). */
export const SETTING_DOCS: Readonly<
  Record<
    SettingName,
    { readonly type: "string" | "boolean"; readonly secret?: true; readonly description: string }
  >
> = {
  serverUrl: {
    type: "string",
    description: `The Airbyte public API base URL (default ${DEFAULT_SERVER_URL}; self-managed: <host>/api/public/v1). Env: ${ENV_KEYS.serverUrl}.`,
  },
  clientId: {
    type: "string",
    description: `The OAuth2 client id of an Airbyte application. Env: ${ENV_KEYS.clientId}.`,
  },
  clientSecret: {
    type: "string",
    secret: true,
    description: `The OAuth2 client secret of that application. Env: ${ENV_KEYS.clientSecret}.`,
  },
  bearerToken: {
    type: "string",
    secret: true,
    description: `A bearer token to use instead of client credentials. Env: ${ENV_KEYS.bearerToken}.`,
  },
  allowInsecureHttp: {
    type: "boolean",
    description: `Allow a plain-http server URL to another machine. Env: ${ENV_KEYS.allowInsecureHttp}.`,
  },
  scanBeforeCreate: {
    type: "boolean",
    description: `Look before every create for a like object a killed run may have made. Env: ${ENV_KEYS.scanBeforeCreate}.`,
  },
  debug: {
    type: "boolean",
    description: `Keep stack traces and causes in errors, for debugging the package. Env: ${ENV_KEYS.debug}.`,
  },
};
