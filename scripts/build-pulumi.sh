#!/usr/bin/env bash
# Builds the Pulumi CLI and the Node.js language host (pulumi-language-nodejs) from the Go module
# proxy into $PA_PULUMI_ROOT/bin, each from its own wrapper module under tools/. Idempotent: a
# binary whose version stamp matches is kept. Go's output goes to a log file under the cache; the
# terminal gets a step line and a progress line every 30 s.
#
# The language host's Go module is untagged and some module proxies refuse its pseudo-versions.
# PULUMI_AIRBYTE_GOPROXY_EXTRA names an extra proxy (e.g. file:///abs/dir) tried first.
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

bin="$PA_PULUMI_ROOT/bin"
logs="$PA_PULUMI_ROOT/logs"
mkdir -p "$bin" "$logs"
export GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS=-mod=mod
if [ -n "${PULUMI_AIRBYTE_GOPROXY_EXTRA:-}" ]; then
  GOPROXY="$PULUMI_AIRBYTE_GOPROXY_EXTRA,$(go env GOPROXY 2>/dev/null || echo https://proxy.golang.org,direct)"
  export GOPROXY
fi

# go_build LABEL LOGFILE DIR ARGS...: `go build` in DIR with its output in LOGFILE, printing a
# progress line every 30 s (modules fetched so far, elapsed time) and the log's path on failure.
go_build() {
  local label="$1" logfile="$2" dir="$3"
  shift 3
  local start pid elapsed fetched
  start=$(date +%s)
  (cd "$dir" && exec go build "$@") >"$logfile" 2>&1 &
  pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    for _ in $(seq 1 30); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 1
    done
    if kill -0 "$pid" 2>/dev/null; then
      elapsed=$(($(date +%s) - start))
      fetched=$(grep -c '^go: downloading' "$logfile" || true)
      log "  … $label: ${elapsed} s, ${fetched} Go modules fetched so far (log: $logfile)"
    fi
  done
  if ! wait "$pid"; then
    log "Building $label failed after $(($(date +%s) - start)) s; the last lines of the log:"
    tail -n 15 "$logfile" >&2
    log "Full log: $logfile"
    return 1
  fi
  BUILD_SECONDS=$(($(date +%s) - start))
}

command -v go >/dev/null 2>&1 || go_missing=1

# require_pinned MODULE_DIR MODULE VERSION: the wrapper module must require what
# tools/pulumi-versions.env pins, or the build would make a binary of another version.
require_pinned() {
  local found
  found="$(sed -nE "s#^[[:space:]]*${2//./\\.} (v[^ ]+).*#\\1#p" "$PA_ROOT/$1/go.mod")"
  if [ "$found" != "$3" ]; then
    log "$1/go.mod requires $2 ${found:-(nothing)}, but tools/pulumi-versions.env pins $3: see that file for how to move a version"
    exit 1
  fi
}

# What to build: "cli", "host", both ("all", the default) or only the plugin script ("plugin"). A Pulumi installed the usual way brings
# both, so set-up asks for the host alone only when a CLI on PATH came without one.
want="${1:-all}"

if [ "$want" = host ] || [ "$want" = plugin ]; then
  :
elif [ -x "$bin/pulumi" ] && [ "$("$bin/pulumi" version 2>/dev/null)" = "$PA_PULUMI_VERSION" ]; then
  log "Pulumi CLI $PA_PULUMI_VERSION already built at $bin/pulumi"
else
  [ -z "${go_missing:-}" ] || {
    log "No Pulumi CLI on PATH and no Go toolchain to build one: install Pulumi (https://www.pulumi.com/docs/install/) or Go >= 1.26"
    exit 1
  }
  require_pinned tools/pulumi-cli github.com/pulumi/pulumi/pkg/v3 "$PULUMI_CLI"
  require_pinned tools/pulumi-cli github.com/pulumi/pulumi/sdk/v3 "$PULUMI_CLI"
  log "Building the Pulumi CLI $PA_PULUMI_VERSION from the Go module proxy (first time: ~1.5 GB of Go modules, 4 to 7 min on 2 cores; about 30 s when Go's caches are warm; kept afterwards)"
  go_build "Pulumi CLI" "$logs/pulumi-cli.log" "$PA_ROOT/tools/pulumi-cli" -trimpath -tags osusergo \
    -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$PA_PULUMI_VERSION" \
    -o "$bin/pulumi.tmp" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
  mv "$bin/pulumi.tmp" "$bin/pulumi"
  log "Built $bin/pulumi in $BUILD_SECONDS s ($(du -h "$bin/pulumi" | cut -f1))"
fi

# The language host: what `pulumi up` on a project folder (runtime: nodejs) runs the program with.
host_module="github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3"
host_version="$PULUMI_LANGUAGE_HOST"
if [ "$want" = cli ] || [ "$want" = plugin ]; then
  :
elif [ -x "$bin/pulumi-language-nodejs" ] && [ "$(cat "$bin/.pulumi-language-nodejs.version" 2>/dev/null)" = "$host_version" ]; then
  log "Node.js language host $host_version already built at $bin/pulumi-language-nodejs"
elif [ -n "${go_missing:-}" ]; then
  log "No Node.js language host and no Go toolchain to build one: install Pulumi (https://www.pulumi.com/docs/install/) or Go >= 1.26"
  exit 1
else
  require_pinned tools/pulumi-language-nodejs "$host_module" "$PULUMI_LANGUAGE_HOST"
  require_pinned tools/pulumi-language-nodejs github.com/pulumi/pulumi/pkg/v3 "$PULUMI_LANGUAGE_HOST_PKG"
  require_pinned tools/pulumi-language-nodejs github.com/pulumi/pulumi/sdk/v3 "$PULUMI_LANGUAGE_HOST_PKG"
  log "Building the Node.js language host ($host_version) from the Go module proxy (1 to 4 min on 2 cores, least right after the CLI, whose packages it shares; kept afterwards)"
  if ! go_build "language host" "$logs/pulumi-language-nodejs.log" "$PA_ROOT/tools/pulumi-language-nodejs" \
    -trimpath -ldflags "-s -w" -o "$bin/pulumi-language-nodejs.tmp" "$host_module"; then
    if grep -q "403\|not available\|not found" "$logs/pulumi-language-nodejs.log"; then
      log "The Go module proxy does not serve $host_module@$host_version. Set PULUMI_AIRBYTE_GOPROXY_EXTRA=file:///<dir> to a module proxy folder that holds it, or install Pulumi the usual way (https://www.pulumi.com/docs/install/)."
    fi
    exit 1
  fi
  mv "$bin/pulumi-language-nodejs.tmp" "$bin/pulumi-language-nodejs"
  echo "$host_version" >"$bin/.pulumi-language-nodejs.version"
  log "Built $bin/pulumi-language-nodejs in $BUILD_SECONDS s ($(du -h "$bin/pulumi-language-nodejs" | cut -f1))"
fi

# The dynamic-provider plugin: runs @pulumi/pulumi's dynamic provider with the project's Node.
cat >"$bin/pulumi-resource-pulumi-nodejs" <<'SH'
#!/bin/sh
exec node "$(node -e "process.stdout.write(require.resolve('@pulumi/pulumi/cmd/dynamic-provider'))")" "$@"
SH
chmod +x "$bin/pulumi-resource-pulumi-nodejs"
