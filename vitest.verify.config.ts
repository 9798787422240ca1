import { defineConfig } from "vitest/config";

// `npm run verify`: the long verifications (convergence orders, full presets, the
// explorer in Chromium), run by CI after the fast suite.
export default defineConfig({
  test: {
    include: ["test/**/*.verify.ts"],
    testTimeout: 300_000,
    pool: "forks",
    // Both cores: the tests are CPU-bound and independent (each writes under its own temp dir).
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    reporters: ["default", ["json", { outputFile: ".test-tmp/verify.json" }]],
  },
});
