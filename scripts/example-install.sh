#!/usr/bin/env bash
# Installs this repository's build into an example project, the way `npm install pulumi-airbyte`
# installs it from the registry: packs the package and installs the tarball there.
# Usage: npm run example:install -- examples/quickstart
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
dir="${1:?usage: npm run example:install -- <example folder>}"
cd "$PA_ROOT"
bash scripts/setup.sh
pack_dir="$(mktemp -d)"
tarball="$pack_dir/$(npm pack --silent --pack-destination "$pack_dir" | tail -n 1)"
log "Installing $(basename "$tarball") and the other dependencies into $dir (about 30 s)"
(cd "$dir" && npm install --no-audit --no-fund --loglevel=error "$tarball" >&2)
# npm records the tarball's temporary path in package.json; keep the dependency as users write it.
(cd "$dir" && git checkout -- package.json 2>/dev/null || true)
rm -rf "$pack_dir"
log "Done: npm run pulumi -- -C $dir preview"
