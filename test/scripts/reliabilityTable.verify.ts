/**
 * Every case of the reliability catalogue (scripts/reliabilityTable.ts) through the built CLI:
 * none may end in a stack trace, a crash or a timeout. Oracle: the exit code and stderr of each
 * case, classified by `classify`; the table in docs/reliability.md is this run's output.
 */
import { describe, expect, it } from "vitest";
import { runCatalogue } from "../../scripts/reliabilityTable.js";

describe("reliability catalogue", () => {
  it("no input ends in a stack trace, a crash or a timeout", { timeout: 600_000 }, async () => {
    const results = await runCatalogue({ parallel: 2 });
    expect(results.length).toBeGreaterThanOrEqual(60);
    const bad = results
      .filter((r) => r.outcome === "defect" || r.outcome === "timeout")
      .map((r) => `${r.outcome}: ${r.entry} / ${r.name}: ${r.args.join(" ")}\n${r.stderr}`);
    expect(bad).toEqual([]);
  });
});
