#!/usr/bin/env bash
# The reliability matrix with more seeds than CI runs: npm run reliability -- [SEEDS] (default 3).
# Prints the table (scenario, faults, operations, duplicates, lost, leaked, 429s, result).
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$PA_ROOT"
bash scripts/setup.sh
use_pulumi "$(find_pulumi_root)"
RELIABILITY_SEEDS="${1:-3}" exec npx vitest run --project slow
