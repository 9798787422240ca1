import { defineConfig } from "vitest/config";

// `npm test`: the fast suite (each file a few seconds on two loaded cores).
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    pool: "forks",
    // Both cores: the tests are CPU-bound and independent (each writes under its own temp dir).
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    // The JSON report feeds the one-line tally that .ci/run prints.
    reporters: ["default", ["json", { outputFile: ".test-tmp/results.json" }]],
  },
});
