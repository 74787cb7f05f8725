/**
 * URLs of API calls: the server URL's one normal form, paths with every parameter encoded, query strings,
 * and the redacted form that errors show.
 */

/** A query value: arrays become repeated parameters; `undefined` and empty arrays are left out. */
export type QueryValue = string | number | boolean | readonly string[] | undefined;

/**
 * The server URL in its one normal form: surrounding whitespace and trailing slashes removed, so that
 * `https://api.airbyte.com/v1/` and `https://api.airbyte.com/v1` build the same URLs and share a token.
 * Everything that compares or joins server URLs goes through here.
 */
export function trimServerUrl(serverUrl: string): string {
  return serverUrl.trim().replace(/\/+$/, "");
}

/**
 * Builds a path from a template, percent-encoding every interpolated value, so an id can never change the
 * route: ``encodePath`/sources/${id}` ``. An empty value is refused (`/sources/` is the list endpoint), and
 * so are `.` and `..`.
 */
export function encodePath(strings: TemplateStringsArray, ...values: readonly (string | number)[]): string {
  let out = strings[0] ?? "";
  values.forEach((value, i) => {
    const text = String(value);
    if (text === "") throw new TypeError(`empty path parameter in ${strings.join("{}")}`);
    // URL parsing resolves "." and ".." segments even when percent-encoded, so they cannot be made safe.
    if (text === "." || text === "..") throw new TypeError(`invalid path parameter ${JSON.stringify(text)}`);
    out += encodeURIComponent(text) + (strings[i + 1] ?? "");
  });
  return out;
}

/** Joins base, path and query; repeated parameters for arrays (the server accepts both forms). */
export function buildUrl(serverUrl: string, path: string, query?: Readonly<Record<string, QueryValue>>): URL {
  const url = new URL(`${trimServerUrl(serverUrl)}${path.startsWith("/") ? path : `/${path}`}`);
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value === undefined) continue;
    if (Array.isArray(value)) {
      for (const v of value as readonly string[]) url.searchParams.append(name, v);
    } else {
      url.searchParams.append(name, String(value));
    }
  }
  return url;
}

/** The URL as it may appear in errors and logs: no user-info. */
export function redactUrl(url: URL): string {
  if (url.username === "" && url.password === "") return url.toString();
  const copy = new URL(url.toString());
  copy.username = "";
  copy.password = "";
  return copy.toString();
}
