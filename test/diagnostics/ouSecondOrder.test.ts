import { describe, expect, it } from "vitest";
import { matrix } from "../../src/core/matrix.js";
import {
  barenblatt,
  barenblattJkoScale,
  barenblattScale,
} from "../../src/diagnostics/barenblatt.js";
import { barenblattBdf2Scale, barenblattMidpointScale } from "../../src/diagnostics/barenblatt.js";
import {
  gaussianMapMatrix,
  ouBdf2Step,
  ouJkoStep,
  ouLaw,
  ouMidpointStep,
} from "../../src/diagnostics/ou.js";
import { gaussian } from "../../src/measures/construct.js";
import type { Gaussian } from "../../src/measures/types.js";
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
const one = matrix(1, 1, [1]);
const zero = Float64Array.from([0]);
const g1 = (m: number, s: number) => gaussian({ mean: [m], cov: [[s * s]] });
/** The 1D JKO recursion for σ (docs/guide/jko.md): (1 + a)σ′² − σσ′ − a = 0. */
const jkoSigma = (s: number, a: number) => (s + Math.sqrt(s * s + 4 * (1 + a) * a)) / (2 * (1 + a));

/** The iterates of a time scheme from `start` to t, constant step a (BDF2: a JKO first step). */
function iterate(scheme: "jko" | "midpoint" | "bdf2", a: number, t: number): Gaussian {
  let [prev, g] = [start as Gaussian, start as Gaussian];
  for (let k = 0; k < Math.round(t / a); k++) {
    const next =
      scheme === "jko" || (scheme === "bdf2" && k === 0)
        ? ouJkoStep(A, b, a, g)
        : scheme === "midpoint"
          ? ouMidpointStep(A, b, a, g)
          : ouBdf2Step(A, b, a, g, prev);
    [prev, g] = [g, next];
  }
  return g;
}

