import { describe, expect, it } from "vitest";
import { runResult } from "../helpers.js";
import { resolveRunConfig } from "../../src/config/runConfig.js";
import { equilibriumMeanExact } from "../../src/presets/meanFieldGame.js";
import { bestResponses, equilibriumMean } from "../../src/schemes/fictitiousPlay.js";

const game = { q: 4, s: 0.5, c: 1, horizon: 1, steps: 100 };

describe("mean-field-game preset (seed 002 §7)", () => {
  it("the equilibrium mean path is the mean of the best responses to itself", () => {
    // oracle: the defining fixed point, solved independently (one linear system for the mean)
    // and checked by the agents' own system: to round-off (measured 5e-14; tol 1e-12).
    const starts = [1.2, 2.5, 1.9, 2.4];
    const mean = starts.reduce((a, v) => a + v, 0) / starts.length;
    const mStar = equilibriumMean(game, mean);
    const paths = bestResponses(game, starts, mStar);
    for (let j = 0; j <= game.steps; j++) {
      const realised = paths.reduce((a, p) => a + p[j], 0) / paths.length;
      expect(Math.abs(realised - mStar[j])).toBeLessThan(1e-12);
    }
  });

  it("converges to the continuous-time equilibrium at first order in the time step", () => {
    // oracle: m(T) = m₀ / [cosh ωT + (c/ω) sinh ωT], ω = √(q(1 − s)); the discrete mean path
    // is first-order accurate, so the error halves with Δ (measured ratios 2.02, 2.01, 2.00;
    // tol 2 ± 0.3).
    const errors = [50, 100, 200, 400].map((steps) => {
      const m = equilibriumMean({ ...game, steps }, 2);
      return Math.abs(m[steps] - equilibriumMeanExact(1, game, 2));
    });
    for (let i = 1; i < errors.length; i++) {
      expect(errors[i - 1] / errors[i]).toBeGreaterThan(1.7);
      expect(errors[i - 1] / errors[i]).toBeLessThan(2.3);
    }
  });

  for (const s of [0.5, -1])
    it(`fictitious play finds the equilibrium (s = ${s})`, async () => {
      // oracle: every agent's equilibrium final point (linear in its start, given m*); the
      // rounds' RMS distance to them shrinks at every snapshot (measured 0.28 → 0.0056 in 200
      // rounds at s = 0.5, 0.79 → 0.00018 at s = −1); tol 0.01 after 200 rounds.
      const config = resolveRunConfig("mean-field-game", [`s=${s}`]);
      const run = await runResult(config);
      expect(run.status).toBe("ok");
      const e = run.history.metrics["l2:final-positions"];
      for (let k = 1; k < e.length; k++) expect(e[k]).toBeLessThan(e[k - 1]);
      expect(e.at(-1)!).toBeLessThan(0.01);
    });
});
