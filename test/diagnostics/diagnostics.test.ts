import { describe, expect, it } from "vitest";
import { klGaussian, symKlGaussian, w2SquaredGaussian } from "../../src/ot/gaussian.js";
import { ksDistance, tabulateDensity, w2ToDensity } from "../../src/diagnostics/density1d.js";
import { ouEulerMaruyamaLaw, ouLaw, ouStationary } from "../../src/diagnostics/ou.js";
import { identity } from "../../src/core/matrix.js";
import { normalCdf, normalQuantile } from "../../src/core/special.js";
import { gaussian } from "../../src/measures/construct.js";
import { ouTarget } from "../../src/presets/ou.js";
import { key } from "../../src/random/key.js";

const g = (mean: number[], cov: number[][]) => gaussian({ mean, cov });

describe("Gaussian distances", () => {
  it("KL between 1D Gaussians matches the scalar formula", () => {
    // oracle: KL(N(μ0,s0²)‖N(μ1,s1²)) = ln(s1/s0) + (s0² + (μ0−μ1)²)/(2s1²) − ½
    const exact = Math.log(2 / 1) + (1 + 0.25) / 8 - 0.5;
    expect(klGaussian(g([0], [[1]]), g([0.5], [[4]]))).toBeCloseTo(exact, 14);
    expect(
      symKlGaussian(
        g(
          [1, 2],
          [
            [2, 0.3],
            [0.3, 1],
          ],
        ),
        g(
          [1, 2],
          [
            [2, 0.3],
            [0.3, 1],
          ],
        ),
      ),
    ).toBeCloseTo(0, 14);
  });

  it("Bures W2 matches the commuting case", () => {
    // oracle: for diagonal covariances W2² = |Δμ|² + Σ(√a_i − √b_i)²
    const w2 = w2SquaredGaussian(
      g(
        [0, 1],
        [
          [4, 0],
          [0, 1],
        ],
      ),
      g(
        [1, 1],
        [
          [1, 0],
          [0, 9],
        ],
      ),
    );
    expect(w2).toBeCloseTo(1 + 1 + 4, 12);
  });
});

describe("OU laws", () => {
  it("the exact law tends to the stationary one and agrees with Euler–Maruyama as h → 0", () => {
    // oracle: t → ∞ limit N(b, A⁻¹); EM is first order, so its error shrinks ~linearly in h
    const { A, b } = ouTarget(4, key(1));
    const initial = { mean: new Float64Array(4), cov: identity(4) };
    expect(symKlGaussian(ouLaw(A, b, initial, 60), ouStationary(A, b))).toBeLessThan(1e-12);
    const exact = ouLaw(A, b, initial, 0.9);
    const e1 = symKlGaussian(ouEulerMaruyamaLaw(A, b, initial, 0.01, 90), exact);
    const e2 = symKlGaussian(ouEulerMaruyamaLaw(A, b, initial, 0.005, 180), exact);
    expect(Math.sqrt(e1 / e2)).toBeGreaterThan(1.8); // SymKL ~ h², so √ratio ≈ 2
    expect(Math.sqrt(e1 / e2)).toBeLessThan(2.2);
  });

  it("A = I + GGᵀ/d is symmetric positive definite", () => {
    const { A } = ouTarget(6, key(2));
    for (let i = 0; i < 6; i++)
      for (let j = 0; j < 6; j++) expect(A.data[i * 6 + j]).toBe(A.data[j * 6 + i]);
    expect(() => gaussian({ mean: new Float64Array(6), cov: A })).not.toThrow();
  });
});

describe("1D reference densities", () => {
  const std = tabulateDensity((x) => -0.5 * x * x, -12, 12, 40000);

  it("tabulated CDF and quantile agree with the normal's", () => {
    // oracle: Φ and Φ⁻¹; tol 1e-7 (piecewise-linear table with h = 6e-4)
    for (const x of [-2, -0.3, 0, 1.1, 2.5])
      expect(Math.abs(std.cdf(x) - normalCdf(x))).toBeLessThan(1e-7);
    for (const s of [0.01, 0.3, 0.5, 0.9])
      expect(Math.abs(std.quantile(s) - normalQuantile(s))).toBeLessThan(1e-6);
  });

  it("W2 of shifted quantile atoms equals the shift; KS of exact quantiles is 1/(2n)", () => {
    // oracle: atoms at Q((i+½)/n) + c: W2² = c² + W2²(atoms, ρ) with the latter O(n^{-1}·log n) small
    const n = 4000;
    const atoms = Float64Array.from({ length: n }, (_, i) => normalQuantile((i + 0.5) / n));
    const base = w2ToDensity(atoms, std);
    expect(base).toBeLessThan(0.01);
    const shifted = w2ToDensity(
      atoms.map((x) => x + 0.3),
      std,
    );
    expect(Math.abs(shifted ** 2 - (0.09 + base ** 2))).toBeLessThan(1e-4);
    expect(Math.abs(ksDistance(atoms, std) - 1 / (2 * n))).toBeLessThan(1e-6);
  });
});
