#!/usr/bin/env bash
# What Pulumi programs in other languages need, on top of `npm run setup`: the language hosts for
# YAML, Python and Go, the Python SDK in a virtualenv and the Go SDK in Go's module cache. Only the
# native plugin's language tests (test/e2e/plugin-quickstart.test.ts, plan-matrix-plugin.test.ts) and users who ask run it; the
# demo and the TypeScript tests never need it. Idempotent: what is there (beside the CLI in use, on
# PATH, or built into the cache by version) is kept.
#   npm run setup:languages                 # all three
#   npm run setup:languages -- yaml python  # some
# Versions: tools/pulumi-versions.env. Prints one progress line per step on stderr and, on failure,
# one line naming what is missing. On stdout, for the tests: `path=<dir>` for each host's folder
# (to put on PATH) and `python-venv=<dir>` for the virtualenv holding the Python SDK.
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$PA_ROOT"
[ "$#" -gt 0 ] || set -- yaml python go

root="$(find_pulumi_root)"
if [ -z "$root" ]; then
  log "No Pulumi CLI yet: run \`npm run setup\` first"
  exit 1
fi

# has_host LANGUAGE: the CLI in use has pulumi-language-LANGUAGE beside it, or PATH has one that is
# not a stale build of ours (those are checked by version in build-pulumi.sh).
has_host() {
  local name="pulumi-language-$1" found
  [ -x "$root/bin/$name" ] && [ "$root" != "$PA_PULUMI_ROOT" ] && return 0
  found="$(command -v "$name" 2>/dev/null || true)"
  [ -n "$found" ] && [ "$(dirname "$found")" != "$PA_PULUMI_ROOT/bin" ]
}

for lang in "$@"; do
  case "$lang" in
    yaml | python | go) ;;
    *) log "setup-languages takes yaml, python or go, not '$lang'"; exit 2 ;;
  esac
  if has_host "$lang"; then
    log "pulumi-language-$lang: the one beside $root/bin/pulumi or on PATH"
    if [ -x "$root/bin/pulumi-language-$lang" ]; then echo "path=$root/bin"; else
      echo "path=$(dirname "$(command -v "pulumi-language-$lang")")"
    fi
  else
    bash "$PA_ROOT/scripts/build-pulumi.sh" "$lang" >&2
    echo "path=$PA_PULUMI_ROOT/bin"
  fi

  case "$lang" in
    python)
      # The `pulumi` package from PyPI at its pin, with what else the generated SDK requires
      # (sdk-native/python/pyproject.toml), in a virtualenv of its own version; the language tests'
      # projects see it through a .pth file (test/e2e/plugin-projects.ts) and install the SDK's
      # wheel into their own virtualenv offline.
      venv="$PA_CACHE/python/pulumi-$PULUMI_PYTHON_SDK"
      if [ ! -x "$venv/bin/python" ]; then
        command -v python3 >/dev/null 2>&1 || {
          log "No python3 on PATH: install Python >= 3.9 to run Python programs"
          exit 1
        }
        python3 -m venv "$venv"
      fi
      requirements="$("$venv/bin/python" - "$PA_ROOT/sdk-native/python/pyproject.toml" "$PULUMI_PYTHON_SDK" <<'PY'
import sys
try:
    import tomllib
except ImportError:  # Python < 3.11
    from pip._vendor import tomli as tomllib
deps = tomllib.load(open(sys.argv[1], "rb"))["project"]["dependencies"]
print("\n".join(["pulumi==" + sys.argv[2]] + [d for d in deps if not d.startswith("pulumi")]))
PY
)"
      if [ "$(cat "$venv/.requirements" 2>/dev/null)" = "$requirements" ]; then
        log "Python SDK pulumi $PULUMI_PYTHON_SDK already in $venv"
      else
        log "Installing the Python SDK (pulumi $PULUMI_PYTHON_SDK from PyPI, and what the generated SDK requires) into $venv (about 30 s)"
        start=$(date +%s)
        echo "$requirements" >"$venv/requirements.txt"
        "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$venv/requirements.txt" >&2
        echo "$requirements" >"$venv/.requirements"
        log "Installed in $(($(date +%s) - start)) s ($(du -sh "$venv" | cut -f1))"
      fi
      echo "python-venv=$venv"
      ;;
    go)
      # The Go host compiles each program with the go on PATH, against the Go SDK module.
      command -v go >/dev/null 2>&1 || {
        log "No go on PATH: install Go >= 1.26 to run Go programs"
        exit 1
      }
      GOFLAGS=-mod=mod GOTOOLCHAIN=local go mod download "github.com/pulumi/pulumi/sdk/v3@$PULUMI_GO_SDK" >&2
      log "Go SDK github.com/pulumi/pulumi/sdk/v3@$PULUMI_GO_SDK in Go's module cache"
      ;;
  esac
done
