/**
 * Seed 002 §10, propagation of chaos: N McKean–Vlasov particles
 *   dX_i = (−∇V(X_i) − (1/N)Σ_j ∇W(X_i − X_j)) dt + √(2σ) dB_i,  V = x²/2, W = κx²/2,
 * against their mean-field limit. Both terms are quadratic, so the limit law stays Gaussian:
 * mean m₀e^{−t}, variance v∞ + (v₀ − v∞)e^{−2(1+κ)t} with v∞ = σ/(1 + κ) — an exact reference.
 * The run follows one N against that limit; at the end a sweep over N (10² … 10⁵, a few
 * repetitions each) measures the exact W2 between the empirical law and the mean-field law of
 * the same Euler–Maruyama scheme (schemeLaw) at the final time, and fits its rate in N.
 */
import { z } from "zod";
import { scale, sum } from "../energies/combine.js";
import { interaction } from "../energies/interaction.js";
import { entropy } from "../energies/internal.js";
import { quadratic } from "../energies/potential.js";
import { gaussian } from "../measures/construct.js";
import { momentsOf } from "../ot/gaussian.js";
import type { Measure } from "../measures/types.js";
import { w2ToGaussian1d } from "../ot/oneD.js";
import { type Key, foldIn, split } from "../random/key.js";
import { langevin } from "../schemes/langevin.js";
import { logLogSlope } from "../core/reduce.js";
import { ConfigError } from "../core/errors.js";
import { energyParts } from "../energies/parts.js";
import { coordinates1d } from "./metrics.js";
import { definePreset } from "./types.js";

const M0 = 2;
const V0 = 0.25;

/** The mean-field law at time t: N(mean, variance). */
export function meanFieldLaw(t: number, kappa: number, sigma: number) {
  const vInf = sigma / (1 + kappa);
  return {
    mean: M0 * Math.exp(-t),
    variance: vInf + (V0 - vInf) * Math.exp(-2 * (1 + kappa) * t),
  };
}

/**
 * The mean-field law of the Euler–Maruyama scheme itself after k steps of h: the mean
 * contracts by (1 − h), the variance follows v ← (1 − h(1+κ))²v + 2σh (the interaction
 * pulls towards the mean, which the limit knows exactly). Against this law the sweep sees
 * the finite-N error alone, not the step's O(h) bias.
 */
export function schemeLaw(steps: number, h: number, kappa: number, sigma: number) {
  let variance = V0;
  for (let k = 0; k < steps; k++) variance = (1 - h * (1 + kappa)) ** 2 * variance + 2 * sigma * h;
  return { mean: M0 * (1 - h) ** steps, variance };
}

export const propagationOfChaosPreset = definePreset({
  name: "propagation-of-chaos",
  summary:
    "McKean–Vlasov particles against their exact Gaussian mean-field limit; W2 for N = 10²…10⁵ and its rate in N (seed 002 §10)",
  source: "seed 002 §10 (propagation of chaos)",
  params: z
    .object({
      kappa: z.number().min(0).max(10).default(1).describe("interaction strength κ in W = κx²/2"),
      sigma: z.number().positive().max(10).default(1).describe("noise (entropy weight) σ"),
      sweep: z
        .array(z.number().int().min(2).max(1_000_000))
        .min(2)
        .default([100, 316, 1000, 3162, 10_000, 31_623, 100_000])
        .describe("particle counts of the sweep at the end"),
      repeats: z.number().int().min(1).max(100).default(4).describe("repetitions per count"),
    })
    .strict(),
  time: { dt: 0.01, until: 1, save_every: 0.1 },
  scheme: { name: "langevin", params: { n: 1000 } },
  build(p, { key: k, time }) {
    const { dt, until } = time;
    const steps = Math.round(until / dt);
    if (Math.abs(until / dt - steps) > 1e-9)
      throw new ConfigError(
        `until = ${until} is not a whole number of steps dt = ${dt} (the sweep compares at t = until)`,
        "make until a multiple of dt",
      );
    const energy = sum(
      quadratic({ A: [[1]], b: [0] }),
      scale(interaction("quadratic"), p.kappa),
      scale(entropy(), p.sigma),
    );
    const initial = gaussian({ mean: [M0], cov: [[V0]] });
    const w2ToLimit = (m: Measure, t: number): number => {
      const law = meanFieldLaw(t, p.kappa, p.sigma);
      return w2ToGaussian1d(coordinates1d(m), law.mean, Math.sqrt(law.variance));
    };
    /** One N-particle run to `until` with the same scheme, synchronously; the final W2. */
    const simulate = (n: number, runKey: Key): number => {
      const scheme = langevin({ n });
      const problem = { energy, initial };
      const parts = energyParts(energy);
      const [initKey, stepKey] = split(runKey, 2);
      let state = scheme.init(problem, initKey);
      for (let s = 0; s < steps; s++)
        state = scheme.step(state, { problem, parts, dt, key: foldIn(stepKey, s), attempt: 0 });
      const law = schemeLaw(steps, dt, p.kappa, p.sigma);
      return w2ToGaussian1d(state.measure.x, law.mean, Math.sqrt(law.variance));
    };
    return {
      energy,
      initial,
      metrics: {
        "w2:mean-field": w2ToLimit,
        "mean-error": (m, t) => momentsOf(m).mean[0] - meanFieldLaw(t, p.kappa, p.sigma).mean,
        "variance-ratio": (m, t) =>
          momentsOf(m).cov.data[0] / meanFieldLaw(t, p.kappa, p.sigma).variance,
      },
      events: () => {
        const w2 = p.sweep.map((n, a) => {
          let total = 0;
          for (let r = 0; r < p.repeats; r++) total += simulate(n, foldIn(foldIn(k, a), r));
          return total / p.repeats;
        });
        return {
          ...Object.fromEntries(p.sweep.map((n, a) => [`w2:N=${n}`, w2[a]])),
          "rate-exponent": logLogSlope(p.sweep, w2),
        };
      },
      problem: {
        potential: "V = x²/2",
        interaction: `W = ${p.kappa}·x²/2`,
        noise: p.sigma,
        initial: `N(${M0}, ${V0})`,
        limit: "Gaussian: mean 2e^{−t}, variance σ/(1+κ) + (0.25 − σ/(1+κ))e^{−2(1+κ)t}",
      },
      view: { range: [-3, 4] },
    };
  },
});
