/**
 * ½MMD²(ρ, ν) for a Gaussian kernel k(x, y) = e^{−|x−y|²/(2s²)} and target samples ν, as an
 * energy of the usual kinds: ½∬k dρdρ is an interaction (W = k, a repulsion) and
 * −∫(k∗ν) dρ a potential (attraction to the samples); ½∬k dνdν is the constant left out.
 * So the MMD flow (Arbel et al. 2019) is the interaction ODE of this energy.
 */
import { ConfigError } from "../core/errors.js";
import type { Particles } from "../measures/types.js";
import type { Energy, RadialKernel } from "./types.js";
import { samplePotential } from "./samplePotential.js";

export function gaussianBumpKernel(width: number): RadialKernel {
  if (!(width > 0) || !Number.isFinite(width))
    throw new ConfigError(`the MMD kernel width must be > 0, got ${width}`);
  const inv = 1 / (2 * width * width);
  return {
    name: `gaussian-bump(${width})`,
    w: (r2) => Math.exp(-r2 * inv),
    c: (r2) => -2 * inv * Math.exp(-r2 * inv),
    singularAtZero: false,
    gaussianWidth: width,
  };
}

export function mmdEnergy(target: Particles, width: number): Energy {
  if (target.n < 1) throw new ConfigError("the MMD target needs at least one sample");
  const kernel = gaussianBumpKernel(width);
  const inv = 1 / (2 * width * width);
  return {
    terms: [
      { type: "interaction", name: "mmd-repulsion", scale: 1, kernel },
      samplePotential(
        target,
        "mmd-attraction",
        (r2) => -Math.exp(-r2 * inv),
        (r2) => 2 * inv * Math.exp(-r2 * inv),
        { kernel: "gaussian", width },
      ),
    ],
  };
}

/** ½MMD²(ρ, ν) between two particle sets, constants included (for metrics). */
export function halfMmdSquared(p: Particles, q: Particles, width: number): number {
  const inv = 1 / (2 * width * width);
  const mean = (a: Particles, b: Particles) => {
    let s = 0;
    for (let i = 0; i < a.n; i++)
      for (let j = 0; j < b.n; j++) {
        let r2 = 0;
        for (let c = 0; c < a.d; c++) r2 += (a.x[i * a.d + c] - b.x[j * b.d + c]) ** 2;
        s +=
          (a.weights ? a.weights[i] : 1 / a.n) *
          (b.weights ? b.weights[j] : 1 / b.n) *
          Math.exp(-r2 * inv);
      }
    return s;
  };
  return 0.5 * (mean(p, p) - 2 * mean(p, q) + mean(q, q));
}

/**
 * The same construction for the energy-distance kernel k(x, y) = −|x − y| (seed 004's MMD
 * panel): W = −|x| (repulsion; ∇W undefined at 0, so pairs j = i are skipped) and the
 * potential V(x) = ∫|x − y| dν(y) (attraction). ½MMD² is then half the energy distance.
 */
export const distanceKernel: RadialKernel = {
  name: "energy-distance",
  w: (r2) => -Math.sqrt(r2),
  c: (r2) => -1 / Math.sqrt(r2),
  singularAtZero: true,
};

export function energyDistanceEnergy(target: Particles): Energy {
  if (target.n < 1) throw new ConfigError("the target needs at least one sample");
  return {
    terms: [
      { type: "interaction", name: "energy-distance-repulsion", scale: 1, kernel: distanceKernel },
      samplePotential(target, "energy-distance-attraction", Math.sqrt, (r2) => 1 / Math.sqrt(r2), {
        kernel: "distance",
      }),
    ],
  };
}
