import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Engine end-to-end tests each run the real Pulumi CLI; two cores cannot run many at once.
    maxWorkers: 2,
    server: {
      deps: {
        // The built package (dist/) must load natively: Pulumi serializes the provider stubs
        // from their function source, which Vite's transform would otherwise rewrite.
        external: [/\/dist\//],
      },
    },
  },
});
