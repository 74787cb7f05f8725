#!/usr/bin/env bash
# Everything a fresh clone needs, idempotent: Node.js >= 22, npm dependencies, the TypeScript
# build, and a Pulumi CLI (the one on PATH when compatible, otherwise built from Go once).
# `--without-pulumi` stops before the CLI: what the fast tier of the tests needs (npm run test:fast).
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$PA_ROOT"
with_pulumi=1
[ "${1:-}" = --without-pulumi ] && with_pulumi=0

lock_hash="$(sha256sum package-lock.json package.json | sha256sum | cut -c1-16)"
if [ "$(cat node_modules/.pulumi-airbyte-lock 2>/dev/null)" != "$lock_hash" ]; then
  log "Installing npm dependencies (about 30 s)"
  npm ci --no-audit --no-fund --loglevel=error >&2
  echo "$lock_hash" > node_modules/.pulumi-airbyte-lock
fi

log "Compiling TypeScript (a few seconds)"
# dist/: the package as it ships. build/: the demo and the benchmarks, which import the package by
# its own name (so from dist/) and never ship.
rm -rf dist build
bash scripts/build.sh
npx tsc -p tsconfig.programs.json
[ "$with_pulumi" = 1 ] || exit 0

root="$(find_pulumi_root)"
if [ -z "$root" ]; then
  bash "$PA_ROOT/scripts/build-pulumi.sh" all
  root="$PA_PULUMI_ROOT"
elif ! have_language_host "$root"; then
  log "The Pulumi CLI at $root/bin has no Node.js language host beside it or on PATH: building one"
  bash "$PA_ROOT/scripts/build-pulumi.sh" host
fi
# The dynamic-provider plugin must sit beside the CLI (or on PATH); a CLI of our own build has it.
if [ ! -x "$root/bin/pulumi-resource-pulumi-nodejs" ] && ! command -v pulumi-resource-pulumi-nodejs >/dev/null 2>&1; then
  bash "$PA_ROOT/scripts/build-pulumi.sh" plugin
fi
log "Using Pulumi CLI $("$root/bin/pulumi" version) at $root/bin/pulumi"
