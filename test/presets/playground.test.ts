import { describe, expect, it } from "vitest";
import { resolveRunConfig } from "../../src/config/runConfig.js";
import { prepareRun } from "../../src/config/run.js";
import { energyValue } from "../../src/energies/evaluate.js";
import type { Quantile1d } from "../../src/measures/types.js";
import { runResult } from "../helpers.js";

const build = (sets: string[]) => {
  const config = resolveRunConfig("playground", sets);
  return { config, exp: prepareRun(config).experiment };
};

describe("playground preset", () => {
  it("assembles F from its parts: V = x²/2 plus T·∫ρ log ρ at a Gaussian", () => {
    // oracle: closed forms ½(m² + s²) and −(T/2)·log(2πe s²) for N(m, s²). The entropy of a
    // Gaussian is evaluated in closed form (tol 1e-12); ∫V dρ by 20 000 samples, whose standard
    // error here is √(Var V / 20 000) = 1.2e-3: tol 5 standard errors.
    const [m, s, T] = [0.3, 0.4, 0.7];
    const { exp } = build([
      "potential=quadratic",
      "internal=entropy",
      `temperature=${T}`,
      `mean=${m}`,
      `std=${s}`,
    ]);
    const [potential, internal] = exp.energy.terms;
    expect([potential.name, internal.name, internal.scale]).toEqual(["quadratic", "entropy", T]);
    const value = (t: typeof potential) => energyValue({ terms: [t] }, exp.initial);
    expect(value(internal)).toBeCloseTo(-(T / 2) * Math.log(2 * Math.PI * Math.E * s * s), 12);
    const se = Math.sqrt((0.25 * (2 * s ** 4 + 4 * m * m * s * s)) / 20_000);
    expect(Math.abs(value(potential) - 0.5 * (m * m + s * s))).toBeLessThan(5 * se);
  });

  it("jko-quantile-1d on the OU energy follows the exact Gaussian JKO recursion", async () => {
    // oracle: one JKO step of N(μ, σ²) for V = x²/2 + T·entropy is N(μ/(1+τ), σ'²) with
    // (1+τ)σ'² − σσ' − τT = 0 (first-order conditions on the Gaussian family, which the
    // step preserves). The quantile measure's mean matches to round-off (measured 1e-16,
    // tol 1e-9); its std is the root-mean-square of (i+½)/n quantiles, biased by the cut
    // tails: measured 3.4e-4 relative at n = 400, tol 2e-3.
    const [T, tau, steps] = [0.5, 0.05, 20];
    const r = await runResult(
      resolveRunConfig("playground", [
        "potential=quadratic",
        "internal=entropy",
        `temperature=${T}`,
        "scheme=jko-quantile-1d",
        "n=400",
        `dt=${tau}`,
        `until=${tau * steps}`,
        "save_every=1",
      ]),
    );
    expect(r.status).toBe("ok");
    let [mu, sigma] = [0.3, 0.3];
    for (let k = 0; k < steps; k++) {
      mu /= 1 + tau;
      sigma = (sigma + Math.sqrt(sigma * sigma + 4 * (1 + tau) * tau * T)) / (2 * (1 + tau));
    }
    const q = (r.final.measure as Quantile1d).values;
    const mean = q.reduce((a, v) => a + v, 0) / q.length;
    const std = Math.sqrt(q.reduce((a, v) => a + (v - mean) ** 2, 0) / q.length);
    expect(Math.abs(mean - mu)).toBeLessThan(1e-9);
    expect(Math.abs(std / sigma - 1)).toBeLessThan(2e-3);
  });

  it("a scheme that cannot run the energy, or a kernel of the wrong dimension, is refused with advice", async () => {
    expect(() => build(["scheme=interaction-ode"])).toThrow(
      /"interaction-ode" cannot run this problem: it does not take entropy.*schemes that can: langevin/s,
    );
    expect(() => build(["interaction=coulomb"])).toThrow(/2D one.*dim = 2/s);
  });
});
