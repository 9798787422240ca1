import { defineConfig } from "vitest/config";

// `npm test`: the fast suite (each file a few seconds on two loaded cores).
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    pool: "forks",
    // The JSON report feeds the one-line tally that .ci/run prints.
    reporters: ["default", ["json", { outputFile: ".test-tmp/results.json" }]],
  },
});
