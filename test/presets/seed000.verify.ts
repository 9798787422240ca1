import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { executeRun } from "../../src/cli/execute.js";
import { resolveRunConfig } from "../../src/config/runConfig.js";
import { foldedPush } from "../../src/diagnostics/forwardEulerExact.js";
import { normalCdf } from "../../src/core/special.js";
import { tempDir } from "../helpers.js";

const last = (xs: (number | null)[]) => xs[xs.length - 1];

describe("seed 000 closed forms (diagnostics/forwardEulerExact.ts)", () => {
  it("the folded push is a probability density whose CDF matches the pushed normal", () => {
    // oracle: P(T(X) ≤ y) for X ~ N(0,1), from the monotone pieces of T, against ∫pdf;
    // midpoint quadrature with 1/√ blow-ups at ±y*: measured 8e-4 at dy = 1e-4, tol 2e-3
    const push = foldedPush(0.2);
    const xs = push.foldLabel;
    const y = 0.5;
    // pre-images of y: a < −x* < b < x* < c; T(x) ≤ y on [a, b] ∪ [c, ∞)
    const solve = (lo: number, hi: number) => {
      for (let i = 0; i < 200; i++) {
        const mid = 0.5 * (lo + hi);
        if ((push.map(mid) - y) * (push.map(lo) - y) > 0) lo = mid;
        else hi = mid;
      }
      return lo;
    };
    const [a, b, c] = [solve(-10, -xs), solve(-xs, xs), solve(xs, 10)];
    const exactCdf = normalCdf(b) - normalCdf(a) + (1 - normalCdf(c));
    let integral = 0;
    const dy = 1e-4;
    for (let t = -15; t < y; t += dy) integral += push.pdf(t + dy / 2) * dy;
    expect(Math.abs(integral - exactCdf)).toBeLessThan(2e-3);
    expect(push.foldImage).toBeCloseTo((2 / 3) * 1.2 * xs, 12);
  });
});

describe("fe-fold preset (seed 000, example 1)", () => {
  it("ends unstable after one step, at the closed-form fold, with the numbers in summary.json", async () => {
    const { summary } = await executeRun(resolveRunConfig("fe-fold", ["n=2000"]), {
      out: join(tempDir(), "fold"),
      quiet: true,
    });
    expect(summary.status).toBe("unstable");
    expect(summary.advice).toMatch(/folded the map.*1\.41/);
    expect(summary.events!.fold_label).toBeCloseTo(Math.sqrt(1.2 / 0.6), 12);
    // FE moves the density away from the flow: its TV to the true flow at t = h (0.22) is
    // larger than the distance the flow itself travelled from ρ0 (0.09), measured.
    expect(summary.events!.tv_exact_push_to_true_flow!).toBeGreaterThan(
      2 * summary.events!.tv_initial_to_true_flow!,
    );
    expect(last(summary.metrics["w2:true-flow"])).toBeGreaterThan(0.1);
  });
});
