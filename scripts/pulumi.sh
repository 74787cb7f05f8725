#!/usr/bin/env bash
# Runs the project's Pulumi CLI with the project's environment: a local file backend in
# .pulumi-state/, a project-local PULUMI_HOME, no update checks and no plugin downloads.
# Example: npm run pulumi -- stack ls
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
root="$(find_pulumi_root)"
[ -n "$root" ] || { log "No Pulumi CLI yet: run 'npm run setup' first"; exit 1; }
use_pulumi "$root"
mkdir -p "$PA_ROOT/.pulumi-state"
export PULUMI_BACKEND_URL="${PULUMI_BACKEND_URL:-file://$PA_ROOT/.pulumi-state}"
export PULUMI_CONFIG_PASSPHRASE="${PULUMI_CONFIG_PASSPHRASE-pulumi-airbyte-demo}"
cd "$PA_ROOT"
exec pulumi "$@"
