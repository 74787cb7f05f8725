#!/usr/bin/env bash
# The demo: set-up, then `pulumi up` of examples/demo against the embedded Airbyte API emulator.
# `npm run demo -- destroy` removes what it deployed.
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$PA_ROOT"
bash scripts/setup.sh
PULUMI_AIRBYTE_CLI_ROOT="$(find_pulumi_root)"
export PULUMI_AIRBYTE_CLI_ROOT
export PATH="$PULUMI_AIRBYTE_CLI_ROOT/bin:$PATH"
mkdir -p .pulumi-state .demo
export PULUMI_BACKEND_URL="${PULUMI_BACKEND_URL:-file://$PA_ROOT/.pulumi-state}"
export PULUMI_CONFIG_PASSPHRASE="${PULUMI_CONFIG_PASSPHRASE-pulumi-airbyte-demo}"
exec node dist/examples/demo/run.js "$@"
