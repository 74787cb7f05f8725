#!/usr/bin/env bash
# Regenerates everything of the native plugin that is derived from the code: the build, the schema
# (plugin/schema.json) and the SDKs (sdk-native/, with the Pulumi CLI's generator). Run it after a
# change to a kind, a look-up or a setting, and commit what it changes. The SDKs need the CLI
# (`npm run setup`).
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$PA_ROOT"
npx tsc -p tsconfig.build.json
node scripts/generate-plugin-schema.mjs
bash scripts/generate-plugin-sdks.sh
