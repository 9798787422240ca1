import { describe, expect, it } from "vitest";
import { besselI0Scaled, radialSteadyState } from "../../src/diagnostics/radialSteady.js";

describe("radial steady state of aggregation–diffusion", () => {
  it("scaled Bessel I₀: tabulated values, and the asymptotic branch agrees with the series", () => {
    // oracle: e^{−x} I₀(x) tables for the series branch (tol 1e-12); for x ≥ 20 the positive-term
    // series itself, summed here independently (tol 1e-6 relative: the next asymptotic term)
    expect(besselI0Scaled(0)).toBe(1);
    expect(besselI0Scaled(1)).toBeCloseTo(0.4657596075936404, 12);
    expect(besselI0Scaled(10)).toBeCloseTo(0.1278333371634286, 12);
    for (const x of [20, 30, 45]) {
      let term = 1;
      let sum = 1;
      for (let k = 1; k < 400; k++) {
        term *= (x * x) / 4 / (k * k);
        sum += term;
      }
      const series = sum * Math.exp(-x);
      expect(Math.abs(besselI0Scaled(x) - series) / series).toBeLessThan(1e-6);
    }
  });

  it("has the requested mass, compact support, and satisfies κ m/(m−1) ρ^{m−1} + W∗ρ = C on it", () => {
    // oracle: the Euler–Lagrange condition, re-evaluated by direct 2D quadrature of W∗ρ at a few radii
    const s = radialSteadyState({ kappa: 0.1, m: 3 });
    const dr = s.r[1] - s.r[0];
    const mass = s.rho.reduce((acc, v, j) => acc + 2 * Math.PI * v * s.r[j] * dr, 0);
    expect(mass).toBeCloseTo(1, 10);
    expect(s.rho[Math.floor(1.5 / dr)]).toBeLessThan(1e-12);
    // W∗ρ at (x, 0) by a polar double sum (independent of the Bessel closed form)
    const conv = (x: number): number => {
      let acc = 0;
      const angles = 256;
      for (let j = 0; j < s.r.length; j++) {
        if (s.rho[j] === 0) continue;
        for (let a = 0; a < angles; a++) {
          const th = (2 * Math.PI * (a + 0.5)) / angles;
          const d2 = (x - s.r[j] * Math.cos(th)) ** 2 + (s.r[j] * Math.sin(th)) ** 2;
          acc += (-Math.exp(-d2) / Math.PI) * s.rho[j] * s.r[j] * dr * ((2 * Math.PI) / angles);
        }
      }
      return acc;
    };
    const rhoAt = (x: number) => {
      const k = x / dr - 0.5;
      const i = Math.floor(k);
      return s.rho[i] + (k - i) * (s.rho[i + 1] - s.rho[i]);
    };
    const lhs = (x: number) => 0.15 * rhoAt(x) ** 2 + conv(x);
    const c0 = lhs(0.1);
    for (const x of [0.3, 0.5, 0.7])
      expect(Math.abs(lhs(x) - c0)).toBeLessThan(2e-3 * Math.abs(c0));
  });
});
