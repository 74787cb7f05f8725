#!/usr/bin/env bash
# The test suite in its three tiers (vitest projects, see vitest.config.ts), one after the other.
#   npm test [-- <vitest filters>]     set-up, lint and format check, type check, then every tier:
#                                      what CI runs (.ci/run)
#   npm run test:fast [-- <filters>]   the fast tier alone (units, client, emulator, rule tables):
#                                      no lint, no type check, no Pulumi CLI needed
#   npm run test:engine / test:slow    the engine tier / the slow tier alone, after the set-up
# Each tier prints its wall time and its counts; the closing line counts every tier that ran.
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$PA_ROOT"

tiers=(fast engine slow)
checks=1
if [ "${1:-}" = --tier ]; then
  case "${2:-}" in
    fast | engine | slow) tiers=("$2") ;;
    *) log "--tier takes fast, engine or slow, not '${2:-}'"; exit 2 ;;
  esac
  checks=0
  shift 2
fi

if [ "${tiers[*]}" = fast ]; then
  bash scripts/setup.sh --without-pulumi
else
  bash scripts/setup.sh
  use_pulumi "$(find_pulumi_root)"
fi

if [ "$checks" = 1 ]; then
  log "Lint and format check (biome)"
  npx biome ci .
  log "Type check"
  npx tsc -p tsconfig.json --noEmit
fi

# With file filters a tier may hold none of the files: that tier is then skipped, not failed.
filtered=()
[ "$#" -gt 0 ] && filtered=(--passWithNoTests)

report_dir="$(mktemp -d)"
trap 'rm -rf "$report_dir"' EXIT
status=0
lines=()
for tier in "${tiers[@]}"; do
  log "Tier $tier: running"
  start=$(date +%s)
  set +e
  npx vitest run --project "$tier" "${filtered[@]}" --reporter=default --reporter=json \
    --outputFile.json="$report_dir/$tier.json" "$@"
  code=$?
  set -e
  seconds=$(($(date +%s) - start))
  [ "$code" = 0 ] || status=1
  # "files passed failed skipped": a suite that failed to run (an error in beforeAll, an import that
  # throws) and an unhandled error count as failures, so "0 failed" means nothing failed.
  counts="$(node -e '
const fs = require("fs");
if (!fs.existsSync(process.argv[1])) { console.log("1 0 1 0"); process.exit(0); }
const r = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
const brokenSuites = (r.testResults ?? []).filter(
  (s) => s.status === "failed" && (s.assertionResults ?? []).every((a) => a.status !== "failed"),
).length;
let failed = (r.numFailedTests ?? 0) + brokenSuites;
if (failed === 0 && (r.success === false || process.argv[2] !== "0")) failed = 1;
console.log(`${(r.testResults ?? []).length} ${r.numPassedTests ?? 0} ${failed} ${skipped}`);
' "$report_dir/$tier.json" "$code")"
  read -r files passed failed skipped <<<"$counts"
  if [ "$files" = 0 ] && [ "$failed" = 0 ]; then
    lines+=("Tests ($tier): no test file of this tier matched")
    continue
  fi
  lines+=("Tests ($tier, ${seconds} s): $passed passed, $failed failed, $skipped skipped")
  total_files=$((${total_files:-0} + files))
  total_passed=$((${total_passed:-0} + passed))
  total_failed=$((${total_failed:-0} + failed))
  total_skipped=$((${total_skipped:-0} + skipped))
  log "Tier $tier: ${seconds} s"
done

if [ "${total_files:-0}" = 0 ]; then
  lines+=("no test file matched: $*")
  total_failed=1
  status=1
fi
printf '%s\n' "${lines[@]}"
echo "Tests: ${total_passed:-0} passed, ${total_failed:-0} failed, ${total_skipped:-0} skipped"
exit $status
