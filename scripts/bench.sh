#!/usr/bin/env bash
# The engine benchmark: npm run bench -- [PROFILE] [SIZES] (default: local, 50,150,500 resources).
# Set-up first, then the floor, ours and the native plugin through the same Pulumi CLI; writes the
# profile's section of docs/performance.md, its PNG and its JSON. Prints figures, asserts nothing.
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$PA_ROOT"
bash scripts/setup.sh
use_pulumi "$(find_pulumi_root)"
node build/test/bench/engine-bench.js "$@" || exit
# The figures as the repository's formatter writes JSON, so `biome ci` accepts them as written.
npx biome format --write docs/performance*.json >/dev/null
