#!/usr/bin/env bash
# Generates the native plugin's SDKs from plugin/schema.json with the Pulumi CLI's own code
# generator (`pulumi package gen-sdk`), one folder per language under OUT (default sdk-native/):
#   python/  the pip-installable package pulumi_airbyte_native (pyproject.toml)
#   go/      the Go module github.com/pulumi-airbyte/pulumi-airbyte/sdk-native/go (package airbytenative)
#   nodejs/  the plugin's own TypeScript SDK, compiled into dist/native/ by `npm run build`
# Each folder is replaced whole, so a file the generator no longer writes goes too. The engine
# tier's test/e2e/plugin-sdks.test.ts generates into a temporary folder and compares.
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$PA_ROOT"
out="${1:-$PA_ROOT/sdk-native}"
root="$(find_pulumi_root)"
if [ -z "$root" ]; then
  log "No Pulumi CLI to generate the SDKs with: run \`npm run setup\` first"
  exit 1
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$out"
for lang in python go nodejs; do
  start=$(date +%s%N)
  "$root/bin/pulumi" package gen-sdk plugin/schema.json --language "$lang" --out "$tmp" >"$tmp/$lang.log" 2>&1 || {
    log "pulumi package gen-sdk --language $lang failed:"
    cat "$tmp/$lang.log" >&2
    exit 1
  }
  rm -rf "${out:?}/$lang"
  mv "$tmp/$lang" "$out/$lang"
  log "Generated the $lang SDK into $out/$lang in $((($(date +%s%N) - start) / 1000000)) ms"
done
