# Sourced by every project script: picks a Node.js >= 22 (installing Node 24 from the npm
# registry into a cache outside the repo when the machine's is older) and sets the Pulumi
# environment (project-local PULUMI_HOME, local file backend, no update checks or downloads).
# shellcheck shell=bash
set -euo pipefail

PA_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PA_CACHE="${PULUMI_AIRBYTE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-airbyte}"
PA_NODE_VERSION="24.22.3"
case "$(uname -m)" in aarch64 | arm64) PA_NODE_ARCH=arm64 ;; *) PA_NODE_ARCH=x64 ;; esac
# The Pulumi versions (CLI, Node.js language host, SDK), and why they differ: tools/pulumi-versions.env.
# shellcheck source=../tools/pulumi-versions.env
source "$PA_ROOT/tools/pulumi-versions.env"
PA_PULUMI_VERSION="$PULUMI_CLI"
export PA_ROOT PA_CACHE PA_NODE_VERSION PA_PULUMI_VERSION

log() { printf '\033[1m[pulumi-airbyte]\033[0m %s\n' "$*" >&2; }

node_major() { "${1:-node}" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

ensure_node() {
  if command -v node >/dev/null 2>&1 && [ "$(node_major node)" -ge 22 ]; then
    return 0
  fi
  local dir="$PA_CACHE/node-$PA_NODE_VERSION"
  if [ ! -x "$dir/node_modules/node-linux-$PA_NODE_ARCH/bin/node" ]; then
    command -v npm >/dev/null 2>&1 || { log "npm is required to fetch Node.js $PA_NODE_VERSION"; exit 1; }
    log "Node.js $(node --version 2>/dev/null || echo none) is older than 22: installing Node.js $PA_NODE_VERSION from the npm registry into $dir (about 30 s)"
    mkdir -p "$dir"
    npm install --silent --no-audit --no-fund --prefix "$dir" "node-linux-$PA_NODE_ARCH@$PA_NODE_VERSION" >&2
  fi
  export PATH="$dir/node_modules/node-linux-$PA_NODE_ARCH/bin:$PATH"
}

ensure_node

# The Pulumi CLI: a compatible one on PATH is used as it is; otherwise the one built by
# scripts/build-pulumi.sh into the cache, keyed by version.
PA_PULUMI_ROOT="$PA_CACHE/pulumi-cli/$PA_PULUMI_VERSION"
export PA_PULUMI_ROOT

export PULUMI_HOME="${PULUMI_HOME:-$PA_ROOT/.pulumi-home}"
export PULUMI_SKIP_UPDATE_CHECK=true
export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
export PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK="${PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK:-false}"

# Prints the folder holding bin/pulumi: a compatible CLI already on PATH (>= v3.160, when dynamic
# providers gained stack config), else the version built into the cache. Empty when neither.
PA_PULUMI_MIN_MINOR=160
find_pulumi_root() {
  if [ -n "${PULUMI_AIRBYTE_CLI_ROOT:-}" ] && [ -x "$PULUMI_AIRBYTE_CLI_ROOT/bin/pulumi" ]; then
    echo "$PULUMI_AIRBYTE_CLI_ROOT"; return 0
  fi
  local onpath
  onpath="$(command -v pulumi 2>/dev/null || true)"
  if [ -n "$onpath" ] && [ "$(dirname "$onpath")" != "$PA_PULUMI_ROOT/bin" ]; then
    local v minor
    v="$(pulumi version 2>/dev/null || true)"
    minor="$(echo "$v" | sed -nE 's/^v3\.([0-9]+)\..*/\1/p')"
    if [ -n "$minor" ] && [ "$minor" -ge "$PA_PULUMI_MIN_MINOR" ]; then
      dirname "$(dirname "$(readlink -f "$onpath")")"; return 0
    fi
  fi
  if [ -x "$PA_PULUMI_ROOT/bin/pulumi" ]; then echo "$PA_PULUMI_ROOT"; fi
}

# True when `pulumi up` on a project folder can find the Node.js language host: beside the CLI in
# $1/bin, on PATH, or built into the cache.
have_language_host() {
  [ -x "$1/bin/pulumi-language-nodejs" ] || command -v pulumi-language-nodejs >/dev/null 2>&1 ||
    [ -x "$PA_PULUMI_ROOT/bin/pulumi-language-nodejs" ]
}

# Puts the CLI of $1 (see find_pulumi_root) first on PATH, then the cache's bin folder, where the
# language host and the dynamic-provider plugin are built when the CLI on PATH lacks them.
use_pulumi() {
  PULUMI_AIRBYTE_CLI_ROOT="$1"
  export PULUMI_AIRBYTE_CLI_ROOT
  export PATH="$1/bin:$PA_PULUMI_ROOT/bin:$PATH"
}
