import { defineConfig } from "vitest/config";

// `npm run verify`: the long verifications (convergence orders, full presets, the
// explorer in Chromium), run by CI after the fast suite.
export default defineConfig({
  test: {
    include: ["test/**/*.verify.ts"],
    testTimeout: 300_000,
    pool: "forks",
    reporters: ["default", ["json", { outputFile: ".test-tmp/verify.json" }]],
  },
});
