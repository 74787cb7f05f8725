#!/usr/bin/env bash
# The whole test suite, as CI runs it (.ci/run): set-up, lint and format check, type check,
# then every vitest test (units, client and providers against the emulator, and end-to-end
# tests on the real Pulumi engine through the Automation API).
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$PA_ROOT"
bash scripts/setup.sh

log "Lint and format check (biome)"
npx biome ci .

log "Type check"
npx tsc -p tsconfig.json --noEmit

PULUMI_AIRBYTE_CLI_ROOT="$(find_pulumi_root)"
export PULUMI_AIRBYTE_CLI_ROOT
export PATH="$PULUMI_AIRBYTE_CLI_ROOT/bin:$PATH"

log "Running the tests (vitest; the engine tests take a few minutes)"
report="$(mktemp)"
start=$(date +%s)
set +e
npx vitest run --reporter=default --reporter=json --outputFile.json="$report" "$@"
status=$?
set -e
log "Test suite wall time: $(( $(date +%s) - start )) s"
node -e '
const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
console.log(`Tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped`);
' "$report" || true
rm -f "$report"
exit $status
