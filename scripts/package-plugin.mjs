#!/usr/bin/env node
// Packs the native plugin as `pulumi plugin install resource airbyte-native <version> --file <archive>`
// takes it, from the built package (dist/; `npm run build` first), into build/plugin/:
//
//   pulumi-resource-airbyte-native-v<version>.tar.gz            (default; needs Node.js >= 22 on PATH)
//     pulumi-resource-airbyte-native   a POSIX shell launcher: checks Node.js, runs plugin.mjs
//     plugin.mjs                       dist/plugin/main.js bundled with every dependency (esbuild)
//     package.json, data/*.json        what the bundle reads at run time: its version and the
//                                      connector tables, found from the package root
//                                      (provider/shipped-data.ts, provider/api/version.ts)
//
//   pulumi-resource-airbyte-native-v<version>-<os>-<arch>.tar.gz  (--sea; needs nothing installed)
//     pulumi-resource-airbyte-native   one executable: Node.js with the bundle and data inside
//                                      (Node's single executable applications, injected by postject)
//
// Bundled because a plugin archive is unpacked alone into $PULUMI_HOME/plugins/: no node_modules
// beside it, no npm install at plugin-install time. Prints the archive's path on stdout, sizes on stderr.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, copyFileSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { build } from "esbuild";

const root = path.resolve(import.meta.dirname, "..");
const pkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"));
const version = pkg.version;
// `--out <dir>`: another folder than build/plugin/ (each test process packs into a folder of its own).
const outArg = process.argv.indexOf("--out");
const out = outArg > 0 ? path.resolve(process.argv[outArg + 1] ?? "") : path.join(root, "build", "plugin");
const NAME = "pulumi-resource-airbyte-native";
/** The data files the provider reads at run time (provider/shipped-data.ts's ShippedDataFile). */
const DATA_FILES = ["connector-definition-ids.json", "connector-specs.json", "connector-secrets.json"];

/**
 * provider/api/http.ts loads undici lazily through `createRequire(import.meta.url)("undici")`, which a
 * bundler cannot follow (and which would look for node_modules beside the bundle): the bundle imports
 * undici statically instead. Fails the build when the source no longer has that one call.
 */
const bundleUndici = {
  name: "bundle-undici",
  setup(b) {
    b.onLoad({ filter: /[\\/]dist[\\/]provider[\\/]api[\\/]http\.js$/ }, (args) => {
      const text = readFileSync(args.path, "utf8");
      const call = 'createRequire(import.meta.url)("undici")';
      if (text.split(call).length !== 2) {
        throw new Error(
          `${args.path}: expected one ${call} to bundle undici; update scripts/package-plugin.mjs`,
        );
      }
      return {
        contents: `import * as __bundledUndici from "undici";\n${text.replace(call, "__bundledUndici")}`,
        loader: "js",
      };
    });
  },
};

