#!/usr/bin/env bash
# The engine benchmark: npm run bench -- [SIZES] (default 50,150,500 resources). Set-up first, then
# ours against the floor through the same Pulumi CLI; writes docs/performance.md (its table),
# docs/performance.png and docs/performance.json. Prints figures, asserts nothing.
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$PA_ROOT"
bash scripts/setup.sh
use_pulumi "$(find_pulumi_root)"
exec node build/test/bench/engine-bench.js "$@"
