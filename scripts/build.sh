#!/usr/bin/env bash
# The package's build into dist/: the TypeScript sources (tsconfig.build.json), and the native
# plugin's TypeScript SDK (generated into sdk-native/nodejs/ by `npm run generate:plugin`), compiled
# with its own tsconfig to CommonJS in dist/native/ beside the package.json it reads its version from.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
npx tsc -p tsconfig.build.json
npx tsc -p sdk-native/nodejs/tsconfig.json --outDir dist/native --declarationMap false --sourceMap false
cp sdk-native/nodejs/package.json dist/native/package.json
