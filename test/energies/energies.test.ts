import { describe, expect, it } from "vitest";
import * as energy from "../../src/energies/index.js";
import { spacingEntropy } from "../../src/energies/entropyEstimate.js";
import { gaussian, grid, particles } from "../../src/measures/construct.js";
import { sample } from "../../src/measures/convert.js";
import { ConfigError } from "../../src/core/errors.js";
import { key } from "../../src/random/key.js";
import { normal } from "../../src/random/sample.js";

function finiteDifferenceGradient(f: (x: Float64Array) => number, x: Float64Array): Float64Array {
  const g = new Float64Array(x.length);
  const h = 1e-6;
  for (let i = 0; i < x.length; i++) {
    const xp = Float64Array.from(x);
    const xm = Float64Array.from(x);
    xp[i] += h;
    xm[i] -= h;
    g[i] = (f(xp) - f(xm)) / (2 * h);
  }
  return g;
}

describe("energies", () => {
  it("potential gradients match finite differences", () => {
    // oracle: central differences, error O(h²) ≈ 1e-9; tol 1e-6
    const A = [
      [2, 0.5, 0],
      [0.5, 1, 0.2],
      [0, 0.2, 3],
    ];
    const terms = [energy.quadratic({ A, b: [1, -1, 0.5] }), energy.doubleWell(), energy.quartic()];
    const x = Float64Array.from([0.3, -1.2, 0.7]);
    for (const e of terms) {
      const t = e.terms[0];
      if (t.type !== "potential") throw new Error("expected a potential");
      const g = new Float64Array(3);
      t.grad(x, g);
      const fd = finiteDifferenceGradient((y) => t.value(y), x);
      for (let i = 0; i < 3; i++) expect(Math.abs(g[i] - fd[i])).toBeLessThan(1e-6);
    }
  });

  it("kernel gradients ∇W = c(|x|²)x match finite differences of W", () => {
    const x = Float64Array.from([0.4, -0.9]);
    const kernels = [
      ...Object.values(energy.namedKernels),
      energy.gaussianKernel(0.5, 1),
      energy.gaussianKernel(1.3, -1),
    ];
    for (const k of kernels) {
      const W = (y: Float64Array) => k.w(y[0] ** 2 + y[1] ** 2);
      const fd = finiteDifferenceGradient(W, x);
      const c = k.c(x[0] ** 2 + x[1] ** 2);
      expect(Math.abs(c * x[0] - fd[0])).toBeLessThan(1e-6);
      expect(Math.abs(c * x[1] - fd[1])).toBeLessThan(1e-6);
    }
  });

  it("quadratic interaction velocity is attraction to the centre of mass", () => {
    // oracle: W = |x|²/2 gives v_i = −(1/N)Σ_j (x_i − x_j) = −(x_i − x̄) exactly
    const p = particles(normal(key(1), 40), 2);
    const v = energy.interactionVelocity(energy.quadraticKernel, p);
    const mean = [0, 0];
    for (let i = 0; i < 20; i++) for (let a = 0; a < 2; a++) mean[a] += p.x[2 * i + a] / 20;
    for (let i = 0; i < 20; i++)
      for (let a = 0; a < 2; a++) expect(v[2 * i + a]).toBeCloseTo(-(p.x[2 * i + a] - mean[a]), 13);
  });

  it("the singular log kernel refuses coincident particles", () => {
    const p = particles([0, 1, 1], 1);
    expect(() => energy.interactionVelocity(energy.logKernel, p)).toThrow(/coincide/);
  });

  it("interaction energy uses the ½∬ convention", () => {
    // oracle: two points at distance r, weights ½: ½·2·(½·½)·W(r²) = W(r²)/4
    const p = particles([0, 2], 1);
    expect(energy.energyValue(energy.interaction("ring"), p)).toBeCloseTo(
      energy.ringKernel.w(4) / 4,
      14,
    );
  });

  it("entropy and porous energy have closed forms on Gaussians that grid quadrature confirms", () => {
    // oracle: midpoint quadrature of ∫U(ρ) on a fine grid; tol 1e-8
    const g = gaussian({ mean: [0.3], cov: [[0.7]] });
    const pdf = (x: Float64Array) =>
      Math.exp(-((x[0] - 0.3) ** 2) / 1.4) / Math.sqrt(2 * Math.PI * 0.7);
    const box = grid({ lower: [-10], upper: [10], shape: [20000], density: pdf });
    for (const e of [energy.entropy(), energy.porousMedium(2), energy.porousMedium(3.5)])
      expect(energy.energyValue(e, g)).toBeCloseTo(energy.energyValue(e, box), 8);
  });

  it("the spacing entropy estimate is unbiased to sampling accuracy", () => {
    // oracle: H(N(0,σ²)) = ½ log(2πeσ²); tol 0.03 ≈ measured bias 0.003 + 2 standard deviations (0.015) at n = 2000
    const s = sample(gaussian({ mean: [0], cov: [[4]] }), 2000, key(9));
    expect(Math.abs(spacingEntropy(s.x) - 0.5 * Math.log(2 * Math.PI * Math.E * 4))).toBeLessThan(
      0.03,
    );
  });

  it("KL = entropy + potential, and bad energies are named errors", () => {
    const f = energy.kl(energy.doubleWell());
    expect(f.terms.map((t) => t.type).sort()).toEqual(["internal", "potential"]);
    expect(energy.entropyCoefficient(energy.sum(f, energy.scale(energy.entropy(), 2)))).toBe(3);
    expect(() => energy.porousMedium(1)).toThrow(ConfigError);
    expect(() => energy.kl(energy.entropy())).toThrow(ConfigError);
    expect(() =>
      energy.quadratic({
        A: [
          [1, 2],
          [0, 1],
        ],
        b: [0, 0],
      }),
    ).toThrow(/symmetric/);
  });
});
