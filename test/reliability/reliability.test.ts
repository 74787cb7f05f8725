import { afterAll, describe, expect, it } from "vitest";
import { type Outcome, runScenario, scenarios, table } from "./scenarios.js";

// CI runs one seed; `npm run reliability` sets more.
const SEEDS = Number(process.env.RELIABILITY_SEEDS ?? 1);
const outcomes: Outcome[] = [];

describe.each(Array.from({ length: SEEDS }, (_, i) => 7 + i))("the reliability matrix, seed %i", (seed) => {
  it.each(scenarios())(
    "$name",
    async (scenario) => {
      const outcome = await runScenario(scenario, seed);
      outcomes.push(outcome);
      expect(outcome).toMatchObject({ duplicates: 0, lost: 0, leaked: 0, converged: true });
      // The faulted steps succeeded, or failed with the one failure the scenario names.
      expect(outcome.accepted, outcome.note).toBe(true);
      // Slowing down, not hammering: far fewer 429s than requests.
      expect(outcome.rateLimited).toBeLessThan(150);
    },
    240_000,
  );
});

afterAll(() => {
  console.log(`\nReliability matrix (${SEEDS} seed${SEEDS === 1 ? "" : "s"}):\n${table(outcomes)}\n`);
});
