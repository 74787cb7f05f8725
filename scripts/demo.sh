#!/usr/bin/env bash
# The demo: set-up, then `pulumi up` (the CLI, on this repository's Pulumi.yaml) of examples/demo
# against the embedded Airbyte API emulator. `npm run demo -- preview` shows the plan;
# `npm run demo -- destroy` removes what it deployed.
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$PA_ROOT"
bash scripts/setup.sh
use_pulumi "$(find_pulumi_root)"
mkdir -p .pulumi-state .demo
export PULUMI_BACKEND_URL="${PULUMI_BACKEND_URL:-file://$PA_ROOT/.pulumi-state}"
export PULUMI_CONFIG_PASSPHRASE="${PULUMI_CONFIG_PASSPHRASE-pulumi-airbyte-demo}"
exec node build/examples/demo/run.js "$@"
