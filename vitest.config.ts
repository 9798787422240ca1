import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    pool: "forks",
    // The JSON report feeds the one-line tally that .ci/run prints.
    reporters: ["default", ["json", { outputFile: ".test-tmp/results.json" }]],
  },
});