describe("the exact midpoint and BDF2 steps of a Gaussian under the OU energy", () => {
  it("midpoint: reduces in 1D to σ′ = 2σ½ − σ, m′ = 2m½ − m", () => {
    // oracle: the scalar JKO recursion at a/2 and the 1D extrapolation Q′ = 2Q½ − Q; round-off.
    const a = 0.2;
    const g = ouMidpointStep(one, zero, a, g1(0.5, 0.5));
    const half = jkoSigma(0.5, a / 2);
    expect(g.mean[0]).toBeCloseTo(2 * (0.5 / (1 + a / 2)) - 0.5, 14);
    expect(Math.sqrt(g.cov.data[0])).toBeCloseTo(2 * half - 0.5, 13);
  });

  it("midpoint: its mean follows the Euclidean implicit midpoint rule in 3D", () => {
    // oracle: the mean obeys m′ − b = (I + aA/2)⁻¹(I − aA/2)(m − b), solved here by Cramer's
    // rule independently of the library's Cholesky path; round-off (1e-12).
    const a = 0.1;
    const g = ouMidpointStep(A, b, a, start);
    // (I + aA/2)(m′ − b) = (I − aA/2)(m − b)
    const lhs = Array.from({ length: 3 }, (_, i) =>
      [0, 1, 2].reduce(
        (s, j) => s + ((i === j ? 1 : 0) + (a / 2) * A.data[3 * i + j]) * (g.mean[j] - b[j]),
        0,
      ),
    );
    const rhs = Array.from({ length: 3 }, (_, i) =>
      [0, 1, 2].reduce(
        (s, j) => s + ((i === j ? 1 : 0) - (a / 2) * A.data[3 * i + j]) * (start.mean[j] - b[j]),
        0,
      ),
    );
    lhs.forEach((v, i) => expect(Math.abs(v - rhs[i])).toBeLessThan(1e-12));
  });

  it("midpoint: refuses a step whose extrapolated map folds", () => {
    // oracle: in 1D the map's slope is 2/M − 1, M = 1 + (a/2)(1 − 1/σ½²): from σ = 3 with
    // a = 4, σ½ = 1.457 (scalar recursion) and M = 2.06 > 2; at a = 3, M = 1.90 < 2.
    expect(() => ouMidpointStep(one, zero, 4, g1(0, 3))).toThrow(/folds/);
    expect(() => ouMidpointStep(one, zero, 3, g1(0, 3))).not.toThrow();
  });

  it("BDF2: reduces in 1D to a JKO step of 2a/3 from the quantile (4Q_n − Q_{n−1})/3", () => {
    // oracle: in 1D W2 is the L² distance of quantile functions, so (1/a)|Q − Q_n|² −
    // (1/4a)|Q − Q_{n−1}|² = (3/4a)|Q − (4Q_n − Q_{n−1})/3|² + const: the scalar recursion.
    const a = 0.1;
    const g = ouBdf2Step(one, zero, a, g1(0.4, 0.6), g1(0.5, 0.5));
    const [m, s] = [(4 * 0.4 - 0.5) / 3, (4 * 0.6 - 0.5) / 3];
    expect(g.mean[0]).toBeCloseTo(m / (1 + (2 * a) / 3), 14);
    expect(Math.sqrt(g.cov.data[0])).toBeCloseTo(jkoSigma(s, (2 * a) / 3), 12);
  });

  it("BDF2: meets its optimality conditions in 3D with non-commuting covariances", () => {
    // oracle: 2α(I − G_n) − 2β(I − G_{n−1}) + A − P⁻¹ = 0 with α = 1/a, β = 1/4a, and
    // G_n P G_n = Σ_n (G_n the optimal map); residuals to 1e-10 (P⁻¹ by the 3×3 cofactors).
    const a = 0.05;
    const previous = start;
    const current = ouJkoStep(A, b, a, start);
    const g = ouBdf2Step(A, b, a, current, previous);
    const P = g.cov;
    const [p, q, r, s, t, u, v, w, x] = P.data;
    const det = p * (t * x - u * w) - q * (s * x - u * v) + r * (s * w - t * v);
    const inv = [
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
    const Gn = gaussianMapMatrix(P, current.cov).data;
    const Gp = gaussianMapMatrix(P, previous.cov).data;
    for (let k = 0; k < 9; k++) {
      const I = k % 4 === 0 ? 1 : 0;
      const residual = (2 / a) * (I - Gn[k]) - (1 / (2 * a)) * (I - Gp[k]) + A.data[k] - inv[k];
      expect(Math.abs(residual)).toBeLessThan(1e-10);
    }
    const mul = (X: ArrayLike<number>, Y: ArrayLike<number>) =>
      Array.from({ length: 9 }, (_, k) =>
        [0, 1, 2].reduce((acc, j) => acc + X[3 * Math.floor(k / 3) + j] * Y[3 * j + (k % 3)], 0),
      );
    mul(mul(Gn, P.data), Gn).forEach((val, k) =>
      expect(Math.abs(val - current.cov.data[k])).toBeLessThan(1e-12),
    );
  });

  it("both converge to the exact OU law at second order, JKO at first", () => {
    // oracle: ouLaw. SymKL is quadratic in the error, so second order divides it by ~16 per
    // halving of a and first order by ~4 (measured: midpoint 16.0–16.1, BDF2 17.0–19.7, JKO
    // 3.83–3.91); tol 12 and 3.
    const ratio = (scheme: "jko" | "midpoint" | "bdf2") => {
      const law = ouLaw(A, b, start, 0.8);
      const [e1, e2, e3] = [0.1, 0.05, 0.025].map((a) =>
        symKlGaussian(iterate(scheme, a, 0.8), law),
      );
      return [e1 / e2, e2 / e3];
    };
    for (const r of ratio("jko")) expect(r).toBeGreaterThan(3);
    for (const r of ratio("midpoint")) expect(r).toBeGreaterThan(12);
    for (const r of ratio("bdf2")) expect(r).toBeGreaterThan(12);
  });
});

describe("the exact midpoint and BDF2 steps in the Barenblatt family", () => {
  it("converge to the Barenblatt solution's scale at second order", () => {
    // oracle: the exact PDE scale s(t) = (t + t₀)^{1/3} (m = 2); the relative scale error is
    // the relative W2 error. Second order divides it by ~4 per halving (measured: midpoint
    // 3.97–3.99, BDF2 3.69–3.77 — still pre-asymptotic from its first-order starting step —,
    // JKO 1.93–1.96); tol 3.6 and 1.8.
    const B = barenblatt(2);
    const [t0, until] = [0.1, 0.5];
    const error = (scheme: "jko" | "midpoint" | "bdf2", tau: number) => {
      let [prev, s] = [barenblattScale(2, 0, t0), barenblattScale(2, 0, t0)];
      for (let k = 0; k < Math.round(until / tau); k++) {
        const next =
          scheme === "jko" || (scheme === "bdf2" && k === 0)
            ? barenblattJkoScale(B, s, tau)
            : scheme === "midpoint"
              ? barenblattMidpointScale(B, s, tau)
              : barenblattBdf2Scale(B, s, prev, tau);
        [prev, s] = [s, next];
      }
      return Math.abs(s / barenblattScale(2, until, t0) - 1);
    };
    for (const [scheme, tol] of [
      ["jko", 1.8],
      ["midpoint", 3.6],
      ["bdf2", 3.6],
    ] as const) {
      const [e1, e2, e3] = [0.05, 0.025, 0.0125].map((tau) => error(scheme, tau));
      expect(e1 / e2).toBeGreaterThan(tol);
      expect(e2 / e3).toBeGreaterThan(tol);
    }
  });
});
