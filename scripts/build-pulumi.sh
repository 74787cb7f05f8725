#!/usr/bin/env bash
# Builds the Pulumi CLI (and, when the Go proxy serves it, the Node.js language host) from the
# Go module proxy into $PA_PULUMI_ROOT/bin, using the wrapper modules under tools/.
# Idempotent: a binary that already reports the wanted version is kept.
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

bin="$PA_PULUMI_ROOT/bin"
mkdir -p "$bin"
export GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS=-mod=mod

if [ -x "$bin/pulumi" ] && [ "$("$bin/pulumi" version 2>/dev/null)" = "$PA_PULUMI_VERSION" ]; then
  log "Pulumi CLI $PA_PULUMI_VERSION already built at $bin/pulumi"
else
  command -v go >/dev/null 2>&1 || { log "No Pulumi CLI on PATH and no Go toolchain to build one: install Pulumi $PA_PULUMI_VERSION or Go >= 1.26"; exit 1; }
  log "Building the Pulumi CLI $PA_PULUMI_VERSION from the Go module proxy (first time: ~1.5 GB of Go modules and 6-8 min on 2 cores; about 30 s when Go's caches are warm; kept afterwards)"
  start=$(date +%s)
  (cd "$PA_ROOT/tools/pulumi-cli" && go build -trimpath -tags osusergo \
    -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$PA_PULUMI_VERSION" \
    -o "$bin/pulumi.tmp" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi)
  mv "$bin/pulumi.tmp" "$bin/pulumi"
  log "Built $bin/pulumi in $(( $(date +%s) - start )) s ($(du -h "$bin/pulumi" | cut -f1))"
fi

# The Node.js language host (pulumi-language-nodejs) is not built: its Go module is untagged and
# the Go module proxy answers 403 "This module version is not available" for it. Programs run
# through the Automation API, whose inline programs need no language host.

# The dynamic-provider plugin: runs @pulumi/pulumi's dynamic provider with the project's Node.
cat >"$bin/pulumi-resource-pulumi-nodejs" <<'SH'
#!/bin/sh
exec node "$(node -e "process.stdout.write(require.resolve('@pulumi/pulumi/cmd/dynamic-provider'))")" "$@"
SH
chmod +x "$bin/pulumi-resource-pulumi-nodejs"
