import { describe, expect, it } from "vitest";
import { runResult } from "../helpers.js";
import { resolveRunConfig } from "../../src/config/runConfig.js";

const run = async (sets: string[]) => {
  const config = resolveRunConfig("langevin-vs-svgd", sets);
  return runResult(config);
};
const last = (xs: number[]) => xs[xs.length - 1];

describe("langevin-vs-svgd preset (seed 002 §6)", () => {
  it("a huge bandwidth translates the cloud rigidly: the mean follows E[∇log π], the shape never changes", async () => {
    // oracle: k ≡ 1 up to 1e-8 (h = 1e8, spread ~1), so x_i ← x_i + dt(2 − x̄) for N(2, 1):
    // x̄_k = 2 + (x̄_0 − 2)(1 − dt)^k exactly, variance constant; tol 1e-6 (the kernel's
    // deviation from 1 is |x − y|²/h ~ 1e-8).
    const r = await run(["target=gaussian", "scheme.bandwidth=100000000", "dt=0.05", "until=2"]);
    const mean = r.history.metrics.mean;
    const variance = r.history.metrics.variance;
    r.history.step.forEach((k, i) => {
      expect(Math.abs(mean[i] - (2 + (mean[0] - 2) * (1 - 0.05) ** k))).toBeLessThan(1e-6);
      expect(Math.abs(variance[i] / variance[0] - 1)).toBeLessThan(1e-6);
    });
  });

  it("a vanishing bandwidth leaves independent gradient ascents ẋ = ∇log π(x)/N", async () => {
    // oracle: with h = 1e-12 the kernel between distinct particles is below e^{−100} (their
    // spacing exceeds 1e-5 at N = 50 here), so x_i ← x_i + (dt/N)(2 − x_i): mean and spread
    // contract by (1 − dt/N)^k exactly; tol 1e-9 relative.
    const n = 50;
    const r = await run([
      "target=gaussian",
      "scheme.bandwidth=1e-12",
      `scheme.n=${n}`,
      "dt=0.5",
      "until=10",
    ]);
    const { mean, variance } = r.history.metrics;
    r.history.step.forEach((k, i) => {
      const c = (1 - 0.5 / n) ** k;
      expect(Math.abs(mean[i] - (2 + (mean[0] - 2) * c))).toBeLessThan(1e-9);
      expect(Math.abs(variance[i] / (variance[0] * c * c) - 1)).toBeLessThan(1e-9);
    });
  });

  it("with the median bandwidth SVGD samples the mixture, as Langevin particles do", async () => {
    // oracle: the mixture's exact quantile function (W2) and its mass right of 0 (2/3).
    // Measured at N = 200, t = 20: SVGD W2 0.19, mass 0.64; Langevin W2 0.28, mass 0.685;
    // a rigid translation (h = 1e8) stays at W2 2.1. Tolerances: W2 < 0.4, mass within 0.08
    // (3 binomial standard errors at N = 200 is 0.1).
    const median = await run([]);
    const chains = await run(["scheme=langevin"]);
    const rigid = await run(["scheme.bandwidth=100000000"]);
    for (const r of [median, chains]) {
      expect(r.status).toBe("ok");
      expect(last(r.history.metrics["w2:target"])).toBeLessThan(0.4);
      expect(Math.abs(last(r.history.metrics["mass:x>0"]) - 2 / 3)).toBeLessThan(0.08);
    }
    expect(last(rigid.history.metrics["w2:target"])).toBeGreaterThan(1.5);
  });
});
