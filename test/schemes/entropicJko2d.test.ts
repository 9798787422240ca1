import { describe, expect, it } from "vitest";
import { stepContext } from "../helpers.js";
import { entropicJko2d } from "../../src/schemes/entropicJko2d.js";
import { entropicJkoGaussianVariance } from "../../src/diagnostics/entropicJko.js";
import { barenblattSolution } from "../../src/diagnostics/barenblatt.js";
import { entropy, porousMedium } from "../../src/energies/internal.js";
import { quadratic } from "../../src/energies/potential.js";
import { sum } from "../../src/energies/combine.js";
import { cellCentre, grid } from "../../src/measures/construct.js";
import type { Grid } from "../../src/measures/types.js";
import { key } from "../../src/random/key.js";
import { ConfigError } from "../../src/core/errors.js";

const massOf = (g: Grid) =>
  g.density.reduce((s, v) => s + v, 0) * ((10 / g.shape[0]) * (10 / g.shape[1]));

function gaussianGrid(n: number, a: number): Grid {
  return grid({
    lower: [-5, -5],
    upper: [5, 5],
    shape: [n, n],
    density: (x) => Math.exp(-(x[0] ** 2 + x[1] ** 2) / (2 * a)) / (2 * Math.PI * a),
  });
}

describe("entropic JKO on a 2D grid", () => {
  it("follows the closed-form entropic JKO recursion of a Gaussian under OU, conserving mass", () => {
    // oracle: diagnostics/entropicJko.ts (the step restricted to Gaussians, exact for this F).
    // Measured relative variance error after 5 steps at 48²: 9e-7 (box truncation and midpoint
    // quadrature), so tol 1e-5. Mass: π1 = p holds exactly after every α-update, so 1e-12.
    const n = 48;
    const h = 10 / n;
    const epsilon = 2 * h * h;
    const tau = 0.1;
    const initial = gaussianGrid(n, 0.5);
    const problem = {
      energy: sum(
        quadratic({
          A: [
            [1, 0],
            [0, 1],
          ],
          b: [0, 0],
        }),
        entropy(),
      ),
      initial,
    };
    const scheme = entropicJko2d({ epsilon });
    let state = scheme.init(problem, key(0));
    let variance = 0.5;
    let energy = scheme.energy!(state, problem);
    const mass0 = massOf(initial);
    for (let k = 0; k < 5; k++) {
      state = scheme.step(state, stepContext(problem, tau, key(k)));
      variance = entropicJkoGaussianVariance(variance, { tau, epsilon, lambda: 1, beta: 1 });
      let m2 = 0;
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++)
          m2 += state.measure.density[i * n + j] * cellCentre(state.measure, 1, j) ** 2 * h * h;
      const mass = massOf(state.measure);
      expect(Math.abs(m2 / mass - variance) / variance).toBeLessThan(1e-5);
      expect(Math.abs(mass - mass0) / mass0).toBeLessThan(1e-12);
      const e = scheme.energy!(state, problem);
      expect(e).toBeLessThan(energy);
      energy = e;
    }
  });

  it("approaches the 2D Barenblatt solution as the blur ε/τ shrinks", () => {
    // oracle: the exact Barenblatt solution of ∂tρ = Δρ² (diagnostics/barenblatt.ts). The
    // entropic blur adds diffusion ε/(4τ), so the L1 error at t = 2.5 tracks ε: measured at
    // 48², τ = 0.25: 0.077 (ε = 2h²), 0.031 (ε = h²). Tol: < 0.1, and halving ε at least
    // halves the error (the blur dominates the O(τ) JKO error here).
    const exact = barenblattSolution(2, 2);
    const n = 48;
    const box = {
      lower: [-3, -3] as [number, number],
      upper: [3, 3] as [number, number],
      shape: [n, n] as [number, number],
    };
    const h = 6 / n;
    const errors = [2, 1].map((factor) => {
      const problem = {
        energy: porousMedium(2),
        initial: grid({ ...box, density: (x) => exact(0.5, x) }),
      };
      const scheme = entropicJko2d({ epsilon: factor * h * h });
      let state = scheme.init(problem, key(0));
      for (let k = 0; k < 8; k++) state = scheme.step(state, stepContext(problem, 0.25, key(k)));
      const truth = grid({ ...box, density: (x) => exact(2.5, x) });
      return (
        state.measure.density.reduce((s, v, k) => s + Math.abs(v - truth.density[k]), 0) * h * h
      );
    });
    expect(errors[0]).toBeLessThan(0.1);
    expect(errors[1]).toBeLessThan(0.5 * errors[0]);
  });

  it("rejects ε below h² and negative densities, with a fix", () => {
    const initial = gaussianGrid(32, 1);
    const problem = { energy: entropy(), initial };
    expect(() => entropicJko2d({ epsilon: 0.01 }).init(problem, key(0))).toThrow(/below h²/);
    expect(() => entropicJko2d({ epsilon: -1 })).toThrow(ConfigError);
    const bad = { ...initial, density: initial.density.map((v, k) => (k === 5 ? -1 : v)) };
    expect(() => entropicJko2d().init({ energy: entropy(), initial: bad }, key(0))).toThrow(
      /negative/,
    );
  });
});
