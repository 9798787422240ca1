import { describe, expect, it } from "vitest";
import { matrix } from "../../src/core/matrix.js";
import { ouJkoStep, ouLaw } from "../../src/diagnostics/ou.js";
import { gaussian } from "../../src/measures/construct.js";
import { symKlGaussian } from "../../src/ot/gaussian.js";

const A = matrix(3, 3, [2, 0.5, 0.1, 0.5, 1, 0.3, 0.1, 0.3, 1.5]);
const b = Float64Array.from([1, -0.5, 0.2]);
const start = gaussian({
  mean: [0, 0.3, -0.2],
  cov: [
    [0.5, 0.1, 0],
    [0.1, 0.8, -0.2],
    [0, -0.2, 0.6],
  ],
});

describe("the exact Gaussian JKO step of the OU energy", () => {
  it("reduces to the scalar recursion (1 + a)σ′² − σσ′ − a = 0 in 1D", () => {
    // oracle: the 1D JKO recursion (docs/errata.md), to round-off.
    const a = 0.1;
    const g = ouJkoStep(
      matrix(1, 1, [1]),
      Float64Array.from([0]),
      a,
      gaussian({ mean: [0.5], cov: [[0.25]] }),
    );
    const sigma = (0.5 + Math.sqrt(0.25 + 4 * (1 + a) * a)) / (2 * (1 + a));
    expect(g.mean[0]).toBeCloseTo(0.5 / (1 + a), 14);
    expect(g.cov.data[0]).toBeCloseTo(sigma * sigma, 13);
  });

  // Long steps too: the closed form has no contraction condition (the damped fixed point it
  // replaced gave up at a = 0.1125 on the d = 16 OU target).
  it.each([0.05, 0.5, 3])(
    "meets the optimality conditions in 3D with a non-commuting A and Σ, a = %s",
    (a) => {
      // oracle: T(y) = y + a(A(y − b) − P⁻¹(y − m′)) must push N(m′, P) to the start:
      // M P M = Σ with M = I + aA − aP⁻¹, and T(m′) = m; residuals to 1e-12.
      const g = ouJkoStep(A, b, a, start);
      const P = g.cov.data;
      const inv = (() => {
        // 3×3 inverse by cofactors (independent of the library's Cholesky path)
        const [p, q, r, s, t, u, v, w, x] = P;
        const det = p * (t * x - u * w) - q * (s * x - u * v) + r * (s * w - t * v);
        return [
          t * x - u * w,
          r * w - q * x,
          q * u - r * t,
          u * v - s * x,
          p * x - r * v,
          r * s - p * u,
          s * w - t * v,
          q * v - p * w,
          p * t - q * s,
        ].map((c) => c / det);
      })();
      const M = Array.from(
        { length: 9 },
        (_, k) => (k % 4 === 0 ? 1 : 0) + a * A.data[k] - a * inv[k],
      );
      const mul = (X: number[], Y: ArrayLike<number>) =>
        Array.from({ length: 9 }, (_, k) =>
          [0, 1, 2].reduce((s, j) => s + X[3 * Math.floor(k / 3) + j] * Y[3 * j + (k % 3)], 0),
        );
      const MPM = mul(mul(M, P), M);
      MPM.forEach((v, k) => expect(Math.abs(v - start.cov.data[k])).toBeLessThan(1e-12));
      for (let i = 0; i < 3; i++) {
        let Tm = g.mean[i];
        for (let j = 0; j < 3; j++) Tm += a * A.data[3 * i + j] * (g.mean[j] - b[j]);
        expect(Math.abs(Tm - start.mean[i])).toBeLessThan(1e-12);
      }
    },
  );

  it("converges to the exact OU law as the step shrinks, at first order", () => {
    // oracle: ouLaw (the flow's closed form); JKO is first order in a, so SymKL (quadratic
    // in the parameter error) falls ~4× per halving: measured ratios 3.84 and 3.92; tol ≥ 3.
    const symkl = (a: number) => {
      let g = start;
      for (let k = 0; k < Math.round(0.5 / a); k++) g = ouJkoStep(A, b, a, g);
      return symKlGaussian(g, ouLaw(A, b, start, 0.5));
    };
    const [e1, e2, e3] = [0.05, 0.025, 0.0125].map(symkl);
    expect(e1 / e2).toBeGreaterThan(3);
    expect(e2 / e3).toBeGreaterThan(3);
  });
});
