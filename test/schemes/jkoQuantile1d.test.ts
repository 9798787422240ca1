import { describe, expect, it } from "vitest";
import { jkoQuantile1d, jkoQuantileStep, quantileEnergy } from "../../src/schemes/jkoQuantile1d.js";
import { quantileBoundaries } from "../../src/schemes/quantileBoundaries.js";
import { barenblatt, barenblattJkoScale } from "../../src/diagnostics/barenblatt.js";
import { tabulateDensity } from "../../src/diagnostics/density1d.js";
import { doubleWell, interaction, kl, porousMedium, quadratic } from "../../src/energies/index.js";
import { gaussian, particles } from "../../src/measures/construct.js";
import { normalQuantile } from "../../src/core/special.js";
import { flow } from "../../src/flow/flow.js";
import { key } from "../../src/random/key.js";

/** ∫₀¹ |Q_x(s) − Q_ref(s)|² ds with Q_x linear between the boundaries, by 32-point sub-quadrature per cell. */
function w2ToQuantileFn(x: Float64Array, ref: (s: number) => number): number {
  const n = x.length - 1;
  let total = 0;
  for (let i = 0; i < n; i++)
    for (let k = 0; k < 32; k++) {
      const f = (k + 0.5) / 32;
      total += (x[i] + f * (x[i + 1] - x[i]) - ref((i + f) / n)) ** 2 / (32 * n);
    }
  return Math.sqrt(total);
}

/** JKO of N(μ, σ²) for F = ∫ρ log ρ + a(x−b)²/2 stays Gaussian (derived in docs/verification.md). */
function gaussianJko(mu: number, sd: number, tau: number, a: number, b: number): [number, number] {
  const k = 1 / tau + a;
  return [
    (mu + tau * a * b) / (1 + tau * a),
    (sd / tau + Math.sqrt((sd * sd) / (tau * tau) + 4 * k)) / (2 * k),
  ];
}

describe("exact 1D JKO in quantile coordinates", () => {
  const a = 2;
  const b = 1;
  const tau = 0.1;
  const F = kl(quadratic({ A: [[a]], b: [b] }));

  function run(n: number): { error: number; energies: number[] } {
    let x = quantileBoundaries(gaussian({ mean: [0], cov: [[1]] }), n);
    let [mu, sd] = [0, 1];
    const energies = [quantileEnergy(x, F)];
    for (let k = 0; k < 10; k++) {
      x = jkoQuantileStep(x, tau, F).x;
      [mu, sd] = gaussianJko(mu, sd, tau, a, b);
      energies.push(quantileEnergy(x, F));
    }
    return { error: w2ToQuantileFn(x, (s) => mu + sd * normalQuantile(s)), energies };
  }

  it("follows the Gaussian JKO recursion of the OU flow, converging in n", () => {
    // oracle: the exact JKO iterates N(μ_k, σ_k²); the error is spatial (the quantile grid truncates the
    // Gaussian tails): measured 4.2e-3 at n = 1000 and 2.0e-3 at n = 4000 (order ≈ ½ in n).
    const coarse = run(1000);
    const fine = run(4000);
    expect(coarse.error).toBeLessThan(6e-3);
    expect(fine.error).toBeLessThan(0.6 * coarse.error);
  });

  it("decreases the discrete energy at every step", () => {
    // oracle: F(x_{k+1}) + W2²/(2τ) ≤ F(x_k) for a minimiser
    const { energies } = run(500);
    for (let k = 1; k < energies.length; k++) expect(energies[k]).toBeLessThan(energies[k - 1]);
  });

  it("keeps the Barenblatt family: matches the exact JKO iterates of the porous medium", () => {
    // oracle: the scalar recursion for the scale (diagnostics/barenblatt.ts); tol 1e-4 in W2
    // (the boundary cells at the free boundary carry the spatial error)
    for (const m of [2, 3]) {
      const B = barenblatt(m);
      const n = 2000;
      let s = 0.2;
      let x: Float64Array = Float64Array.from(
        { length: n + 1 },
        (_, i) => s * B.table.quantile(i / n),
      );
      for (let k = 0; k < 30; k++) {
        x = jkoQuantileStep(x, 0.001, porousMedium(m)).x;
        s = barenblattJkoScale(B, s, 0.001);
      }
      expect(w2ToQuantileFn(x, (q) => s * B.table.quantile(q))).toBeLessThan(1e-4);
    }
  });

  it("handles a non-convex potential (double well) and reaches the Gibbs density", async () => {
    // oracle: the stationary law e^{−V}/Z tabulated; after t = 20 the W2 error is spatial only (< 2e-2 at n = 800)
    const run = await flow({
      energy: kl(doubleWell()),
      initial: gaussian({ mean: [0.2], cov: [[0.09]] }),
      dt: 0.25,
      scheme: jkoQuantile1d({ n: 800 }),
      until: 20,
      key: key(0),
    });
    expect(run.status).toBe("ok");
    const gibbs = tabulateDensity((y) => -((y * y - 1) ** 2), -4, 4, 40000);
    const state = run.final as unknown as { x: Float64Array };
    expect(w2ToQuantileFn(state.x, gibbs.quantile)).toBeLessThan(2e-2);
    for (let k = 1; k < run.history.energy.length; k++)
      expect(run.history.energy[k]).toBeLessThanOrEqual(run.history.energy[k - 1] + 1e-12);
  });

  it("interaction: the log gas settles on the semicircle law, converging in n", async () => {
    // oracle: for W = x²/2 − ln|x| the steady state is √(2 − x²)/π about the (conserved) centre of
    // mass; measured W2 4.7e-3 at n = 100 and 2.3e-3 at n = 200 (first order)
    const semi = tabulateDensity(
      (y) => 0.5 * Math.log(Math.max(1e-300, 2 - y * y)),
      -Math.SQRT2,
      Math.SQRT2,
      100_000,
    );
    const errors: number[] = [];
    for (const n of [100, 200]) {
      const run = await flow({
        energy: interaction("log"),
        initial: gaussian({ mean: [0.3], cov: [[0.25]] }),
        dt: 0.25,
        scheme: jkoQuantile1d({ n }),
        until: 15,
        key: key(0),
      });
      expect(run.status).toBe("ok");
      const state = run.final as unknown as { x: Float64Array };
      errors.push(w2ToQuantileFn(state.x, (q) => 0.3 + semi.quantile(q)));
    }
    expect(errors[0]).toBeLessThan(6e-3);
    expect(errors[1]).toBeLessThan(0.6 * errors[0]);
  });

  it("names what it cannot do", async () => {
    const base = {
      initial: gaussian({ mean: [0], cov: [[1]] }),
      dt: 0.1,
      scheme: jkoQuantile1d({ n: 50 }),
      until: 1,
      key: key(0),
    };
    await expect(
      flow({
        ...base,
        energy: interaction("ring"),
        initial: gaussian({
          mean: [0, 0],
          cov: [
            [1, 0],
            [0, 1],
          ],
        }),
      }),
    ).rejects.toThrow(/runs in 1D; the problem is 2D/);
    await expect(
      flow({ ...base, energy: porousMedium(2), initial: particles([0, 1, 1, 2, 3], 1) }),
    ).rejects.toThrow(/atom/);
    await expect(flow({ ...base, energy: porousMedium(2), dt: 0 })).rejects.toThrow(
      /dt must be a positive step/,
    );
    expect(() => quantileBoundaries(gaussian({ mean: [0], cov: [[1]] }), 2)).toThrow(/n ≥ 3/);
  });
});
