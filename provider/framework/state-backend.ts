/**
 * Where the stack's state lives, as the Pulumi CLI that started this provider decides it: the
 * provider process inherits the CLI's environment and working folder, so it can follow the same
 * three steps. Create records are kept beside the state when the backend is storage this provider
 * can write (a folder, an S3 bucket), so a run re-run on a fresh CI runner finds them.
 */
import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";
import { parse as parseYaml } from "yaml";

/** Pulumi Cloud, where the CLI goes when nothing names a backend. */
export const PULUMI_CLOUD_URL = "https://api.pulumi.com";

/** A state backend, as far as create records care. */
export type StateBackend =
  /** A `file://` backend: a folder. */
  | { readonly kind: "file"; readonly url: string; readonly dir: string }
  /** An `s3://bucket/prefix?…` backend (AWS or an S3-compatible store). */
  | {
      readonly kind: "s3";
      readonly url: string;
      readonly bucket: string;
      /** The key prefix Pulumi keeps `.pulumi/` under: "" or ending with "/". */
      readonly prefix: string;
      readonly query: URLSearchParams;
    }
  /** Pulumi Cloud, `gs://`, `azblob://` and any other: no storage of the provider's own there. */
  | { readonly kind: "other"; readonly url: string };

/** Where a backend URL came from, in the CLI's order. */
export type BackendSource = "PULUMI_BACKEND_URL" | "Pulumi.yaml" | "credentials.json" | "default";

/** What {@link resolveStateBackend} reads; the process's own by default. */
export interface BackendLookup {
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  readonly home?: string;
}

/**
 * The backend URL as the CLI picks it (`GetCurrentCloudURLWithSource` in Pulumi's
 * `pkg/workspace/creds.go`): `PULUMI_BACKEND_URL`, else the project file's `backend.url`, else the
 * `current` of `$PULUMI_HOME/credentials.json` (written by `pulumi login`), else Pulumi Cloud.
 */
export function backendUrl(lookup: BackendLookup = {}): { url: string; source: BackendSource } {
  const env = lookup.env ?? process.env;
  const fromEnv = env.PULUMI_BACKEND_URL;
  if (fromEnv !== undefined && fromEnv !== "") return { url: fromEnv, source: "PULUMI_BACKEND_URL" };
  const project = projectFile(lookup.cwd ?? process.cwd());
  if (project !== undefined) {
    const doc = parseYaml(readFileSync(project, "utf8")) as { backend?: { url?: unknown } } | null;
    const url = doc?.backend?.url;
    if (typeof url === "string" && url !== "") return { url, source: "Pulumi.yaml" };
  }
  const home = env.PULUMI_HOME || path.join(lookup.home ?? homedir(), ".pulumi");
  const credentials = path.join(home, "credentials.json");
  if (existsSync(credentials)) {
    const current = (JSON.parse(readFileSync(credentials, "utf8")) as { current?: unknown }).current;
    if (typeof current === "string" && current !== "") return { url: current, source: "credentials.json" };
  }
  return { url: PULUMI_CLOUD_URL, source: "default" };
}

/** The project file the CLI would load: `Pulumi.yaml` (or `.yml`) here or in a folder above. */
function projectFile(start: string): string | undefined {
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    for (const name of ["Pulumi.yaml", "Pulumi.yml"]) {
      if (existsSync(path.join(dir, name))) return path.join(dir, name);
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}

/**
 * A backend URL read the way Pulumi's DIY backend reads it (`massageBlobPath` in
 * `pkg/backend/diy/backend.go`): `file://~/x` is under the home folder, a relative folder is
 * relative to the working folder, and `s3://bucket/sub` keeps its state under `sub/`.
 */
export function parseBackendUrl(url: string, lookup: BackendLookup = {}): StateBackend {
  if (url.startsWith("file://")) {
    let dir = decodeURIComponent(url.slice("file://".length).split("?")[0] ?? "");
    if (dir === "~" || dir.startsWith("~/")) dir = path.join(lookup.home ?? homedir(), dir.slice(2));
    return { kind: "file", url, dir: path.resolve(lookup.cwd ?? process.cwd(), dir) };
  }
  if (url.startsWith("s3://")) {
    const parsed = new URL(url);
    const sub = decodeURIComponent(parsed.pathname).replace(/^\/+/, "");
    return {
      kind: "s3",
      url,
      bucket: parsed.hostname,
      prefix: sub === "" || sub.endsWith("/") ? sub : `${sub}/`,
      query: parsed.searchParams,
    };
  }
  return { kind: "other", url };
}

/** The backend of the CLI that started this process. */
export function resolveStateBackend(lookup: BackendLookup = {}): StateBackend {
  return parseBackendUrl(backendUrl(lookup).url, lookup);
}
