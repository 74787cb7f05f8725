#!/usr/bin/env bash
# Prints the path of a `moto_server` (moto's S3-compatible server, Apache-2.0, from PyPI) for the
# tests that run Pulumi against an S3 backend. Idempotent: the first call installs moto (its S3
# service and server only) into a virtualenv of its own in the cache
# (~/.cache/pulumi-airbyte/moto/<version>/, about 140 MB; measured 12 s with PyPI reachable); later
# calls print the cached path at once. Needs python3 with venv.
# PULUMI_AIRBYTE_MOTO_SERVER=<path> uses that server instead.
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

MOTO_VERSION="5.2.1"
if [ -n "${PULUMI_AIRBYTE_MOTO_SERVER:-}" ] && [ -x "$PULUMI_AIRBYTE_MOTO_SERVER" ]; then
  echo "$PULUMI_AIRBYTE_MOTO_SERVER"
  exit 0
fi
venv="$PA_CACHE/moto/$MOTO_VERSION"
# The marker is written last: a half-done install (killed, offline) is started again.
if [ ! -f "$venv/.installed" ]; then
  command -v python3 >/dev/null 2>&1 || { log "python3 (with venv) is needed for the S3 backend tests' moto server"; exit 1; }
  log "Installing moto $MOTO_VERSION (S3 and its server) from PyPI into $venv, for the S3 backend tests (once; about 15 s)"
  start=$(date +%s)
  rm -rf "$venv"
  python3 -m venv "$venv" >&2
  "$venv/bin/pip" install --quiet --disable-pip-version-check "moto[s3]==$MOTO_VERSION" "flask<4" "flask-cors<7" >&2 ||
    { rm -rf "$venv"; log "installing moto failed"; exit 1; }
  touch "$venv/.installed"
  log "moto installed in $(( $(date +%s) - start )) s"
fi
echo "$venv/bin/moto_server"
