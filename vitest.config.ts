import { defineConfig } from "vitest/config";

/**
 * The suite in three tiers, run one after the other by `npm test` (scripts/test.sh), each alone by
 * `npm run test:fast`, `test:engine` and `test:slow` (or `npx vitest run --project <tier>`).
 * CONTRIBUTING.md says which to run when, and what each took.
 */
export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Engine end-to-end tests each run the real Pulumi CLI; two cores cannot run many at once.
    maxWorkers: 2,
    server: {
      deps: {
        // The built package (dist/) and the programs built on it (build/) must load natively:
        // Pulumi serializes the provider stubs from their function source, which Vite's transform
        // would otherwise rewrite.
        external: [/\/dist\//, /\/build\//],
      },
    },
    projects: [
      {
        extends: true,
        test: {
          // The inner loop: pure rules, the client and the emulator over loopback HTTP, the shared
          // rule tables. No Pulumi CLI.
          name: "fast",
          include: [
            "test/unit/**/*.test.ts",
            "test/client/**/*.test.ts",
            "test/emulator/**/*.test.ts",
            "test/rules/**/*.test.ts",
          ],
        },
      },
      {
        extends: true,
        // End to end on the real Pulumi engine: the Automation API, and the CLI on user projects.
        test: { name: "engine", include: ["test/e2e/**/*.test.ts"] },
      },
      {
        extends: true,
        // The kill test and the reliability matrix: minutes each.
        test: { name: "slow", include: ["test/reliability/**/*.test.ts"] },
      },
    ],
  },
});
