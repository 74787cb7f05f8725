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

use_pulumi "$(find_pulumi_root)"

log "Running the tests (vitest; the engine tests take a few minutes)"
report="$(mktemp)"
start=$(date +%s)
set +e
npx vitest run --reporter=default --reporter=json --outputFile.json="$report" "$@"
status=$?
set -e
log "Test suite wall time: $(( $(date +%s) - start )) s"
# The closing line counts a suite that failed to run (an error in beforeAll, an import that
# throws) and an unhandled error as failures, so "0 failed" means nothing failed.
node -e '
const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
const brokenSuites = (r.testResults ?? []).filter(
  (s) => s.status === "failed" && (s.assertionResults ?? []).every((a) => a.status !== "failed"),
).length;
let failed = (r.numFailedTests ?? 0) + brokenSuites;
if (failed === 0 && (r.success === false || process.argv[2] !== "0")) failed = 1;
console.log(`Tests: ${r.numPassedTests} passed, ${failed} failed, ${skipped} skipped`);
' "$report" "$status" || echo "Tests: 0 passed, 1 failed (the test run produced no report)"
rm -f "$report"
exit $status
