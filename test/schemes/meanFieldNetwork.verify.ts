import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { executeRun } from "../../src/cli/execute.js";
import { resolveRunConfig } from "../../src/config/runConfig.js";
import { tempDir } from "../helpers.js";

describe("mean-field two-layer ReLU network", () => {
  it("the preset drives the risk down and gathers the weight at the teacher directions", async () => {
    // oracle: Chizat–Bach — a wide, balanced 2-homogeneous start converges to the global
    // minimiser (risk 0, weight on the teacher rays). Measured at n = 100, t = 1000;
    // tol: risk below 1 % of its start (measured 1.8e-5 of it), ≥ 90 % of Σ|a||w| within 10° of a teacher line ±w*_k (measured 94 %; the even target lets −w*_k serve as well).
    const { summary } = await executeRun(resolveRunConfig("mean-field-relu", []), {
      out: join(tempDir(), "mf"),
      quiet: true,
    });
    expect(summary.status).toBe("ok");
    const risk = summary.energy;
    expect(risk[risk.length - 1]).toBeLessThan(0.01 * risk[0]);
    const near = summary.metrics["weight-near-teacher-lines"];
    expect(near[near.length - 1]).toBeGreaterThan(0.9);
  });
});
