import { describe, expect, it } from "vitest";
import { forwardEuler, lagrangianScore } from "../../src/schemes/forwardEuler.js";
import { unsupportedBy } from "../../src/schemes/support.js";
import { flow } from "../../src/flow/flow.js";
import { entropy, quadratic, quartic, sum } from "../../src/energies/index.js";
import { gaussian, particles } from "../../src/measures/construct.js";
import { moments } from "../../src/measures/moments.js";
import type { Particles } from "../../src/measures/types.js";
import { key } from "../../src/random/key.js";
import { foldedPush } from "../../src/diagnostics/forwardEulerExact.js";

const ou1d = () => sum(quadratic({ A: [[1]], b: [0] }), entropy());
const variance = (m: Particles) => moments(m).cov.data[0];

/** FE on N(0, s) under KL to N(0, 1): T(x) = x − h(x − x/s) is linear, s ← s(1 − h + h/s)². */
const feGaussianVariance = (s: number, h: number, steps: number) => {
  for (let k = 0; k < steps; k++) s *= (1 - h + h / s) ** 2;
  return s;
};

describe("forward Euler with the Lagrangian (quantile-mesh) score", () => {
  it("recovers the Gaussian score −x/s from the mesh to O(Δ²)", () => {
    // oracle: ∇log N(0, 4) = −x/4. The second difference of a quantile mesh of n = 4000 is
    // accurate to ~1e-5 in the bulk (measured 3e-6 on |x| < 3); tol 1e-4.
    const g = forwardEuler({ n: 4000, score: "lagrangian" }).init(
      { energy: ou1d(), initial: gaussian({ mean: [0], cov: [[4]] }) },
      key(0),
    );
    const x = g.measure.x;
    const { score } = lagrangianScore(x);
    let worst = 0;
    for (let i = 0; i < x.length; i++)
      if (Math.abs(x[i]) < 3) worst = Math.max(worst, Math.abs(score[i] + x[i] / 4));
    expect(worst).toBeLessThan(1e-4);
  });

  it("follows the closed-form FE recursion of a Gaussian under OU, then loses stability on the mesh", async () => {
    // oracle: the FE map of a centred Gaussian is linear (see feGaussianVariance). Tol 1e-3
    // relative: the mesh truncates the tails at level 1/(2n) (measured 2e-4 at n = 4000).
    // The mesh score is a second difference, so FE is also an explicit parabolic scheme with
    // bound ~Δx²: rounding errors grow by ~h/Δx² per step, and at h = 0.1 the mesh folds
    // on the third step; the run must say so rather than continue.
    const h = 0.1;
    const run = await flow({
      energy: ou1d(),
      initial: gaussian({ mean: [0], cov: [[4]] }),
      dt: h,
      scheme: forwardEuler({ n: 4000, score: "lagrangian" }),
      until: 2 * h,
      key: key(0),
    });
    expect(run.status).toBe("ok");
    const exact = feGaussianVariance(4, h, 2);
    expect(Math.abs(variance(run.final.measure as Particles) / exact - 1)).toBeLessThan(1e-3);
    const longer = await flow({
      energy: ou1d(),
      initial: gaussian({ mean: [0], cov: [[4]] }),
      dt: h,
      scheme: forwardEuler({ n: 4000, score: "lagrangian" }),
      until: 10 * h,
      key: key(0),
    });
    expect(longer.status).toBe("unstable");
    expect(longer.advice).toMatch(/Δx²\/\(2D\)/);
  });

  it("detects the fold of seed 000 example 1 at x* = √((1+h)/(3h)) and ends unstable with advice", async () => {
    // oracle: T'(x) = 1 + h − 3hx² vanishes at x*; the mesh spacing near x* is ~1e-3 (n = 4000)
    const h = 0.2;
    const run = await flow({
      energy: sum(quartic(), entropy()),
      initial: gaussian({ mean: [0], cov: [[1]] }),
      dt: h,
      scheme: forwardEuler({ n: 4000, score: "lagrangian" }),
      until: 3 * h,
      key: key(0),
    });
    expect(run.status).toBe("unstable");
    expect(run.steps).toBe(1);
    const folds = [...run.advice!.matchAll(/\[(-?[\d.]+), (-?[\d.]+)\]/g)].map((m) => [
      Number(m[1]),
      Number(m[2]),
    ]);
    const xs = foldedPush(h).foldLabel;
    expect(folds.some(([a]) => Math.abs(a - xs) < 3e-3)).toBe(true);
    expect(folds.some(([, b]) => Math.abs(b + xs) < 3e-3)).toBe(true);
    const percent = Number(/([\d.]+)% of the mass/.exec(run.advice!)![1]);
    expect(Math.abs(percent / 100 - foldedPush(h).massBeyond)).toBeLessThan(2e-3);
    expect(run.advice).toMatch(/smaller dt|implicit/);
  });

  it("rejects bad input with a fix", () => {
    expect(() => forwardEuler({ bandwidth: 0 })).toThrow(/bandwidth = 0 is out of range/);
    const scheme = forwardEuler({ score: "lagrangian" });
    expect(
      unsupportedBy(scheme.supports, {
        energy: entropy(),
        initial: gaussian({
          mean: [0, 0],
          cov: [
            [1, 0],
            [0, 1],
          ],
        }),
      }),
    ).toMatch(/1D/);
    expect(() =>
      forwardEuler({ score: "kde" }).init(
        { energy: entropy(), initial: particles([0], 1) },
        key(0),
      ),
    ).toThrow(/N ≥ 2/);
  });
});

describe("forward Euler with the KDE score", () => {
  it("flags det ∇T ≤ 0 in 2D when the step folds the map", async () => {
    // oracle: for V = |x|⁴/4 and ρ0 = N(0, I), ∇T = I − h(∇²V + I) has det ≤ 0 where
    // 1 + h − 3h|x|² ≤ 0 along the radius: |x| ≥ 1.41 at h = 0.2, ~37 % of the particles.
    const run = await flow({
      energy: sum(quartic(), entropy()),
      initial: gaussian({
        mean: [0, 0],
        cov: [
          [1, 0],
          [0, 1],
        ],
      }),
      dt: 0.2,
      scheme: forwardEuler({ n: 400, score: "kde" }),
      until: 0.6,
      key: key(1),
    });
    expect(run.status).toBe("unstable");
    expect(run.advice).toMatch(/det ∇T ≤ 0 at \d+ of 400 particles/);
  });
});
