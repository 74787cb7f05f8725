/**
 * `pulumi-airbyte install [DIR]`: puts this copy of the package into a project as a tarball of the
 * project's own, `vendor/pulumi-airbyte-<version>.tgz`, named in package.json as a `file:`
 * dependency. The project then installs offline with a plain `npm install` or `npm ci`, on every
 * machine and CI runner that checks it out, whether this copy came from a checkout, a release
 * tarball or (once published) the registry. `export` vendors the same way.
 */
import { execFile } from "node:child_process";
import { copyFile, mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { findPackageRoot, PACKAGE_NAME, packageVersion } from "../provider/api/version.js";

const run = promisify(execFile);

/** The project folder that holds the vendored tarball. */
export const VENDOR_DIR = "vendor";

/** Raised when the project folder cannot take the package; the message says what to do. */
export class InstallError extends Error {
  override readonly name = "InstallError";
}

/** Options of {@link vendorPackage}. */
export interface VendorOptions {
  /** A tarball of the package to copy (a release's), instead of packing this copy of it. */
  readonly from?: string;
  /**
   * Run `npm install` of the vendored tarball in the project (default `true`); otherwise only
   * package.json names it (what `export` does: the user installs later).
   */
  readonly install?: boolean;
}

/** What {@link vendorPackage} did. */
export interface Vendored {
  /** The tarball, relative to the project folder (`vendor/pulumi-airbyte-0.1.0.tgz`). */
  readonly tarball: string;
  /** The dependency as package.json names it (`file:vendor/pulumi-airbyte-0.1.0.tgz`). */
  readonly dependency: string;
}

/** The tarball name `npm pack` gives this package's `version`. */
export function tarballName(version: string): string {
  return `${PACKAGE_NAME}-${version}.tgz`;
}

/** Packs this copy of the package (checkout, installed copy or npx's) into `dir`; returns the file's name. */
async function packSelf(dir: string): Promise<string> {
  const root = findPackageRoot(import.meta.dirname);
  if (root === undefined) throw new InstallError(`cannot find ${PACKAGE_NAME}'s own package.json to pack`);
  const { stdout } = await run("npm", ["pack", root, "--silent", "--pack-destination", dir], {
    maxBuffer: 16 * 1024 * 1024,
  });
  return stdout.trim().split("\n").at(-1) ?? tarballName(packageVersion());
}

/**
 * Vendors the package into the project in `projectDir`: the tarball into `vendor/` (older ones of
 * the package there removed), package.json's dependency pointed at it, and, unless told not to,
 * `npm install` of it.
 */
export async function vendorPackage(projectDir: string, options: VendorOptions = {}): Promise<Vendored> {
  const pkgPath = path.join(projectDir, "package.json");
  let text: string;
  try {
    text = await readFile(pkgPath, "utf8");
  } catch {
    throw new InstallError(
      `${projectDir} has no package.json: run this in a Pulumi TypeScript project (\`pulumi new <path>/examples/quickstart\` makes one)`,
    );
  }
  const vendorDir = path.join(projectDir, VENDOR_DIR);
  await mkdir(vendorDir, { recursive: true });
  for (const old of await readdir(vendorDir)) {
    if (old.startsWith(`${PACKAGE_NAME}-`) && old.endsWith(".tgz")) await rm(path.join(vendorDir, old));
  }
  let name: string;
  if (options.from !== undefined) {
    name = path.basename(options.from);
    await copyFile(options.from, path.join(vendorDir, name));
  } else {
    name = await packSelf(vendorDir);
  }
  const tarball = `${VENDOR_DIR}/${name}`;
  const dependency = `file:${tarball}`;
  if (options.install === false) {
    const pkg = JSON.parse(text) as { dependencies?: Record<string, string> };
    pkg.dependencies = { ...pkg.dependencies, [PACKAGE_NAME]: dependency };
    await writeFile(pkgPath, `${JSON.stringify(pkg, null, 2)}\n`);
  } else {
    // Installing the tarball by path (rather than writing package.json and running a bare
    // `npm install`) makes npm read it again, so a re-vendored copy of the same version replaces
    // the lock file's checksum instead of failing it. npm writes the `file:` dependency itself.
    await run("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", `./${tarball}`], {
      cwd: projectDir,
      maxBuffer: 16 * 1024 * 1024,
    }).catch((error: unknown) => {
      const e = error as { stderr?: string; message?: string };
      throw new InstallError(`npm install ./${tarball} failed in ${projectDir}:\n${e.stderr ?? e.message}`, {
        cause: error,
      });
    });
  }
  return { tarball, dependency };
}