/** Writes the archive's package.json (the version and the package root the bundle looks for) and data/. */
function writeRuntimeFiles(dir) {
  const manifest = { name: pkg.name, version, description: `${pkg.description} (the native plugin)` };
  writeFileSync(path.join(dir, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  mkdirSync(path.join(dir, "data"));
  for (const file of DATA_FILES) copyFileSync(path.join(root, "data", file), path.join(dir, "data", file));
}

function tarGz(dir, archive) {
  execFileSync("tar", ["-czf", archive, "-C", dir, "."]);
  const mb = (statSync(archive).size / 1024 / 1024).toFixed(1);
  console.error(`${path.relative(process.cwd(), archive)} (${mb} MB)`);
  return archive;
}

/** The archive that runs on the Node.js on PATH. */
async function nodeArchive() {
  const stage = path.join(out, `${NAME}-v${version}`);
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(stage, { recursive: true });
  await build({
    entryPoints: [path.join(root, "dist", "plugin", "main.js")],
    outfile: path.join(stage, "plugin.mjs"),
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node22",
    // Bundled CommonJS packages (grpc-js, google-protobuf) call require() for Node's built-ins.
    banner: {
      js: 'import { createRequire as __cr } from "node:module"; const require = __cr(import.meta.url);',
    },
    plugins: [bundleUndici],
    logLevel: "warning",
  });
  writeRuntimeFiles(stage);
  const launcher = path.join(stage, NAME);
  writeFileSync(
    launcher,
    `#!/bin/sh
# ${NAME} ${version}: the native Pulumi plugin of pulumi-airbyte, run on the Node.js on PATH.
if ! command -v node >/dev/null 2>&1; then
  echo "${NAME}: Node.js >= 22 is required on PATH (https://nodejs.org), or install the single-file plugin archive" >&2
  exit 1
fi
major="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$major" -lt 22 ]; then
  echo "${NAME}: Node.js >= 22 is required, found $(node --version) on PATH" >&2
  exit 1
fi
exec node "$(dirname "$0")/plugin.mjs" "$@"
`,
  );
  chmodSync(launcher, 0o755);
  return tarGz(stage, path.join(out, `${NAME}-v${version}.tar.gz`));
}

/**
 * The single-file archive: Node's single executable application (Node 24 runs one CommonJS script,
 * so the bundle is CommonJS here). The data files ride in the executable as assets and are written
 * once per version into a cache folder, which the bundle takes as its package root.
 */
async function seaArchive() {
  const platform = { linux: "linux", darwin: "darwin" }[process.platform];
  const arch = { x64: "amd64", arm64: "arm64" }[process.arch];
  if (platform === undefined || arch === undefined) {
    throw new Error(`--sea: no single-file plugin for ${process.platform}-${process.arch}`);
  }
  const stage = path.join(out, `${NAME}-v${version}-${platform}-${arch}`);
  const work = path.join(out, "sea-work");
  for (const dir of [stage, work]) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
  }
  const assets = path.join(work, "assets");
  mkdirSync(assets);
  writeRuntimeFiles(assets);
  const assetNames = ["package.json", ...DATA_FILES.map((f) => `data/${f}`)];
  // The cache folder is named by the assets' content, so a rebuild with other data never reads stale files.
  const hash = createHash("sha256");
  for (const f of assetNames) hash.update(f).update(readFileSync(path.join(assets, f)));
  const cacheName = `${version}-${hash.digest("hex").slice(0, 12)}`;
  const entry = `
import { serveProvider } from ${JSON.stringify(path.join(root, "dist", "plugin", "server.js"))};
serveProvider(process.argv.slice(2)).catch((error) => {
  console.error(error);
  process.exit(1);
});
`;
  // Before any module of the bundle runs: the assets on disk, their folder as the package root.
  const prelude = `
const __sea = require("node:sea");
const __fs = require("node:fs");
const __path = require("node:path");
const __os = require("node:os");
const __url = require("node:url");
const __seaRoot = (() => {
  const base = process.env.XDG_CACHE_HOME || __path.join(__os.homedir(), ".cache");
  const dir = __path.join(base, "pulumi-airbyte-native", ${JSON.stringify(cacheName)});
  const files = ${JSON.stringify(assetNames)};
  if (!files.every((f) => __fs.existsSync(__path.join(dir, f)))) {
    const tmp = dir + ".tmp-" + process.pid;
    __fs.mkdirSync(__path.join(tmp, "data"), { recursive: true });
    for (const f of files) __fs.writeFileSync(__path.join(tmp, f), Buffer.from(__sea.getAsset(f)));
    __fs.rmSync(dir, { recursive: true, force: true });
    __fs.mkdirSync(__path.dirname(dir), { recursive: true });
    try { __fs.renameSync(tmp, dir); } catch { __fs.rmSync(tmp, { recursive: true, force: true }); }
  }
  return dir;
})();
const __seaUrl = __url.pathToFileURL(__path.join(__seaRoot, "plugin.cjs")).href;
`;
  const bundle = path.join(work, "plugin.cjs");
  await build({
    stdin: { contents: entry, resolveDir: root, sourcefile: "sea-entry.mjs", loader: "js" },
    outfile: bundle,
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node22",
    define: { "import.meta.dirname": "__seaRoot", "import.meta.url": "__seaUrl" },
    banner: { js: prelude },
    plugins: [bundleUndici],
    logLevel: "warning",
  });
  const config = path.join(work, "sea-config.json");
  const blob = path.join(work, "sea-prep.blob");
  writeFileSync(
    config,
    JSON.stringify({
      main: bundle,
      output: blob,
      disableExperimentalSEAWarning: true,
      useCodeCache: false,
      assets: Object.fromEntries(assetNames.map((f) => [f, path.join(assets, f)])),
    }),
  );
  execFileSync(process.execPath, ["--experimental-sea-config", config], {
    stdio: ["ignore", "ignore", "inherit"],
  });
  const exe = path.join(stage, NAME);
  copyFileSync(process.execPath, exe);
  chmodSync(exe, 0o755);
  // postject warns "Can't find string offset for section name '.note.100'" on Linux, harmlessly: its
  // output is shown only when it fails.
  try {
    execFileSync(
      path.join(root, "node_modules", ".bin", "postject"),
      [exe, "NODE_SEA_BLOB", blob, "--sentinel-fuse", "NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2"],
      { stdio: "pipe" },
    );
  } catch (error) {
    throw new Error(`postject failed: ${String(error.stderr ?? error)}`);
  }
  rmSync(work, { recursive: true, force: true });
  console.error(`${path.relative(process.cwd(), exe)} (${(statSync(exe).size / 1024 / 1024).toFixed(1)} MB)`);
  return tarGz(stage, path.join(out, `${NAME}-v${version}-${platform}-${arch}.tar.gz`));
}

mkdirSync(out, { recursive: true });
console.log(await (process.argv.includes("--sea") ? seaArchive() : nodeArchive()));
