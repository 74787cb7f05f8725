/**
 * The package's own version, for the `User-Agent` header. It is read from package.json at run time, so the
 * version is written in one place; a copy in the source would drift at the first release that forgets it.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The `name` of this package's package.json, to tell it from other package.json files on the way up. */
export const PACKAGE_NAME = "pulumi-airbyte";

/** What {@link packageVersion} answers when no package.json of this package is found. */
export const UNKNOWN_VERSION = "0.0.0-unknown";

/**
 * The version in the nearest package.json named {@link PACKAGE_NAME}, looking in `startDir` and its
 * parents. Walking up instead of using a fixed relative path is what makes the same code work from the
 * sources (`provider/api/`), from the build (`dist/provider/api/`) and from an installed package
 * (`node_modules/pulumi-airbyte/dist/provider/api/`); a package.json of another name on the way (a user's
 * project, a folder's `{"type": "module"}`) is passed over.
 * @param startDir - The folder to start in.
 * @returns The version, or {@link UNKNOWN_VERSION}.
 */
export function findPackageVersion(startDir: string): string {
  const root = findPackageRoot(startDir);
  return root === undefined ? UNKNOWN_VERSION : (versionIn(join(root, "package.json")) ?? UNKNOWN_VERSION);
}

/**
 * The folder of the nearest package.json named {@link PACKAGE_NAME} in `startDir` or above it (see
 * {@link findPackageVersion}): where the package's data files are, from the sources, the build or an
 * installed copy alike.
 * @param startDir - The folder to start in.
 * @returns The package's root folder, or `undefined`.
 */
export function findPackageRoot(startDir: string): string | undefined {
  for (let dir = startDir; ; ) {
    if (versionIn(join(dir, "package.json")) !== undefined) return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function versionIn(file: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
  try {
    const pkg = JSON.parse(text) as { name?: unknown; version?: unknown };
    return pkg.name === PACKAGE_NAME && typeof pkg.version === "string" ? pkg.version : undefined;
  } catch {
    return undefined;
  }
}

let cached: string | undefined;

/** This package's version, read once, relative to this module's own file. */
export function packageVersion(): string {
  cached ??= findPackageVersion(dirname(fileURLToPath(import.meta.url)));
  return cached;
}

/** The package's `User-Agent` product token, e.g. `pulumi-airbyte/0.1.0`. */
export function packageUserAgent(): string {
  return `${PACKAGE_NAME}/${packageVersion()}`;
}
