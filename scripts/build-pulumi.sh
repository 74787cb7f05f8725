#!/usr/bin/env bash
# Builds the Pulumi CLI and the language hosts (pulumi-language-nodejs; on demand -yaml, -python,
# -go) from the Go module proxy into $PA_PULUMI_ROOT/bin, each from its own wrapper module under tools/. Idempotent: a
# binary whose version stamp matches is kept. Go's output goes to a log file under the cache; the
# terminal gets a step line and a progress line every 30 s.
#
# The pulumi/pulumi language hosts' Go modules are untagged and some module proxies refuse their
# pseudo-versions.
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

# What to build, any of: "cli"; "host" (the Node.js language host); "all" (both, the default);
# "plugin" (only the dynamic-provider plugin script); "yaml", "python", "go" (another language's
# host, which scripts/setup-languages.sh asks for). A Pulumi installed the usual way brings them
# all, so set-up asks for a host only when the CLI in use came without it.
[ "$#" -gt 0 ] || set -- all
want=" $* "
wants() { case "$want" in *" $1 "*) return 0 ;; *) return 1 ;; esac; }
wants all && want="$want cli host "

if ! wants cli; then
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

# build_host LANGUAGE LABEL PACKAGE MODULE VERSION TIME LDFLAGS: builds pulumi-language-LANGUAGE
# (the main PACKAGE of MODULE at VERSION) from its wrapper module tools/pulumi-language-LANGUAGE
# into $bin, stamped with VERSION in $bin/.pulumi-language-LANGUAGE.version; kept when the stamp
# matches. TIME is what the progress line promises.
build_host() {
  local lang="$1" label="$2" package="$3" module="$4" version="$5" time="$6" ldflags="$7"
  local name="pulumi-language-$lang" wrapper="tools/pulumi-language-$lang"
  if [ -x "$bin/$name" ] && [ "$(cat "$bin/.$name.version" 2>/dev/null)" = "$version" ]; then
    log "$label $version already built at $bin/$name"
    return 0
  fi
  if [ -n "${go_missing:-}" ]; then
    log "No $label ($name) and no Go toolchain to build one: install Pulumi (https://www.pulumi.com/docs/install/), which ships it, or Go >= 1.26"
    exit 1
  fi
  require_pinned "$wrapper" "$module" "$version"
  log "Building the $label ($version) from the Go module proxy ($time on 2 cores; kept afterwards)"
  if ! go_build "$label" "$logs/$name.log" "$PA_ROOT/$wrapper" \
    -trimpath -ldflags "-s -w $ldflags" -o "$bin/$name.tmp" "$package"; then
    if grep -q "403\|not available\|not found" "$logs/$name.log"; then
      log "The Go module proxy does not serve $module@$version. Set PULUMI_AIRBYTE_GOPROXY_EXTRA=file:///<dir> to a module proxy folder that holds it, or install Pulumi the usual way (https://www.pulumi.com/docs/install/)."
    fi
    exit 1
  fi
  mv "$bin/$name.tmp" "$bin/$name"
  echo "$version" >"$bin/.$name.version"
  log "Built $bin/$name in $BUILD_SECONDS s ($(du -h "$bin/$name" | cut -f1))"
}

# The untagged hosts of pulumi/pulumi compile against pkg/sdk PULUMI_LANGUAGE_HOST_PKG, which their
# wrapper modules must require (tools/pulumi-versions.env says why).
pulumi_host_pkg() {
  require_pinned "tools/pulumi-language-$1" github.com/pulumi/pulumi/pkg/v3 "$PULUMI_LANGUAGE_HOST_PKG"
  require_pinned "tools/pulumi-language-$1" github.com/pulumi/pulumi/sdk/v3 "$PULUMI_LANGUAGE_HOST_PKG"
}

# The Node.js language host: what `pulumi up` on a project folder (runtime: nodejs) runs the program with.
if wants host; then
  pulumi_host_pkg nodejs
  m=github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3
  build_host nodejs "Node.js language host" "$m" "$m" \
    "$PULUMI_LANGUAGE_HOST" "1 to 4 min, least right after the CLI, whose packages it shares" ""
fi

# The YAML language host: a tagged release, from the usual module proxy.
if wants yaml; then
  build_host yaml "YAML language host" github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml github.com/pulumi/pulumi-yaml \
    "$PULUMI_YAML_HOST" "about 1 min" "-X github.com/pulumi/pulumi-yaml/pkg/version.Version=$PULUMI_YAML_HOST"
fi

# The Python language host, and the shim it runs programs through, which it looks for beside
# itself: a Python script in the sdk/v3 module the host was built against (so in Go's module cache).
if wants python; then
  pulumi_host_pkg python
  m=github.com/pulumi/pulumi/sdk/python/cmd/pulumi-language-python/v3
  build_host python "Python language host" "$m" "$m" \
    "$PULUMI_LANGUAGE_HOST" "about 1 min, less after the Node.js host" ""
  shim="$(go env GOMODCACHE)/github.com/pulumi/pulumi/sdk/v3@$PULUMI_LANGUAGE_HOST_PKG/python/cmd/pulumi-language-python-exec"
  if [ ! -f "$shim" ]; then
    log "The Python host's shim is missing from Go's module cache ($shim): run \`cd tools/pulumi-language-python && go mod download github.com/pulumi/pulumi/sdk/v3\`"
    exit 1
  fi
  install -m 0755 "$shim" "$bin/pulumi-language-python-exec"
fi

# The Go language host: it compiles each Go program with the `go` on PATH.
if wants go; then
  pulumi_host_pkg go
  m=github.com/pulumi/pulumi/sdk/go/pulumi-language-go/v3
  build_host go "Go language host" "$m" "$m" \
    "$PULUMI_LANGUAGE_HOST" "about 1 min, less after the Node.js host" ""
fi

# The dynamic-provider plugin: runs @pulumi/pulumi's dynamic provider with the project's Node.
cat >"$bin/pulumi-resource-pulumi-nodejs" <<'SH'
#!/bin/sh
exec node "$(node -e "process.stdout.write(require.resolve('@pulumi/pulumi/cmd/dynamic-provider'))")" "$@"
SH
chmod +x "$bin/pulumi-resource-pulumi-nodejs"
