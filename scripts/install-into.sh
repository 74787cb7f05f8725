#!/usr/bin/env bash
# Installs this checkout of pulumi-airbyte into a Pulumi project of yours, as the package's own
# `pulumi-airbyte install` does from a release tarball: set-up (npm ci, build), then the package
# packed into <project>/vendor/ and installed from there, so the project installs offline anywhere.
# Usage: npm run install-into -- <project folder>   (relative to where you run npm)
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
dir="${1:?usage: npm run install-into -- <project folder>}"
case "$dir" in /*) ;; *) dir="${INIT_CWD:-$PWD}/$dir" ;; esac
cd "$PA_ROOT"
bash scripts/setup.sh
exec node bin/pulumi-airbyte.js install "$dir"
